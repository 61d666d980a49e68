// Extreme values counted against Tukey's far-out fences, before and after the winsorizing and log.
import { describe, expect, it } from "vitest";
import { describeOutliers, featureOutliers, smallSegments } from "../../../src/lib/cluster/outliers.js";
import { prepare } from "../../../src/lib/cluster/prepare.js";

// Quartiles of 1…20 (type 7): 5.75 and 15.25, IQR 9.5, far fences −22.75 and 43.75.
const base = Array.from({ length: 20 }, (_, i) => i + 1);

describe("featureOutliers", () => {
  it("counts the customers beyond the far-out fences and how many the log brought within the log values' fences", () => {
    const spend = [...base, 60, 500, 100000];
    const prepared = prepare({ spend, plain: spend }, ["spend", "plain"], { log: ["spend"], scaling: "zscore" });
    const [logged, plain] = featureOutliers(prepared.model, { spend, plain: spend });
    // With 23 values the quartiles move: 6.5 and 17.5, IQR 11, fences −26.5 and 50.5: 60, 500 and 100000 are beyond.
    expect(logged.fences).toEqual([-26.5, 50.5]);
    expect(logged).toMatchObject({ feature: "spend", extreme: 3, log: true, clipped: 0, winsorize: null });
    // log1p: quartiles halfway between log1p(6) and log1p(7), and log1p(17) and log1p(18): 2.013 and 2.917,
    // upper fence 2.917 + 3 × 0.905 = 5.63 (about 278 before the log): 60 (4.11) is back within, 500 (6.22)
    // and 100000 (11.51) are not.
    expect(logged).toMatchObject({ broughtIn: 1, remaining: 2 });
    expect(plain).toMatchObject({ feature: "plain", extreme: 3, broughtIn: 0, remaining: 3, log: false });
  });

  it("counts what winsorizing clipped, and the extremes it brought in", () => {
    const spend = [...base, 60, 500, 100000];
    const prepared = prepare({ spend }, ["spend"], { scaling: "none", winsorize: [5, 95] });
    const [f] = featureOutliers(prepared.model, { spend });
    // The 5th and 95th percentiles of 23 values: 2.1 and 60 + 0.9 × 440 = 456; below: 1 and 2; above: 500, 100000.
    expect(f.winsorize).toEqual([5, 95]);
    expect(f.clipped).toBe(4);
    expect(f.extreme).toBe(3);
    // 60, and 500 and 100000 clipped to 456, are still beyond the clipped values' fences (quartiles 6.5 and 17.5 again).
    expect(f).toMatchObject({ broughtIn: 0, remaining: 3 });
  });

  it("has no fences when the quartiles are equal, and counts nothing as extreme", () => {
    const orders = [...new Array(30).fill(1), 2, 40];
    const prepared = prepare({ orders }, ["orders"], { scaling: "zscore" });
    expect(featureOutliers(prepared.model, { orders })[0]).toMatchObject({ fences: null, extreme: 0, broughtIn: 0, remaining: 0 });
  });

  it("flags segments under the minimum size", () => {
    expect(smallSegments([{ segment: 0, customers: 900 }, { segment: 1, customers: 19 }, { segment: 2, customers: 20 }], 20)).toEqual([{ segment: 1, customers: 19 }]);
  });
});

describe("describeOutliers", () => {
  it("says how many customers are extreme, the fences, and what the transforms did with them", () => {
    const base = { feature: "monetary", fences: [-3668.51, 5593.75] as [number, number], clipped: 0, winsorize: null };
    expect(describeOutliers({ ...base, extreme: 219, broughtIn: 217, remaining: 2, log: true })).toBe(
      "monetary: 219 customers beyond the far-out fences (-3,668.5 to 5,593.8); the log transform brought 217 of them within the fences of the values k-means saw, 2 remain.",
    );
    expect(describeOutliers({ ...base, feature: "recency_days", extreme: 1, broughtIn: 0, remaining: 1, log: false })).toBe(
      "recency days: 1 customer beyond the far-out fences (-3,668.5 to 5,593.8); no transform: they are clustered as they are.",
    );
    expect(describeOutliers({ ...base, extreme: 0, broughtIn: 0, remaining: 0, log: false, winsorize: [1, 99], clipped: 44 })).toBe(
      "monetary: no customer beyond the far-out fences (-3,668.5 to 5,593.8). Winsorizing at percentiles 1 and 99 clipped 44 values.",
    );
    expect(describeOutliers({ ...base, fences: null, extreme: 0, broughtIn: 0, remaining: 0, log: true })).toBe("monetary: quartiles equal, no fences (nothing counted as extreme).");
  });
});
