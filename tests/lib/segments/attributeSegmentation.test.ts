import { describe, expect, it } from "vitest";
import { assignAttributeSegments, runAttributeSegmentation, type AttributeSegmentationConfig } from "../../../src/lib/segments/attributeSegmentation.js";
import { featureKinds } from "../../../src/lib/segments/featureKinds.js";

// Ten customers of a wholesaler, as a CSV reader hands them over (text): five small cafés on the
// Horeca channel, four large retailers, and one café whose spend was not reported.
const columns = {
  account_id: ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"],
  channel: ["Horeca", "Horeca", "Horeca", "Horeca", "Retail", "Retail", "Retail", "Retail", "Horeca", "Horeca"],
  region: [1, 2, 1, 1, 3, 3, 2, 3, 1, 2],
  grocery_spend: ["1200", "1500", "900", "1100", "21000", "25000", "19000", "23000", "", "1300"],
};
const config: AttributeSegmentationConfig = { features: ["channel", "region", "grocery_spend"], categorical: ["region"], log: ["grocery_spend"], scale: "zscore", k: 2, seed: 42, nInit: 4 };

describe("feature kinds", () => {
  it("numbers (also as text) are numeric, other text categorical, and the config can declare numbers categorical", () => {
    expect(featureKinds(columns, ["channel", "region", "grocery_spend"])).toEqual([
      { name: "channel", kind: "categorical" },
      { name: "region", kind: "numeric" },
      { name: "grocery_spend", kind: "numeric" },
    ]);
    expect(featureKinds(columns, ["region"], ["region"])).toEqual([{ name: "region", kind: "categorical" }]);
    expect(() => featureKinds(columns, ["channel"], ["region"])).toThrow('segmentation.categorical: "region" is not among segmentation.features');
    expect(() => featureKinds(columns, ["nope"])).toThrow('unknown feature "nope"');
  });
});

describe("an attribute segmentation", () => {
  const result = runAttributeSegmentation(columns, config, { ids: columns.account_id });

  it("clusters the complete rows, and shows the blank one as not segmented, with its reason", () => {
    expect(Array.from(result.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, -1, 0]);
    expect(result.notSegmented).toEqual([
      { label: "Not segmented (missing grocery spend)", reason: "missing grocery spend", features: ["grocery_spend"], customers: 1, share: 0.1, rows: Int32Array.from([8]) },
    ]);
    expect(result.missing).toEqual({
      strategy: "exclude",
      rows: 10,
      clustered: 9,
      missingByFeature: { channel: 0, region: 0, grocery_spend: 1 },
      imputedByFeature: { channel: 0, region: 0, grocery_spend: 0 },
      countsByReason: { "missing grocery spend": 1 },
    });
    expect(result.segments.map((s) => s.customers)).toEqual([5, 4]);
    expect(result.segments.reduce((s, x) => s + x.share, 0) + result.notSegmented[0].share).toBeCloseTo(1, 12);
  });

  it("describes each segment by the mode and share of each category and the means of numbers, and names it by them", () => {
    const [cafes, retailers] = result.segments;
    expect(cafes.profile.categorical[0]).toMatchObject({ name: "channel", mode: "Horeca", modeShare: 1, overallShare: 5 / 9 });
    expect(cafes.profile.numeric[0]).toMatchObject({ name: "grocery_spend", mean: 1200 });
    expect(retailers.profile.prototype).toMatchObject({ categorical: { channel: "Retail", region: "3" } });
    expect(result.segments.map((s) => s.name)).toEqual(["Horeca channel, low grocery spend", "Retail channel, high grocery spend"]);
  });

  it("is deterministic and keeps config names", () => {
    const again = runAttributeSegmentation(columns, config, { ids: columns.account_id });
    expect(Array.from(again.labels)).toEqual(Array.from(result.labels));
    expect(again.segments).toEqual(result.segments);
    const named = runAttributeSegmentation(columns, { ...config, names: { "1": "Grocers" } });
    expect(named.segments.map((s) => [s.name, s.automaticName])).toEqual([
      ["Horeca channel, low grocery spend", "Horeca channel, low grocery spend"],
      ["Grocers", "Retail channel, high grocery spend"],
    ]);
  });

  it("fills blanks instead when asked, and every account is segmented", () => {
    const filled = runAttributeSegmentation(columns, { ...config, missing: "median" });
    expect(Array.from(filled.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, 0]);
    expect(filled.notSegmented).toEqual([]);
    expect(filled.missing.imputedByFeature.grocery_spend).toBe(1);
  });

  it("assigns another snapshot with today's model: blanks left out and counted, unseen categories counted", () => {
    const same = assignAttributeSegments(result.model, columns);
    expect(Array.from(same.labels)).toEqual(Array.from(result.labels));
    const later = assignAttributeSegments(result.model, {
      channel: ["Retail", "Horeca", "Online", "Horeca"],
      region: [3, 1, 2, 4],
      grocery_spend: [20000, 1000, 1400, null],
    });
    expect(Array.from(later.labels)).toEqual([1, 0, 0, -1]);
    expect(later.unseen).toEqual({ channel: 1, region: 0 });
    expect(later.notSegmented.map((g) => [g.label, g.customers])).toEqual([["Not segmented (missing grocery spend)", 1]]);
  });

  it("stops when too few customers are left to make k segments, saying why", () => {
    expect(() => runAttributeSegmentation({ x: [1, null, null] }, { ...config, features: ["x"], categorical: [], log: [] })).toThrow(
      "only 1 of 3 customers can be clustered (2 missing x), fewer than k = 2: choose fewer segments or another segmentation.missing",
    );
  });

  it("names segments with missing indicators without saying a feature twice (a tiny input with --missing indicator)", () => {
    const x = [1, 2, 1.5, null, null, 10, 11, 12, 10.5, null];
    const once = runAttributeSegmentation({ x }, { features: ["x"], log: [], scale: "zscore", k: 2, seed: 42, nInit: 4, missing: "indicator" });
    expect(once.segments.map((s) => s.name)).toEqual(["High x", "Low x"]); // was "Low x, x given"
    const y = [1, 2, 1.5, 1.2, null, 10, 11, 12, 10.5, 11.5, 1.1, 10.2];
    const three = runAttributeSegmentation({ y }, { features: ["y"], log: [], scale: "zscore", k: 3, seed: 42, nInit: 4, missing: "indicator" });
    // The customer without a y is "Y missing", not "No y given, high y" (its y is the median filled in).
    expect(three.segments.map((s) => [s.name, s.customers])).toEqual([["High y", 6], ["Low y", 5], ["Y missing", 1]]);
  });
});
