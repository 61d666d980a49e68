import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { cramersV, describeMixed } from "../../../src/lib/cluster/describeMixed.js";
import { kmeans } from "../../../src/lib/cluster/kmeans.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";
import { assignMixed, defaultGamma, embedMixed, fitMixed, GAMMA_FACTOR, prepareMixed, prototypesInOriginalUnits } from "../../../src/lib/cluster/mixed.js";
import { evaluateMixed, stabilityMixed, sweepMixed } from "../../../src/lib/cluster/mixedMeasures.js";
import { prepare } from "../../../src/lib/cluster/prepare.js";
import { runAttributeSegmentation } from "../../../src/lib/segments/attributeSegmentation.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

/** Three groups of customers: age and income set them apart, and so does their channel (with some noise). */
function threeGroups(perGroup: number, seed = 7) {
  const r = seededRandom(seed);
  const age: number[] = [];
  const income: number[] = [];
  const channel: string[] = [];
  const truth: number[] = [];
  const centres = [
    { age: 25, income: 30_000, channel: "online" },
    { age: 45, income: 90_000, channel: "store" },
    { age: 70, income: 40_000, channel: "phone" },
  ];
  centres.forEach((c, g) => {
    for (let i = 0; i < perGroup; i++) {
      age.push(Math.round(randomNormal(r, c.age, 4)));
      income.push(Math.round(randomNormal(r, c.income, 6_000)));
      channel.push(r() < 0.85 ? c.channel : centres[(g + 1) % 3].channel);
      truth.push(g);
    }
  });
  return { numeric: { age, income }, categorical: { channel }, truth };
}

const FEATURES = { numeric: ["age", "income"], categorical: ["channel"], scaling: "zscore" as const };

describe("preparing mixed features", () => {
  it("scales numeric features as k-means does and codes categories in sorted order", () => {
    const m = prepareMixed({ x: [1, 2, 3] }, { c: ["b", "a", "b"] }, { numeric: ["x"], categorical: ["c"], scaling: "zscore" });
    expect(m.encodings).toEqual([{ name: "c", levels: ["a", "b"] }]);
    expect(Array.from(m.categorical)).toEqual([1, 0, 1]);
    expect(Array.from(m.numeric)).toEqual(Array.from(prepare({ x: [1, 2, 3] }, ["x"], { scaling: "zscore" }).data));
    expect(m.levels).toEqual([2]);
  });

  it("numbers used as categories become text; a blank category is an error naming segmentation.missing", () => {
    const m = prepareMixed({}, { region: [3, 1, 2, 1] }, { numeric: [], categorical: ["region"], scaling: "none" });
    expect(m.encodings[0].levels).toEqual(["1", "2", "3"]);
    expect(() => prepareMixed({}, { region: ["a", ""] }, { numeric: [], categorical: ["region"], scaling: "none" })).toThrow(
      'feature "region" row 2 is blank: choose how blanks are handled (segmentation.missing) before clustering',
    );
    expect(() => prepareMixed({ x: [1] }, { x: ["a"] }, { numeric: ["x"], categorical: ["x"], scaling: "none" })).toThrow(/both numeric and categorical/);
  });

  it("γ defaults to GAMMA_FACTOR × the mean standard deviation of the prepared numeric features (Huang 1997)", () => {
    expect(GAMMA_FACTOR).toBe(0.5);
    const z = prepareMixed({ a: [1, 2, 3, 4], b: [10, 0, 5, 7] }, {}, { numeric: ["a", "b"], categorical: [], scaling: "zscore" });
    expect(defaultGamma(z)).toBeCloseTo(0.5, 12);
    // Unscaled: population standard deviations √1.25 and 2, mean (√1.25 + 2) / 2.
    const raw = prepareMixed({ a: [1, 2, 3, 4], b: [0, 4, 0, 4] }, {}, { numeric: ["a", "b"], categorical: [], scaling: "none" });
    expect(defaultGamma(raw)).toBeCloseTo((0.5 * (Math.sqrt(1.25) + 2)) / 2, 12);
    expect(defaultGamma({ n: 3, p: 0, numeric: new Float64Array(0) })).toBe(1);
  });
});

