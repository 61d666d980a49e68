// The predictions joined to the feature table, on both DuckDB engines: every feature row kept in
// order with its columns, the four prediction columns after them, NULL (not 0) and counted for a
// customer without a prediction, and a prediction for an unknown customer counted, not dropped.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clvColumnClashes, clvFeatureJoinSql, clvJoinCheckSql, CLV_FEATURES } from "../../../src/lib/clv/features.js";
import { nativeEngine, wasmEngine, type Engine } from "../../fixtures/features/engines.js";

const engines: Engine[] = [];
beforeAll(async () => {
  engines.push(await nativeEngine(), await wasmEngine());
  for (const e of engines) {
    await e.run(`CREATE TABLE features AS SELECT * FROM (VALUES
      ('c3', 10, 'Lyon'), ('c1', 400, 'Leeds'), ('c2', 3, NULL), ('c4', 90, 'Cork')) t(customer_id, recency_days, city)`);
    // c2 has no prediction (say, first seen after the calibration end); c9 is not in the feature table.
    await e.run(`CREATE TABLE predictions AS SELECT * FROM (VALUES
      ('c1', 0.25, 0.4, 31.5, 11.2, 7),
      ('c3', 0.999, 2.5, 20.0, 45.75, 3),
      ('c4', 1.0, 0.0, 18.0, 0.0, 0)) t(customer_id, p_alive, expected_purchases, expected_value, clv, x)`);
    await e.run(`CREATE TABLE stray AS SELECT * FROM predictions UNION ALL SELECT 'c9', 0.5, 1.0, 10.0, 9.5, 1`);
  }
});
afterAll(() => engines.forEach((e) => e.close()));

describe.each(["native", "wasm"])("the CLV feature join on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("keeps every feature row and column, adds the four predictions, NULL where there is none", async () => {
    const rows = await engine().query(clvFeatureJoinSql({ features: "features", predictions: "predictions" }));
    expect(rows).toEqual([
      { customer_id: "c1", recency_days: 400, city: "Leeds", p_alive: 0.25, expected_purchases: 0.4, expected_value: 31.5, clv: 11.2 },
      { customer_id: "c2", recency_days: 3, city: null, p_alive: null, expected_purchases: null, expected_value: null, clv: null },
      { customer_id: "c3", recency_days: 10, city: "Lyon", p_alive: 0.999, expected_purchases: 2.5, expected_value: 20, clv: 45.75 },
      // A real zero stays a zero: only a missing prediction is NULL.
      { customer_id: "c4", recency_days: 90, city: "Cork", p_alive: 1, expected_purchases: 0, expected_value: 18, clv: 0 },
    ]);
    expect(Object.keys(rows[0])).toEqual(["customer_id", "recency_days", "city", ...CLV_FEATURES]);
  });

  it("counts the customers without a prediction and the predictions without a customer", async () => {
    expect(await engine().query(clvJoinCheckSql({ features: "features", predictions: "predictions" }))).toEqual([{ missing: 1, unmatched: 0, first_missing: "c2" }]);
    expect(await engine().query(clvJoinCheckSql({ features: "features", predictions: "stray" }))).toEqual([{ missing: 1, unmatched: 1, first_missing: "c2" }]);
    expect(await engine().query(clvJoinCheckSql({ features: "predictions", predictions: "predictions" }))).toEqual([{ missing: 0, unmatched: 0, first_missing: null }]);
  });
});

describe("clvColumnClashes", () => {
  it("names the prediction columns a feature table already has", () => {
    expect(clvColumnClashes(["customer_id", "recency_days", "clv", "p_alive"])).toEqual(["p_alive", "clv"]);
    expect(clvColumnClashes(["customer_id", "clv_band"])).toEqual([]);
  });
});
