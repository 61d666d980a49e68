// Recommendations by lift (src/lib/actions/recommendations.ts) on the hand-made shop (shop.ts), on
// native DuckDB and DuckDB-WASM: exact counts and lifts, the floors, the as-of date, ties, names.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recommendationsSql, type RecommendationOptions } from "../../../src/lib/actions/recommendations.js";
import { bothEngines, line, TRANSACTION_TYPES, type BoundEngine } from "./engines.js";
import { AS_OF, SHOP_LINES, SHOP_SEGMENTS } from "./shop.js";

let engines: BoundEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
  for (const engine of engines) {
    await engine.loadRows("transactions", TRANSACTION_TYPES, SHOP_LINES);
    await engine.loadRows("assignments", { customer_id: "VARCHAR", segment: "VARCHAR" }, SHOP_SEGMENTS);
    // The same labelling as cluster numbers, in a column of another name.
    await engine.loadRows("clusters", { customer_id: "VARCHAR", cluster: "INTEGER" }, SHOP_SEGMENTS.map(([c, s]) => [c, s === "cooks" ? 0 : 1]));
    // An audience holds some customers only; the base is every customer (x1 included).
    await engine.loadRows("gardeners_only", { customer_id: "VARCHAR", segment: "VARCHAR" }, SHOP_SEGMENTS.filter(([, s]) => s === "gardeners"));
    await engine.loadRows("everyone", { customer_id: "VARCHAR" }, [...SHOP_SEGMENTS.map(([c]) => [c]), ["x1"]]);
  }
});
afterAll(() => engines.forEach((e) => e.close()));

const FLOORS = { minCustomers: 2, minSupport: 0.3, minLift: 1.2 };
/** lift = (segment buyers × base customers) ÷ (segment customers × base buyers), as the SQL computes it. */
const lift = (segmentBuyers: number, baseCustomers: number, segmentCustomers: number, baseBuyers: number) => (segmentBuyers * baseCustomers) / (segmentCustomers * baseBuyers);

const SEEDS = { item: "SEEDS", item_name: "Seeds", segment_customers: 4, segment_buyers: 2, base_customers: 10, base_buyers: 2, support: 0.5, base_share: 0.2, lift: 2.5, cross_sell: 2 };
const SPADE = { item: "SPADE", item_name: "Spade", segment_customers: 4, segment_buyers: 3, base_customers: 10, base_buyers: 4, support: 0.75, base_share: 0.4, lift: 1.875, cross_sell: 1 };
const PAN = { item: "PAN", item_name: "Pan", segment_customers: 6, segment_buyers: 4, base_customers: 10, base_buyers: 4, support: 4 / 6, base_share: 0.4, lift: lift(4, 10, 6, 4), cross_sell: 2 };