describe("the embedding: squared Euclidean distance there is the k-prototypes dissimilarity", () => {
  it("for every pair of rows", () => {
    const { numeric, categorical } = threeGroups(6);
    const m = prepareMixed(numeric, categorical, FEATURES);
    const gamma = 0.8;
    const e = embedMixed(m, gamma);
    expect(e.d).toBe(2 + 3);
    for (let i = 0; i < m.n; i++) {
      for (let j = 0; j < m.n; j++) {
        let num = 0;
        for (let t = 0; t < m.p; t++) num += (m.numeric[i * m.p + t] - m.numeric[j * m.p + t]) ** 2;
        const mismatch = m.categorical[i] !== m.categorical[j] ? 1 : 0;
        let embedded = 0;
        for (let t = 0; t < e.d; t++) embedded += (e.data[i * e.d + t] - e.data[j * e.d + t]) ** 2;
        expect(embedded).toBeCloseTo(num + gamma * mismatch, 12);
      }
    }
  });
});

describe("fitting, assigning and measuring", () => {
  const { numeric, categorical, truth } = threeGroups(60);
  const fit = fitMixed(numeric, categorical, FEATURES, { k: 3, seed: 42, nInit: 4 });

  it("recovers the planted groups, with the default γ recorded in the model", () => {
    expect(adjustedRandIndex(fit.result.labels, truth)).toBeGreaterThan(0.95);
    expect(fit.model.gammaIsDefault).toBe(true);
    expect(fit.model.gamma).toBeCloseTo(0.5, 12);
    expect(fit.model.modes.map((m) => m[0]).sort()).toEqual(["online", "phone", "store"]);
    const protos = prototypesInOriginalUnits(fit.model);
    const young = protos.find((p) => p.categorical.channel === "online")!;
    expect(young.numeric.age).toBeGreaterThan(20);
    expect(young.numeric.age).toBeLessThan(30);
  });

  it("is deterministic: the same seed gives the same model and labels", () => {
    const again = fitMixed(numeric, categorical, FEATURES, { k: 3, seed: 42, nInit: 4 });
    expect(again.model).toEqual(fit.model);
    expect(Array.from(again.result.labels)).toEqual(Array.from(fit.result.labels));
  });

  it("assigns the rows it was fitted on to their own clusters, and new rows through the recorded transforms", () => {
    const same = assignMixed(fit.model, numeric, categorical);
    expect(Array.from(same.labels)).toEqual(Array.from(fit.result.labels));
    expect(same.cost).toBeCloseTo(fit.result.cost, 9);
    const onlineCluster = fit.model.modes.findIndex((m) => m[0] === "online");
    const storeCluster = fit.model.modes.findIndex((m) => m[0] === "store");
    const fresh = assignMixed(fit.model, { age: [24, 46, 26], income: [31_000, 88_000, 29_000] }, { channel: ["online", "store", "kiosk"] });
    expect(fresh.labels[0]).toBe(onlineCluster);
    expect(fresh.labels[1]).toBe(storeCluster);
    // "kiosk" was never seen: it matches no mode (counted), and age decides.
    expect(fresh.unseen).toEqual({ channel: 1 });
    expect(fresh.labels[2]).toBe(onlineCluster);
  });

  it("a larger γ lets the category lead", () => {
    // A 70-year-old who buys online: by age a phone customer, by channel an online one.
    const row = { age: [70], income: [35_000] };
    const balanced = assignMixed(fit.model, row, { channel: ["online"] });
    const heavy = fitMixed(numeric, categorical, FEATURES, { k: 3, seed: 42, nInit: 4, gamma: 50 });
    const led = assignMixed(heavy.model, row, { channel: ["online"] });
    expect(fit.model.modes[balanced.labels[0]][0]).toBe("phone");
    expect(heavy.model.modes[led.labels[0]][0]).toBe("online");
    expect(heavy.model.gammaIsDefault).toBe(false);
  });

  it("silhouette with the mixed distance √(Σ numeric² + γ × mismatches), exactly", () => {
    const small = threeGroups(8, 3);
    const m = prepareMixed(small.numeric, small.categorical, FEATURES);
    const f = fitMixed(small.numeric, small.categorical, FEATURES, { k: 3, seed: 1 });
    const gamma = f.model.gamma;
    const dist = (i: number, j: number) => {
      let s = 0;
      for (let t = 0; t < m.p; t++) s += (m.numeric[i * m.p + t] - m.numeric[j * m.p + t]) ** 2;
      return Math.sqrt(s + gamma * (m.categorical[i] !== m.categorical[j] ? 1 : 0));
    };
    const labels = f.result.labels;
    let total = 0;
    for (let i = 0; i < m.n; i++) {
      const sums = [0, 0, 0];
      const counts = [0, 0, 0];
      for (let j = 0; j < m.n; j++) if (j !== i) (sums[labels[j]] += dist(i, j)), counts[labels[j]]++;
      const a = sums[labels[i]] / counts[labels[i]];
      const b = Math.min(...[0, 1, 2].filter((c) => c !== labels[i]).map((c) => sums[c] / counts[c]));
      total += counts[labels[i]] ? (b - a) / Math.max(a, b) : 0;
    }
    const measured = evaluateMixed(m, labels, 3, gamma);
    expect(measured.silhouette).toBeCloseTo(total / m.n, 12);
    expect(measured.silhouetteSampled).toBe(false);
    expect(evaluateMixed(m, labels, 3, gamma, { sampleSize: 10, seed: 5 })).toMatchObject({ silhouetteRows: 10, silhouetteSampled: true });
  });

  it("the sweep over k recommends the planted k, with the cost as the elbow's inertia", () => {
    const sweep = sweepMixed(fit.matrix, { kMin: 2, kMax: 6, seed: 42, gamma: fit.model.gamma, nInit: 2 });
    expect(sweep.k).toBe(3);
    expect(sweep.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6]);
    expect(sweep.rows[1].inertia).toBeCloseTo(fit.result.cost, 6);
    expect(sweep.reason).toMatch(/^k = 3: /);
    expect(() => sweepMixed(fit.matrix, { kMin: 1, kMax: 3, seed: 1, gamma: 0.5 })).toThrow(/2 ≤ kMin/);
  });

  it("stability: the same clusters come back from other seeds", () => {
    const s = stabilityMixed(fit.matrix, fit.result.labels, { k: 3, seed: 42, gamma: fit.model.gamma, runs: 3 });
    expect(s.seeds).toEqual([43, 44, 45]);
    expect(s.min).toBeGreaterThan(0.95);
  });
});

