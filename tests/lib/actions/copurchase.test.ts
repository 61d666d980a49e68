// Co-purchase rules per segment (src/lib/actions/copurchase.ts) on the hand-made shop (shop.ts), on
// native DuckDB and DuckDB-WASM: baskets are purchase orders, exact support, confidence and lift.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pairRulesSql, type PairOptions } from "../../../src/lib/actions/copurchase.js";
import { bothEngines, line, TRANSACTION_TYPES, type BoundEngine } from "./engines.js";
import { AS_OF, SHOP_LINES, SHOP_SEGMENTS } from "./shop.js";

let engines: BoundEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
  for (const engine of engines) {
    await engine.loadRows("transactions", TRANSACTION_TYPES, SHOP_LINES);
    await engine.loadRows("assignments", { customer_id: "VARCHAR", segment: "VARCHAR" }, SHOP_SEGMENTS);
  }
});
afterAll(() => engines.forEach((e) => e.close()));

const FLOORS = { minOrders: 2, minSupport: 0.1, minConfidence: 0.5, minLift: 1 };

// Before the as-of date: gardeners' baskets O1 {SPADE, SEEDS} (postage is no product), O2 {MUG},
// O3 {SPADE, SEEDS}, O4 {SPADE}, O5 {MUG}: 5 baskets, SPADE in 3, SEEDS in 2, both in 2.
// Cooks' O6 {PAN, MUG}, O7 {PAN, MUG}, O8 {PAN}, O9 {PAN}, O10 {SPADE}, O11 {MUG}: 6 baskets, PAN in 4,
// MUG in 3, both in 2; SPADE (1 basket) is below minOrders. Returns and cancellations are no baskets.
const GARDENERS = [
  { segment: "gardeners", rank: 1, antecedent: "SEEDS", antecedent_name: "Seeds", consequent: "SPADE", consequent_name: "Spade", segment_orders: 5, antecedent_orders: 2, consequent_orders: 3, both_orders: 2, support: 0.4, confidence: 1, lift: (2 * 5) / (2 * 3) },
  { segment: "gardeners", rank: 2, antecedent: "SPADE", antecedent_name: "Spade", consequent: "SEEDS", consequent_name: "Seeds", segment_orders: 5, antecedent_orders: 3, consequent_orders: 2, both_orders: 2, support: 0.4, confidence: 2 / 3, lift: (2 * 5) / (3 * 2) },
];
const COOKS = [
  { segment: "cooks", rank: 1, antecedent: "MUG", antecedent_name: "Mug", consequent: "PAN", consequent_name: "Pan", segment_orders: 6, antecedent_orders: 3, consequent_orders: 4, both_orders: 2, support: 2 / 6, confidence: 2 / 3, lift: 1 },
  { segment: "cooks", rank: 2, antecedent: "PAN", antecedent_name: "Pan", consequent: "MUG", consequent_name: "Mug", segment_orders: 6, antecedent_orders: 4, consequent_orders: 3, both_orders: 2, support: 2 / 6, confidence: 0.5, lift: 1 },
];

describe.each(["native", "wasm"] as const)("co-purchase rules on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;
  const run = (options: Partial<PairOptions>) => engine().all(pairRulesSql({ assignments: "assignments", level: "product", ...options }));

  it("lists both directions of each pair, by lift then confidence, with exact support, confidence and lift", async () => {
    expect(await run({ asOf: AS_OF, ...FLOORS })).toEqual([...COOKS, ...GARDENERS]);
  });

  it("applies each floor and the top-N cut", async () => {
    const rules = async (options: Partial<PairOptions>) => (await run({ asOf: AS_OF, ...FLOORS, ...options })).map((r) => `${r.segment}:${r.antecedent}→${r.consequent}`);
    expect(await rules({ minLift: 1.5 })).toEqual(["gardeners:SEEDS→SPADE", "gardeners:SPADE→SEEDS"]);
    expect(await rules({ minConfidence: 0.6 })).toEqual(["cooks:MUG→PAN", "gardeners:SEEDS→SPADE", "gardeners:SPADE→SEEDS"]);
    expect(await rules({ minSupport: 0.35 })).toEqual(["gardeners:SEEDS→SPADE", "gardeners:SPADE→SEEDS"]);
    expect(await rules({ minOrders: 3 })).toEqual([]);
    expect(await rules({ top: 1 })).toEqual(["cooks:MUG→PAN", "gardeners:SEEDS→SPADE"]);
    // The defaults (10 baskets with both) find nothing in a shop this small.
    expect(await run({ asOf: AS_OF })).toEqual([]);
  });

  it("counts baskets before the as-of date only: without it c6's order is a seventh cooks' basket", async () => {
    const cooks = (await run(FLOORS)).filter((r) => r.segment === "cooks");
    expect(cooks.map((r) => [r.antecedent, r.segment_orders, r.support, r.lift])).toEqual([
      ["MUG", 7, 2 / 7, (2 * 7) / (3 * 4)],
      ["PAN", 7, 2 / 7, (2 * 7) / (4 * 3)],
    ]);
  });

  it("counts a product once per basket, however many lines it has there", async () => {
    const tx = (order: string, product: string) => line("a", order, "2024-01-01 00:00:00", product, product, null, 1, 1);
    await engine().loadRows("repeat_tx", TRANSACTION_TYPES, [tx("1", "X"), tx("1", "X"), tx("1", "Y"), tx("2", "X"), tx("3", "Y")]);
    await engine().loadRows("repeat_seg", { customer_id: "VARCHAR", segment: "VARCHAR" }, [["a", "S"]]);
    const rows = await run({ transactions: "repeat_tx", assignments: "repeat_seg", minOrders: 1, minSupport: 0, minConfidence: 0, minLift: 0 });
    expect(rows.map((r) => [r.antecedent, r.consequent, r.segment_orders, r.antecedent_orders, r.both_orders, r.lift])).toEqual([
      ["X", "Y", 3, 2, 1, (1 * 3) / (2 * 2)],
      ["Y", "X", 3, 2, 1, (1 * 3) / (2 * 2)],
    ]);
  });

  it("finds no category pairs where every basket holds one category", async () => {
    expect(await run({ asOf: AS_OF, level: "category", minOrders: 1, minSupport: 0, minConfidence: 0, minLift: 0 })).toEqual([]);
  });
});

describe("pairRulesSql", () => {
  it("refuses floors out of range", () => {
    expect(() => pairRulesSql({ assignments: "a", level: "product", minConfidence: 2 })).toThrow("pairs minConfidence must be a share from 0 to 1, got 2");
    expect(() => pairRulesSql({ assignments: "a", level: "product", minOrders: 0 })).toThrow("pairs minOrders must be a whole number ≥ 1, got 0");
  });
});
