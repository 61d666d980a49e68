import { describe, expect, it } from "vitest";
import { describeClusters, featureLabel, profileName, stability } from "../../../src/lib/cluster/describe.js";
import { kmeans } from "../../../src/lib/cluster/kmeans.js";
import { pca, symmetricEigen } from "../../../src/lib/stats/pca.js";
import { prepare } from "../../../src/lib/cluster/prepare.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

describe("describeClusters", () => {
  // Two clusters on a line: {0, 1} and {4, 5}, clustered as they are, with no scaling.
  const columns = { x: [0, 1, 4, 5] };
  const prepared = prepare(columns, ["x"], { scaling: "none" });
  const labels = [0, 0, 1, 1];
  const centroids = [[0.5], [4.5]];

  it("sizes, shares, centroids and means against the overall mean", () => {
    const { clusters } = describeClusters(prepared, labels, centroids, { columns });
    expect(clusters.map((c) => [c.size, c.share])).toEqual([[2, 0.5], [2, 0.5]]);
    expect(clusters[0].centroid).toEqual({ x: 0.5 });
    expect(clusters[1].features[0]).toMatchObject({ name: "x", mean: 4.5, overallMean: 2.5, difference: 2, ratio: 1.8 });
    // overall SD = sqrt(17 / 4); standardized difference (4.5 − 2.5) / SD
    expect(clusters[1].features[0].standardized).toBeCloseTo(2 / Math.sqrt(17 / 4), 15);
  });

  it("variance explained and the F statistic, by hand", () => {
    // total SS = 6.25 + 2.25 + 2.25 + 6.25 = 17, within = 4 · 0.25 = 1, between = 16.
    const d = describeClusters(prepared, labels, centroids);
    expect(d.varianceExplained).toBeCloseTo(16 / 17, 15);
    expect(d.features[0]).toMatchObject({ name: "x", between: 16, within: 1, total: 17 });
    expect(d.features[0].F).toBe(32); // (16 / (2 − 1)) / (1 / (4 − 2))
  });

  it("means in original units under a log transform; centroids mapped back", () => {
    const money = { m: [10, 12, 1000, 1200] };
    const p = prepare(money, ["m"], { scaling: "zscore", log: ["m"] });
    const fit = kmeans(p.data, p.n, p.d, { k: 2, seed: 1 });
    const d = describeClusters(p, fit.labels, fit.centroids, { columns: money });
    const big = d.clusters.find((c) => c.features[0].mean > 100)!;
    expect(big.features[0].mean).toBe(1100);
    expect(big.features[0].overallMean).toBe(555.5);
    // the centroid of the logged values, back in money: the geometric-like mean of 1000 and 1200
    expect(big.centroid.m).toBeCloseTo(Math.expm1((Math.log1p(1000) + Math.log1p(1200)) / 2), 9);
  });

  it("names clusters from their profile unless names are given", () => {
    const d = describeClusters(prepared, labels, centroids, { names: { "1": "Big" } });
    expect(d.clusters.map((c) => c.name)).toEqual(["Low x", "Big"]);
    expect(d.clusters[1].profileName).toBe("High x");
  });
});

describe("profileName", () => {
  it("takes the one or two features furthest from average (|z| ≥ 0.5)", () => {
    expect(profileName([{ name: "recency_days", standardized: -1.2 }, { name: "monetary", standardized: 2 }, { name: "frequency", standardized: 0.7 }])).toBe(
      "High monetary, low recency days",
    );
    expect(profileName([{ name: "a", standardized: 0.2 }, { name: "b", standardized: -0.4 }])).toBe("Close to average");
    expect(featureLabel("avg_order_value")).toBe("avg order value");
  });
});

describe("stability", () => {
  it("is 1 for well-separated clusters, lower when the partition depends on the start", () => {
    const random = seededRandom(2);
    const n = 900;
    const separated = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      separated[2 * i] = randomNormal(random, (i % 3) * 20, 1);
      separated[2 * i + 1] = randomNormal(random, 0, 1);
    }
    const fit = kmeans(separated, n, 2, { k: 3, seed: 4, nInit: 3 });
    const s = stability(separated, n, 2, fit.labels, { k: 3, seed: 4, runs: 3 });
    expect(s.seeds).toEqual([5, 6, 7]);
    expect(s.ari).toEqual([1, 1, 1]);
    expect(s.mean).toBe(1);

    // Uniform noise in 2-D cut into 7 clusters: the boundaries move with the start.
    const noise = Float64Array.from({ length: n * 2 }, () => random());
    const fitNoise = kmeans(noise, n, 2, { k: 7, seed: 1 });
    const t = stability(noise, n, 2, fitNoise.labels, { k: 7, seed: 1, runs: 4 });
    expect(t.min).toBeLessThan(0.95);
    expect(t.min).toBeLessThanOrEqual(t.mean);
  });
});

describe("pca", () => {
  it("points on the line y = 2x: one component with all the variance", () => {
    const data = Float64Array.from([0, 0, 1, 2, 2, 4, 3, 6]);
    const p = pca(data, 4, 2);
    expect(p.explained[0]).toBeCloseTo(1, 12);
    expect(p.explained[1]).toBeCloseTo(0, 12);
    expect(p.loadings[0][0]).toBeCloseTo(1 / Math.sqrt(5), 12);
    expect(p.loadings[0][1]).toBeCloseTo(2 / Math.sqrt(5), 12);
    // coordinates: distance along the line from the mean (1.5, 3)
    expect(p.x[0]).toBeCloseTo(-1.5 * Math.sqrt(5), 12);
    expect(Array.from(p.y).every((v) => Math.abs(v) < 1e-12)).toBe(true);
  });

  it("matches scikit-learn's PCA (up to sign) on a 2-D set", () => {
    const data = Float64Array.from([0, 0, 1, 0, 0, 1, 1, 1, 5, 5, 6, 5, 5, 7, 10, 0, 11, 1, 9, 0, 10, 2, 12, 0]);
    const p = pca(data, 12, 2);
    expect(p.explained[0]).toBeCloseTo(0.775458705511653, 12);
    expect(p.explained[1]).toBeCloseTo(0.22454129448834706, 12);
    expect(p.variances[0]).toBeCloseTo(18.82641412825513, 10);
    expect(Math.abs(p.loadings[0][0])).toBeCloseTo(0.999219938968195, 12);
    expect(Math.abs(p.x[0])).toBeCloseTo(5.756383402849791, 10);
    expect(Math.abs(p.y[0])).toBeCloseTo(2.0622655038293067, 10);
  });

  it("symmetricEigen reconstructs the matrix", () => {
    const random = seededRandom(8);
    const d = 6;
    const b = Array.from({ length: d * d }, () => random() - 0.5);
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let t = 0; t < d; t++) a[i * d + j] += b[i * d + t] * b[j * d + t];
    const { values, vectors } = symmetricEigen(a, d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += vectors[i * d + t] * values[t] * vectors[j * d + t];
        expect(s).toBeCloseTo(a[i * d + j], 10);
      }
    }
  });

  it("is deterministic and signs each component so its largest loading is positive", () => {
    const random = seededRandom(3);
    const data = Float64Array.from({ length: 3000 }, () => randomNormal(random));
    const a = pca(data, 1000, 3);
    const b = pca(data, 1000, 3);
    expect(a).toEqual(b);
    for (const l of a.loadings) expect(l.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0)).toBeGreaterThan(0);
  });
});