describe("describing a mixed clustering", () => {
  it("category shares, modes and lifts per cluster, numeric means in original units, Cramér's V per categorical feature", () => {
    const numeric = { age: [20, 22, 24, 60, 62, 64] };
    const categorical = { channel: ["web", "web", "store", "store", "store", "store"] };
    const fit = fitMixed(numeric, categorical, { numeric: ["age"], categorical: ["channel"], scaling: "zscore" }, { k: 2, seed: 1 });
    const d = describeMixed(fit.matrix, fit.model, fit.result.labels, { numericColumns: numeric });
    const young = d.clusters.find((c) => c.numeric[0].mean === 22)!;
    expect(young.size).toBe(3);
    expect(young.categorical[0]).toMatchObject({ name: "channel", mode: "web", modeShare: 2 / 3, overallShare: 2 / 6 });
    expect(young.categorical[0].categories).toEqual([
      { value: "web", count: 2, share: 2 / 3, overallShare: 1 / 3, lift: 2 },
      { value: "store", count: 1, share: 1 / 3, overallShare: 2 / 3, lift: 0.5 },
    ]);
    expect(young.numeric[0]).toMatchObject({ name: "age", mean: 22, overallMean: 42 });
    expect(young.numeric[0].standardized).toBeLessThan(-0.9);
    // Table [[2, 1], [0, 3]]: χ² = 3, n = 6, V = √(3 / 6).
    expect(d.categoricalFeatures[0].cramersV).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(d.numericFeatures[0].varianceExplained).toBeGreaterThan(0.9);
  });

  it("Cramér's V is 0 for the same mix everywhere and 1 when each category lies in one cluster", () => {
    expect(cramersV([5, 5, 5, 5], 2, 2)).toBe(0);
    expect(cramersV([4, 0, 0, 6], 2, 2)).toBeCloseTo(1, 12);
  });
});

// Real public data shipped in an npm package: vega-datasets (BSD-3-Clause), the Palmer penguins
// (Gorman, Williams & Fraser 2014; 344 rows, three species, islands, sex, blanks) and the cars data
// (406 rows, origin, cylinders, blanks in miles per gallon and horsepower).
const require = createRequire(import.meta.url);
const dataset = (name: string) => JSON.parse(readFileSync(require.resolve(`vega-datasets/data/${name}`), "utf-8")) as Record<string, unknown>[];

