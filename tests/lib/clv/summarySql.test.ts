// The CLV summary SQL on both DuckDB engines (native as the pipeline runs it, DuckDB-WASM as the pages
// will), over the same small export with same-day orders, a cancellation, a return and a holdout.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clvDailyRepeatsSql, clvInputSql, clvSummarySql, isIsoDate } from "../../../src/lib/clv/summarySql.js";
import { nativeEngine, TRANSACTION_COLUMNS, wasmEngine, type Engine } from "../../fixtures/features/engines.js";

const HEADER = "customer_id,order_id,order_ts,product_id,product_name,category,quantity,unit_price,amount,is_cancellation,is_return,is_product";
const line = (c: string, o: string, ts: string, amount: number, flags: [boolean, boolean] = [false, false]) =>
  [c, o, ts, "P1", "P1", "", 1, amount, amount, flags[0], flags[1], true].join(",");
// A: first 2024-01-01; two orders on 01-05 (one purchase, 30 + 12.5); 01-20 (20); cancelled order on
//    01-25 (ignored); holdout 02-10 (7.25, two lines).
// B: one purchase 2024-01-03, a return 01-04 (ignored); holdout 02-01.
// C: first purchase after calibration (2024-02-05): not in the cohort.
// D: 2024-01-31 (the calibration end) only.
const LINES = [
  line("A", "o1", "2024-01-01 09:00:00", 10),
  line("A", "o2", "2024-01-05 10:00:00", 30),
  line("A", "o3", "2024-01-05 18:30:00", 12.5),
  line("A", "o4", "2024-01-20 12:00:00", 20),
  line("A", "C5", "2024-01-25 12:00:00", -20, [true, true]),
  line("A", "o6", "2024-02-10 08:00:00", 5),
  line("A", "o6", "2024-02-10 08:00:00", 2.25),
  line("B", "o7", "2024-01-03 11:00:00", 99.99),
  line("B", "R8", "2024-01-04 11:00:00", -9.99, [false, true]),
  line("B", "o9", "2024-02-01 11:00:00", 15),
  line("C", "o10", "2024-02-05 11:00:00", 50),
  line("D", "o11", "2024-01-31 23:59:00", 8),
];
const options = { transactions: "lines", calibrationEnd: "2024-01-31", unitDays: 7 };

const engines: Engine[] = [];
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "clv-sql-"));
  const file = join(dir, "lines.csv");
  writeFileSync(file, [HEADER, ...LINES].join("\n") + "\n");
  engines.push(await nativeEngine(), await wasmEngine());
  for (const engine of engines) await engine.loadCsv("lines", file, TRANSACTION_COLUMNS);
});
afterAll(() => engines.forEach((e) => e.close()));

const EXPECTED = [
  { customer_id: "A", first_purchase: "2024-01-01", first_day_index: 0, x: 2, t_x_days: 19, T_days: 30, t_x: 19 / 7, T: 30 / 7, m: 31.25, calibration_value: 72.5, holdout_x: 1, holdout_value: 7.25 },
  { customer_id: "B", first_purchase: "2024-01-03", first_day_index: 2, x: 0, t_x_days: 0, T_days: 28, t_x: 0, T: 4, m: null, calibration_value: 99.99, holdout_x: 1, holdout_value: 15 },
  { customer_id: "D", first_purchase: "2024-01-31", first_day_index: 30, x: 0, t_x_days: 0, T_days: 0, t_x: 0, T: 0, m: null, calibration_value: 8, holdout_x: 0, holdout_value: 0 },
];

describe.each(["native", "wasm"])("CLV summaries on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("summarise each calibration customer: same-day orders one purchase, reversals left out, the first purchase out of m", async () => {
    expect(await engine().query(clvSummarySql(options))).toEqual(EXPECTED);
  });

  it("count repeat purchases per day for the cohort, calibration and holdout", async () => {
    expect(await engine().query(clvDailyRepeatsSql(options))).toEqual([
      { day_index: 4, day: "2024-01-05", repeat_purchases: 1 },
      { day_index: 19, day: "2024-01-20", repeat_purchases: 1 },
      { day_index: 31, day: "2024-02-01", repeat_purchases: 1 },
      { day_index: 40, day: "2024-02-10", repeat_purchases: 1 },
    ]);
  });

  it("account for every order and customer", async () => {
    expect(await engine().query(clvInputSql(options))).toEqual([
      {
        orders: 11,
        reversal_orders: 2,
        purchase_days: 8,
        customers: 4,
        customers_after_calibration: 1,
        purchase_days_after_observation: 0,
        first_purchase_day: "2024-01-01",
        last_purchase_day: "2024-02-10",
        calibration_end: "2024-01-31",
        observation_end: "2024-02-10",
      },
    ]);
  });

  it("stop the holdout at an earlier observation end", async () => {
    const rows = await engine().query(clvSummarySql({ ...options, observationEnd: "2024-02-05" }));
    expect(rows.map((r) => [r.customer_id, r.holdout_x, r.holdout_value])).toEqual([["A", 0, 0], ["B", 1, 15], ["D", 0, 0]]);
  });
});

describe("summary SQL", () => {
  it("give identical rows on both engines", async () => {
    const [a, b] = await Promise.all(engines.map((e) => e.query(clvSummarySql({ ...options, unitDays: 365.25 / 12 }))));
    expect(b).toEqual(a);
  });

  it("take only real YYYY-MM-DD dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(() => clvSummarySql({ ...options, calibrationEnd: "2024-01-31'; DROP TABLE lines; --" })).toThrow(/YYYY-MM-DD/);
  });
});
