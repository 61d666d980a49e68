import { describe, expect, it } from "vitest";
import { prepare, signedLog1p, toOriginalUnits } from "../../src/lib/prepare.js";

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
});
