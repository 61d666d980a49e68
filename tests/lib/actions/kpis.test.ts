// KPIs per segment (src/lib/actions/kpis.ts) on the hand-made shop (shop.ts), on native DuckDB and
// DuckDB-WASM, with every number worked out by hand; and a customers-only value measure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kpiSql, valueKpiSql } from "../../../src/lib/actions/kpis.js";
import { bothEngines, TRANSACTION_TYPES, type BoundEngine } from "./engines.js";
import { AS_OF, SHOP_LINES, SHOP_SEGMENTS } from "./shop.js";

let engines: BoundEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
  for (const engine of engines) {
    await engine.loadRows("transactions", TRANSACTION_TYPES, SHOP_LINES);
    await engine.loadRows("assignments", { customer_id: "VARCHAR", segment: "VARCHAR" }, SHOP_SEGMENTS);
    const values: Record<string, number | null> = { g1: 100, g2: null, g3: 50, g4: 25, c1: 10, c2: 20, c3: 30, c4: 40, c5: null, c6: 60 };
    await engine.loadRows("people", { customer_id: "VARCHAR", annual_spend: "DOUBLE" }, Object.entries(values));
  }
});
afterAll(() => engines.forEach((e) => e.close()));

// Before the as-of date, purchase orders and their gross value (all lines, postage included, as the
// features count them): g1 O1 31.5 (2024-01-02) and O2 10 (2024-01-20); g2 O3 22.5; g3 O4 20; g4 O5 5,
// with reversals R1 −2.5 and C1 −30; c1 O6 35; c2 O7 50; c3 O8 30; c4 O9 30 (2024-01-12) and O10 20
// (2024-01-22); c5 O11 5; c6 none (its only order is after the as-of date).
const GARDENERS = {
  segment: "gardeners",
  base: false,
  customers: 4,
  repeat_customers: 1,
  orders: 5,
  gross_revenue: 89,
  returned_revenue: 32.5,
  net_revenue: 56.5,
  repeat_rate: 0.25,
  avg_order_value: 17.8,
  purchase_frequency: 1.25,
  return_share: 32.5 / 89,
  median_days_between_orders: 18,
};
const COOKS = {
  segment: "cooks",
  base: false,
  customers: 6,
  repeat_customers: 1,
  orders: 6,
  gross_revenue: 170,
  returned_revenue: 0,
  net_revenue: 170,
  repeat_rate: 1 / 6,
  avg_order_value: 170 / 6,
  purchase_frequency: 1,
  return_share: 0,
  median_days_between_orders: 10,
};
const BASE = {
  segment: null,
  base: true,
  customers: 10,
  repeat_customers: 2,
  orders: 11,
  gross_revenue: 259,
  returned_revenue: 32.5,
  net_revenue: 226.5,
  repeat_rate: 0.2,
  avg_order_value: 259 / 11,
  purchase_frequency: 1.1,
  return_share: 32.5 / 259,
  median_days_between_orders: 14,
};

describe.each(["native", "wasm"] as const)("KPIs per segment on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("gives repeat rate, order-weighted average order value, frequency, returns share and median days between orders, then the base", async () => {
    expect(await engine().all(kpiSql({ assignments: "assignments", asOf: AS_OF }))).toEqual([COOKS, GARDENERS, BASE]);
  });

  it("counts every order without an as-of date: c6's order makes cooks 7 orders", async () => {
    const [cooks] = await engine().all(kpiSql({ assignments: "assignments" }));
    expect(cooks).toMatchObject({ segment: "cooks", orders: 7, gross_revenue: 172.5, purchase_frequency: 7 / 6, repeat_customers: 1 });
  });

  it("sums, averages and takes the median of a value measure per segment, counting blanks apart", async () => {
    expect(await engine().all(valueKpiSql({ assignments: "assignments", values: "people", valueColumn: "annual_spend" }))).toEqual([
      { segment: "cooks", base: false, customers: 6, value_missing: 1, value_sum: 160, value_mean: 32, value_median: 30 },
      { segment: "gardeners", base: false, customers: 4, value_missing: 1, value_sum: 175, value_mean: 58.33, value_median: 50 },
      { segment: null, base: true, customers: 10, value_missing: 2, value_sum: 335, value_mean: 41.88, value_median: 35 },
    ]);
  });
});
