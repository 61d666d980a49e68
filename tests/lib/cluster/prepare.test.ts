import { describe, expect, it } from "vitest";
import { applyModel, prepare, quantile, signedLog1p, toOriginalUnits } from "../../../src/lib/cluster/prepare.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

describe("prepare", () => {
  const columns = { a: [1, 2, 3, 4], b: [10, 10, 10, 50] };

  it("z-scores with the population standard deviation", () => {
    const { data, model } = prepare(columns, ["a"], { scaling: "zscore" });
    const sd = Math.sqrt(1.25);
    expect(Array.from(data)).toEqual([-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd]);
    expect(model.features[0]).toMatchObject({ name: "a", center: 2.5, scale: sd, log: false });
  });

  it("robust scaling uses median and IQR; min-max uses the range", () => {
    expect(prepare(columns, ["a"], { scaling: "robust" }).model.features[0]).toMatchObject({ center: 2.5, scale: 1.5 });
    expect(Array.from(prepare(columns, ["a"], { scaling: "minmax" }).data)).toEqual([0, 1 / 3, 2 / 3, 1]);
  });

  it("keeps a constant feature finite (scale 1)", () => {
    const { data } = prepare({ c: [5, 5, 5] }, ["c"], { scaling: "zscore" });
    expect(Array.from(data)).toEqual([0, 0, 0]);
  });

  it("lays out rows first and log-transforms chosen features", () => {
    const { data, d } = prepare(columns, ["a", "b"], { scaling: "none", log: ["b"] });
    expect(d).toBe(2);
    expect(data[1]).toBeCloseTo(Math.log1p(10));
    expect(data[2]).toBe(2);
  });

  it("maps prepared points back to original units", () => {
    const { data, model } = prepare(columns, ["a", "b"], { scaling: "zscore", log: ["b"] });
    const back = toOriginalUnits(model, data.subarray(6, 8));
    expect(back[0]).toBeCloseTo(4);
    expect(back[1]).toBeCloseTo(50);
  });

  it("keeps negative values ordered under the log transform", () => {
    expect(signedLog1p(-100)).toBeLessThan(signedLog1p(0));
    expect(signedLog1p(0)).toBe(0);
  });

  it("names the feature and row of a value that is not a number", () => {
    expect(() => prepare({ a: [1, NaN] }, ["a"], { scaling: "zscore" })).toThrow('feature "a" row 2');
  });

  it("winsorizes at the chosen percentiles (linear interpolation) before log and scaling, and records the bounds", () => {
    const values = Array.from({ length: 11 }, (_, i) => i * 10); // 0, 10, …, 100
    values[10] = 10_000; // an outlier
    const { data, model } = prepare({ a: values }, ["a"], { scaling: "none", winsorize: [10, 90] });
    // 10th percentile of 11 sorted values: index 1 → 10; 90th: index 9 → 90.
    expect(model.features[0]).toMatchObject({ winsorize: [10, 90], clip: [10, 90], log: false });
    expect(Array.from(data)).toEqual([10, 10, 20, 30, 40, 50, 60, 70, 80, 90, 90]);
  });

  it("winsorizes per feature when given a map, then logs", () => {
    const columns = { a: [1, 2, 3, 1000], b: [1, 2, 3, 1000] };
    const { data, model } = prepare(columns, ["a", "b"], { scaling: "none", log: ["a"], winsorize: { a: [0, 50] } });
    expect(model.features[0].clip).toEqual([1, 2.5]);
    expect(model.features[1].clip).toBeNull();
    expect(data[6]).toBeCloseTo(Math.log1p(2.5)); // row 3, feature a: clipped to 2.5 then log1p
    expect(data[7]).toBe(1000);
  });

  it("rejects percentiles out of order or out of range", () => {
    expect(() => prepare({ a: [1, 2] }, ["a"], { scaling: "none", winsorize: [90, 10] })).toThrow('feature "a": winsorizing percentiles');
    expect(() => prepare({ a: [1, 2] }, ["a"], { scaling: "none", winsorize: [-1, 99] })).toThrow("0 ≤ low < high ≤ 100");
  });

  it("quantile interpolates like numpy's default", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([5], 0.9)).toBe(5);
  });

  it("applyModel replays the fitted transform bit for bit on the same rows", () => {
    const random = seededRandom(3);
    const columns = {
      x: Array.from({ length: 500 }, () => randomNormal(random, 10, 3)),
      y: Array.from({ length: 500 }, () => Math.exp(randomNormal(random, 4, 1))),
    };
    for (const scaling of ["zscore", "robust", "minmax", "none"] as const) {
      const fitted = prepare(columns, ["x", "y"], { scaling, log: ["y"], winsorize: { y: [1, 99] } });
      const replayed = applyModel(fitted.model, columns);
      expect(replayed.data).toEqual(fitted.data);
      expect(replayed.n).toBe(500);
    }
  });

  it("applyModel uses the recorded parameters on new rows (clip, log, center, scale), by column name", () => {
    const { model } = prepare({ a: [0, 10, 20, 30, 40], b: [1, 2, 3, 4, 5] }, ["a", "b"], { scaling: "zscore", log: ["b"], winsorize: [25, 75] });
    const [fa, fb] = model.features;
    const fresh = applyModel(model, { b: [100], a: [1000] }); // other order, one new row, values beyond the clip
    expect(fresh.data[0]).toBe((fa.clip![1] - fa.center) / fa.scale);
    expect(fresh.data[1]).toBe((Math.log1p(fb.clip![1]) - fb.center) / fb.scale);
    expect(() => applyModel(model, { a: [1] })).toThrow('unknown feature "b"');
    expect(() => applyModel(model, { a: [1], b: [Infinity] })).toThrow('feature "b" row 1');
  });

  it("a blank (null, as a Parquet NULL is read) stops with its row, never read as 0", () => {
    const { model } = prepare({ a: [0, 10, 20] }, ["a"], { scaling: "zscore", log: [] });
    const blanks = { a: [5, null, 7] as unknown as number[] };
    expect(() => applyModel(model, blanks)).toThrow('feature "a" row 2: null is not a finite number');
    expect(() => prepare(blanks, ["a"], { scaling: "none", log: [] })).toThrow('feature "a" row 2');
  });
});
