// Next best products per customer (src/lib/actions/nextBest.ts) on the hand-made shop (shop.ts), on
// native DuckDB and DuckDB-WASM: what the segment over-indexes on, minus what the customer bought.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextBestColumns, nextBestSql, type NextBestOptions } from "../../../src/lib/actions/nextBest.js";
import { bothEngines, TRANSACTION_TYPES, type BoundEngine } from "./engines.js";
import { AS_OF, SHOP_LINES, SHOP_SEGMENTS } from "./shop.js";

let engines: BoundEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
  for (const engine of engines) {
    await engine.loadRows("transactions", TRANSACTION_TYPES, SHOP_LINES);
    await engine.loadRows("assignments", { customer_id: "VARCHAR", segment: "VARCHAR" }, SHOP_SEGMENTS);
    // g4 also in cooks, as overlapping audiences can be.
    await engine.loadRows("overlapping", { customer_id: "VARCHAR", segment: "VARCHAR" }, [...SHOP_SEGMENTS, ["g4", "cooks"]]);
  }
});
afterAll(() => engines.forEach((e) => e.close()));

const FLOORS = { minCustomers: 2, minSupport: 0.3, minLift: 1.2 };
const none = { next_best_1: null, next_best_1_name: null, next_best_2: null, next_best_2_name: null };

describe.each(["native", "wasm"] as const)("next best products on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;
  const run = (options: Partial<NextBestOptions>) => engine().all(nextBestSql({ assignments: "assignments", asOf: AS_OF, count: 2, ...FLOORS, ...options }));

  it("gives every customer of the segment table a row: the segment's over-indexed products they have not bought, by lift", async () => {
    // Gardeners over-index on SEEDS (lift 2.5) and SPADE (1.875), cooks on PAN (1.67).
    expect(await run({})).toEqual([
      { customer_id: "c1", ...none },
      { customer_id: "c2", ...none },
      { customer_id: "c3", ...none },
      { customer_id: "c4", ...none },
      { customer_id: "c5", ...none, next_best_1: "PAN", next_best_1_name: "Pan" },
      // c6 bought nothing before the as-of date and is still in the base.
      { customer_id: "c6", ...none, next_best_1: "PAN", next_best_1_name: "Pan" },
      { customer_id: "g1", ...none },
      { customer_id: "g2", ...none },
      { customer_id: "g3", ...none, next_best_1: "SEEDS", next_best_1_name: "Seeds" },
      // g4's return of SEEDS and cancelled PAN are not purchases.
      { customer_id: "g4", next_best_1: "SEEDS", next_best_1_name: "Seeds", next_best_2: "SPADE", next_best_2_name: "Spade" },
    ]);
  });

  it("stops at the requested number of columns", async () => {
    const rows = await run({ count: 1 });
    expect(Object.keys(rows[0])).toEqual(["customer_id", ...nextBestColumns(1)]);
    expect(rows.find((r) => r.customer_id === "g4")).toEqual({ customer_id: "g4", next_best_1: "SEEDS", next_best_1_name: "Seeds" });
  });

  it("draws on every segment of a customer in several, by the best lift", async () => {
    // Cooks with g4: 7 customers, PAN bought by 4 of them against 4 of the 10: lift 40/28 = 1.43.
    const rows = await run({ assignments: "overlapping", count: 3 });
    expect(rows.find((r) => r.customer_id === "g4")).toMatchObject({ next_best_1: "SEEDS", next_best_2: "SPADE", next_best_3: "PAN", next_best_3_name: "Pan" });
    expect(rows).toHaveLength(10);
  });
});

describe("nextBestSql", () => {
  it("names its columns and refuses a count outside 1–10", () => {
    expect(nextBestColumns(2)).toEqual(["next_best_1", "next_best_1_name", "next_best_2", "next_best_2_name"]);
    expect(() => nextBestSql({ assignments: "a", count: 0 })).toThrow("next best count must be a whole number from 1 to 10, got 0");
    expect(() => nextBestSql({ assignments: "a", count: 11 })).toThrow("next best count must be a whole number from 1 to 10, got 11");
  });
});
