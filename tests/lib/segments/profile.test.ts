import { describe, expect, it } from "vitest";
import {
  attributeGroup,
  binIndex,
  binsFor,
  humanise,
  isDateLike,
  MISSING,
  OTHER,
  profileCategorical,
  profileNumeric,
  quantilesOf,
  rankItems,
} from "../../../src/lib/segments/profile.js";

describe("quantilesOf", () => {
  it("gives type-7 quantiles and the mean, rounded", () => {
    expect(quantilesOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ p10: 1.9, p25: 3.25, median: 5.5, p75: 7.75, p90: 9.1, mean: 5.5 });
    expect(quantilesOf([])).toBeNull();
  });
});

describe("bins", () => {
  it("spans the minimum to the 99th percentile, whole-number edges for counts", () => {
    const values = Array.from({ length: 1000 }, (_, i) => i % 50);
    const { edges, scale } = binsFor(values, 10);
    expect(scale).toBe("linear");
    expect(edges[0]).toBe(0);
    expect(edges.every((x) => Number.isInteger(x))).toBe(true);
    expect(edges.at(-1)).toBe(49);
  });

  it("spaces long-tailed non-negative features in log1p", () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 900 ? 10 + (i % 20) : 5000 + i));
    expect(binsFor(values, 20).scale).toBe("log");
    expect(binsFor(values.map((x) => -x), 20).scale).toBe("linear");
  });

  it("puts values beyond the ends in the end bins", () => {
    const edges = [0, 10, 20, 30];
    expect([-5, 0, 9.9, 10, 25, 30, 1e9].map((x) => binIndex(edges, x))).toEqual([0, 0, 0, 1, 2, 2, 2]);
  });

  it("copes with a constant feature", () => {
    expect(binsFor([3, 3, 3]).edges).toEqual([3, 4]);
  });
});

describe("profileNumeric", () => {
  it("gives every group's shares over the same bins, each summing to 1", () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8];
    const labels = [0, 0, 0, 0, 1, 1, 1, 1];
    const p = profileNumeric("frequency", values, labels, 2, 4);
    expect(p.bins.edges).toHaveLength(5);
    for (const d of [p.everyone, ...p.segments]) expect(d.shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 3);
    expect(p.segments[0].quantiles?.median).toBe(2.5);
    expect(p.segments[1].quantiles?.median).toBe(6.5);
    expect(p.everyone.quantiles?.median).toBe(4.5);
  });
});

describe("profileCategorical", () => {
  const values = ["UK", "UK", "UK", "UK", "UK", "FR", "FR", "FR", "FR", "FR", "Tiny", null, ""];
  const labels = [0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1];

  it("keeps common values, folds rare ones into Other (k-anonymity floor) and counts missing", () => {
    const p = profileCategorical("country", values, labels, 2, { minCustomers: 5 });
    expect(p.values).toEqual(["FR", "UK", OTHER, MISSING]);
    expect(p.everyone.map((v) => v.customers)).toEqual([5, 5, 1, 2]);
    expect(p.segments[0].map((v) => v.customers)).toEqual([1, 3, 1, 1]);
    expect(p.segments[1].map((v) => v.customers)).toEqual([4, 2, 0, 1]);
    expect(p.segments[0].reduce((s, v) => s + v.share, 0)).toBeCloseTo(1, 3);
  });

  it("shows at most `top` values", () => {
    expect(profileCategorical("country", values, labels, 2, { top: 1, minCustomers: 1 }).values).toEqual(["FR", OTHER, MISSING]);
  });

  it("recognises dates, groups and labels attributes", () => {
    expect(isDateLike(["2019-06-14", "2020-01-01", null])).toBe(true);
    expect(isDateLike(["London", "2020-01-01"])).toBe(false);
    expect(attributeGroup("acquisition_channel")).toBe("acquisition");
    expect(attributeGroup("signup_date")).toBe("acquisition");
    expect(attributeGroup("country")).toBe("geography");
    expect(attributeGroup("age_band")).toBe("demographics");
    expect(attributeGroup("favourite_colour")).toBe("other");
    expect(humanise("acquisition_channel")).toBe("Acquisition channel");
  });
});

describe("rankItems", () => {
  const rows = [
    { segment: 0, key: "Sale", name: "Sale", revenue: 80, customers: 4 },
    { segment: 0, key: "Garden", name: "Garden", revenue: 20, customers: 2 },
    { segment: 1, key: "Garden", name: "Garden", revenue: 300, customers: 5 },
    { segment: 1, key: "Kitchen", name: "Kitchen", revenue: 100, customers: 1 },
  ];

  it("ranks each segment's items by revenue with its share, everyone's share and the index", () => {
    const { everyone, segments } = rankItems(rows, 2, 10);
    expect(everyone.map((i) => [i.key, i.revenue, i.share])).toEqual([["Garden", 320, 0.64], ["Kitchen", 100, 0.2], ["Sale", 80, 0.16]]);
    expect(segments[0][0]).toEqual({ key: "Sale", name: "Sale", revenue: 80, share: 0.8, everyoneShare: 0.16, index: 5, customers: 4 });
    expect(segments[1].map((i) => i.key)).toEqual(["Garden", "Kitchen"]);
  });

  it("keeps the top n, ties by key", () => {
    const tied = [
      { segment: 0, key: "b", name: "b", revenue: 10, customers: 1 },
      { segment: 0, key: "a", name: "a", revenue: 10, customers: 1 },
      { segment: 0, key: "c", name: "c", revenue: 5, customers: 1 },
    ];
    expect(rankItems(tied, 1, 2).segments[0].map((i) => i.key)).toEqual(["a", "b"]);
  });
});