describe("Palmer penguins (vega-datasets)", () => {
  const rows = dataset("penguins.json");
  const column = (key: string) => rows.map((r) => r[key]);
  const columns: Record<string, unknown[]> = {
    bill_length: column("Beak Length (mm)"),
    bill_depth: column("Beak Depth (mm)"),
    flipper_length: column("Flipper Length (mm)"),
    body_mass: column("Body Mass (g)"),
    island: column("Island"),
    sex: column("Sex"),
  };
  const species = column("Species") as string[];
  const speciesCode = (i: number) => ["Adelie", "Chinstrap", "Gentoo"].indexOf(species[i]);
  const measurements = ["bill_length", "bill_depth", "flipper_length", "body_mass"];

  it("blanks are counted, never clustered: 2 penguins without measurements are not segmented", () => {
    const result = runAttributeSegmentation(columns, { features: [...measurements, "island"], log: [], scale: "zscore", k: 3, seed: 42, nInit: 10 });
    expect(result.missing).toMatchObject({ rows: 344, clustered: 342, missingByFeature: { bill_length: 2, bill_depth: 2, flipper_length: 2, body_mass: 2, island: 0 } });
    expect(result.notSegmented).toEqual([
      { label: "Not segmented (missing bill length, bill depth, flipper length and body mass)", reason: "missing bill length, bill depth, flipper length and body mass", features: measurements, customers: 2, share: 2 / 344, rows: Int32Array.from([3, 339]) },
    ]);
    expect(Array.from(result.labels).filter((l) => l === -1)).toHaveLength(2);
    // Species from measurements and island: the k-means result known for these data (about 0.8).
    const rowsUsed = Array.from(result.rows);
    const ari = adjustedRandIndex(rowsUsed.map((i) => result.labels[i]), rowsUsed.map(speciesCode));
    expect(ari).toBeGreaterThan(0.75);
    expect(new Set(result.segments.map((s) => s.name)).size).toBe(3);
  });

  it("with numeric features only, k-prototypes finds the same partition as our k-means", () => {
    const complete = rows.map((_, i) => i).filter((i) => measurements.every((m) => columns[m][i] !== null));
    const numeric = Object.fromEntries(measurements.map((m) => [m, complete.map((i) => columns[m][i] as number)]));
    const mixed = fitMixed(numeric, {}, { numeric: measurements, categorical: [], scaling: "zscore" }, { k: 3, seed: 42, nInit: 10 });
    const prepared = prepare(numeric, measurements, { scaling: "zscore" });
    const km = kmeans(prepared.data, prepared.n, prepared.d, { k: 3, seed: 42, nInit: 10 });
    expect(adjustedRandIndex(mixed.result.labels, km.labels)).toBe(1);
    expect(mixed.result.cost).toBeCloseTo(km.inertia, 6);
  });

  it("the export's own quirk: one sex recorded as '.' is a category unless cleaned, and 10 blanks are counted", () => {
    const result = runAttributeSegmentation(columns, { features: [...measurements, "sex"], log: [], scale: "zscore", k: 3, seed: 42, nInit: 4, missing: "mode" });
    expect(result.missing.imputedByFeature).toMatchObject({ sex: 10, bill_length: 2 });
    expect(result.model.mixed.categorical[0].levels).toEqual([".", "FEMALE", "MALE"]);
  });
});

describe("cars (vega-datasets)", () => {
  const rows = dataset("cars.json");
  const columns = Object.fromEntries(Object.keys(rows[0]).map((key) => [key, rows.map((r) => r[key])]));
  const features = ["Miles_per_Gallon", "Horsepower", "Weight_in_lbs", "Acceleration", "Origin", "Cylinders"];

  it("accounts for the blanks under each strategy, cylinders as categories, and gives distinct names", () => {
    for (const missing of ["exclude", "median", "indicator"] as const) {
      const result = runAttributeSegmentation(columns, { features, categorical: ["Cylinders"], log: [], scale: "zscore", k: 4, seed: 42, nInit: 4, missing });
      expect(result.missing.missingByFeature).toMatchObject({ Miles_per_Gallon: 8, Horsepower: 6, Weight_in_lbs: 0 });
      const segmented = result.segments.reduce((s, x) => s + x.customers, 0);
      const notSegmented = result.notSegmented.reduce((s, x) => s + x.customers, 0);
      expect(segmented + notSegmented).toBe(406);
      expect(notSegmented).toBe(missing === "exclude" ? 14 : 0);
      expect(new Set(result.segments.map((s) => s.name)).size).toBe(4);
      expect(result.model.features.find((f) => f.name === "Cylinders")!.kind).toBe("categorical");
      if (missing === "indicator") expect(result.model.mixed.categorical.map((c) => c.name)).toEqual(["Origin", "Cylinders", "Miles_per_Gallon_missing", "Horsepower_missing"]);
    }
  });
});