describe.each(["native", "wasm"] as const)("recommendations on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;
  const run = (options: Partial<RecommendationOptions>) => engine().all(recommendationsSql({ assignments: "assignments", level: "product", ...options }));

  it("ranks each segment's products by lift over the base, with support, counts and the cross-sell audience", async () => {
    // Cooks' MUG (3 of 6 against 5 of 10: lift 1) and SPADE (1 buyer) stay below the floors.
    expect(await run({ asOf: AS_OF, ...FLOORS })).toEqual([
      { segment: "cooks", rank: 1, ...PAN },
      { segment: "gardeners", rank: 1, ...SEEDS },
      { segment: "gardeners", rank: 2, ...SPADE },
    ]);
  });

  it("counts only purchases before the as-of date: c6's SEEDS lowers the gardeners' SEEDS lift", async () => {
    const rows = await run({ ...FLOORS });
    expect(rows.map((r) => [r.segment, r.rank, r.item, r.base_buyers, r.lift])).toEqual([
      ["cooks", 1, "PAN", 4, PAN.lift],
      ["gardeners", 1, "SPADE", 4, 1.875],
      ["gardeners", 2, "SEEDS", 3, lift(2, 10, 4, 3)],
    ]);
  });

  it("applies each floor and the top-N cut", async () => {
    const items = async (options: Partial<RecommendationOptions>) => (await run({ asOf: AS_OF, ...FLOORS, ...options })).map((r) => `${r.segment}:${r.item}`);
    expect(await items({ minCustomers: 3 })).toEqual(["cooks:PAN", "gardeners:SPADE"]);
    expect(await items({ minSupport: 0.7 })).toEqual(["gardeners:SPADE"]);
    expect(await items({ minLift: 1.9 })).toEqual(["gardeners:SEEDS"]);
    // Lift exactly at the floor passes (≥): MUG has lift 1 in both segments.
    expect(await items({ minLift: 1 })).toEqual(["cooks:PAN", "cooks:MUG", "gardeners:SEEDS", "gardeners:SPADE", "gardeners:MUG"]);
    expect(await items({ top: 1 })).toEqual(["cooks:PAN", "gardeners:SEEDS"]);
  });

  it("ranks categories the same way; lines without a category (postage) are no item", async () => {
    const rows = await run({ asOf: AS_OF, level: "category", minCustomers: 2, minSupport: 0.3, minLift: 1 });
    expect(rows).toEqual([
      { segment: "cooks", rank: 1, item: "Kitchen", item_name: "Kitchen", segment_customers: 6, segment_buyers: 5, base_customers: 10, base_buyers: 7, support: 5 / 6, base_share: 0.7, lift: lift(5, 10, 6, 7), cross_sell: 1 },
      { segment: "gardeners", rank: 1, item: "Garden", item_name: "Garden", segment_customers: 4, segment_buyers: 3, base_customers: 10, base_buyers: 4, support: 0.75, base_share: 0.4, lift: 1.875, cross_sell: 1 },
    ]);
  });

  it("takes any segment column and type (cluster numbers)", async () => {
    const rows = await run({ asOf: AS_OF, ...FLOORS, assignments: "clusters", segmentColumn: "cluster" });
    expect(rows.map((r) => [r.segment, r.item, r.lift])).toEqual([
      [0, "PAN", PAN.lift],
      [1, "SEEDS", 2.5],
      [1, "SPADE", 1.875],
    ]);
  });

  it("lists every item with the floors at zero, lowest lifts included", async () => {
    const rows = await run({ asOf: AS_OF, minCustomers: 1, minSupport: 0, minLift: 0 });
    expect(rows.map((r) => [r.segment, r.item, r.lift])).toEqual([
      ["cooks", "PAN", PAN.lift],
      ["cooks", "MUG", 1],
      ["cooks", "SPADE", lift(1, 10, 6, 4)],
      ["gardeners", "SEEDS", 2.5],
      ["gardeners", "SPADE", 1.875],
      ["gardeners", "MUG", 1],
    ]);
  });

  it("measures a segment against a base given apart, as an audience is against every customer", async () => {
    // Base: the 10 segmented customers and x1 = 11. SEEDS: g1 g2 of 4 gardeners, 2 of 11 in the base;
    // SPADE: g1 g2 g3, and g1 g2 g3 c4 x1 in the base; MUG: g1 g4, 5 in the base (lift 1.1, under the floor).
    const rows = await run({ asOf: AS_OF, ...FLOORS, assignments: "gardeners_only", base: "everyone" });
    expect(rows.map((r) => [r.segment, r.item, r.segment_customers, r.segment_buyers, r.base_customers, r.base_buyers, r.lift])).toEqual([
      ["gardeners", "SEEDS", 4, 2, 11, 2, lift(2, 11, 4, 2)],
      ["gardeners", "SPADE", 4, 3, 11, 5, lift(3, 11, 4, 5)],
    ]);
    // Without it the base is the gardeners themselves, and nothing over-indexes.
    expect(await run({ asOf: AS_OF, ...FLOORS, assignments: "gardeners_only" })).toEqual([]);
  });

  it("breaks a tie in lift by more segment buyers, then by item", async () => {
    // S = {a, b}, R = {c, d}. X: a b c d; Y: a c; Z: b d. In S every lift is 1: X has 2 buyers, Y and Z 1.
    const tx = (customer: string, order: string, product: string) => line(customer, order, "2024-01-01 00:00:00", product, product, null, 1, 1);
    await engine().loadRows("tie_tx", TRANSACTION_TYPES, [tx("a", "1", "X"), tx("b", "2", "X"), tx("c", "3", "X"), tx("d", "4", "X"), tx("a", "1", "Z"), tx("b", "2", "Y"), tx("c", "3", "Z"), tx("d", "4", "Y")]);
    await engine().loadRows("tie_seg", { customer_id: "VARCHAR", segment: "VARCHAR" }, [["a", "S"], ["b", "S"], ["c", "R"], ["d", "R"]]);
    const rows = await run({ transactions: "tie_tx", assignments: "tie_seg", minCustomers: 1, minSupport: 0, minLift: 0 });
    expect(rows.filter((r) => r.segment === "S").map((r) => [r.rank, r.item, r.segment_buyers, r.lift])).toEqual([
      [1, "X", 2, 1],
      [2, "Y", 1, 1],
      [3, "Z", 1, 1],
    ]);
  });
});

describe("recommendationsSql", () => {
  it("binds every floor and the as-of date as parameters", () => {
    const { sql, params } = recommendationsSql({ assignments: "a", level: "product", asOf: AS_OF, minCustomers: 7, minSupport: 0.07, minLift: 1.7, top: 4 });
    expect(params).toEqual(expect.arrayContaining([AS_OF, 7, 0.07, 1.7, 4]));
    for (const literal of ["0.07", "1.7", AS_OF]) expect(sql).not.toContain(literal);
  });

  it("refuses floors out of range and a malformed as-of date", () => {
    expect(() => recommendationsSql({ assignments: "a", level: "product", minSupport: 1.5 })).toThrow("minSupport must be a share from 0 to 1, got 1.5");
    expect(() => recommendationsSql({ assignments: "a", level: "product", minCustomers: 0 })).toThrow("minCustomers must be a whole number ≥ 1, got 0");
    expect(() => recommendationsSql({ assignments: "a", level: "product", top: 2.5 })).toThrow("top must be a whole number ≥ 1, got 2.5");
    expect(() => recommendationsSql({ assignments: "a", level: "product", asOf: "2024-02-30" })).toThrow('as-of date must be a YYYY-MM-DD date, got "2024-02-30"');
  });
});
