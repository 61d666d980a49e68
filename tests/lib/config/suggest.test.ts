import { describe, expect, it } from "vitest";
import { closestKey, editDistance } from "../../../src/lib/config/suggest.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["k", "", 1],
    ["nInit", "nInit", 0],
    ["nlnit", "ninit", 1],
    ["segmnetation", "segmentation", 1], // a swap of neighbours counts 1
    ["kitten", "sitting", 3],
    ["ca", "abc", 3], // optimal string alignment: no edit of a swapped pair
  ])("%j → %j is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestKey", () => {
  const segmentation = ["features", "log", "scale", "k", "seed", "nInit", "names", "actions"];
  it.each([
    ["nlnit", "nInit"],
    ["NINIT", "nInit"],
    ["nmaes", "names"],
    ["kk", "k"],
    ["feature", "features"],
    ["seeds", "seed"],
    ["clusters", undefined],
    ["x", undefined],
  ])("%j in segmentation → %j", (unknown, key) => {
    expect(closestKey(unknown, segmentation)).toBe(key);
  });

  it("takes a prefix of three or more characters as a shortened key, and breaks ties by list order", () => {
    expect(closestKey("customer", ["customer_id", "order_id"])).toBe("customer_id");
    expect(closestKey("previousAsOf", ["previousAsOfDays", "publishExport"])).toBe("previousAsOfDays");
    expect(closestKey("recency", ["name", "r", "f", "m"])).toBeUndefined(); // "r" is too short a prefix
    expect(closestKey("ab", ["ac", "ad"])).toBe("ac");
    expect(closestKey("ab", ["ad", "ac"])).toBe("ad");
  });
});
