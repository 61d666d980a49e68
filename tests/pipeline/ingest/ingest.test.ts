import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/lib/config/config.js";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { buildFeatures } from "../../../pipeline/features/build.js";
import { ingest } from "../../../pipeline/ingest/ingest.js";
import type { QualityReport } from "../../../src/lib/ingest/quality.js";

const fixture = (name: string) => join("tests/fixtures/small", name);
const config = parseConfig({});

let db: Database;
let out: string;
let quality: QualityReport;

beforeAll(async () => {
  db = await openDatabase();
  out = join(mkdtempSync(join(tmpdir(), "ingest-")), "out");
  quality = await ingest(db, { transactions: fixture("transactions.csv"), customers: fixture("customers.csv"), config, outDir: out });
});
afterAll(() => db.close());

describe("ingest", () => {
  it("accounts for every input row: read = loaded + rejected, by reason", () => {
    const t = quality.transactions!;
    expect(t.rowsRead).toBe(15);
    expect(t.rowsLoaded).toBe(10);
    expect(t.rowsRejected).toBe(5);
    expect(t.rejectedByReason).toEqual({
      "missing customer id": 1,
      "unparseable timestamp": 1,
      "non-numeric quantity": 1,
      "non-numeric unit price": 1,
      duplicate: 1,
    });
    expect(quality.customers).toMatchObject({ rowsRead: 6, rowsLoaded: 4, rowsRejected: 2, rejectedByReason: { "duplicate customer id": 1, "missing customer id": 1 } });
    expect(JSON.parse(readFileSync(join(out, "quality.json"), "utf-8"))).toEqual(quality);
  });

  it("writes each reject with its file, line number, reason and raw values", async () => {
    const rejects = await db.all<{ source_file: string; source_line: number; reason: string; raw: string }>(
      `SELECT * FROM read_parquet('${join(out, "rejects.parquet")}') WHERE source_file LIKE '%transactions.csv' ORDER BY source_line`,
    );
    expect(rejects.map((r) => [r.source_line, r.reason])).toEqual([
      [11, "missing customer id"],
      [12, "unparseable timestamp"],
      [13, "non-numeric quantity"],
      [14, "non-numeric unit price"],
      [15, "duplicate"],
    ]);
    expect(JSON.parse(rejects[2].raw)).toMatchObject({ order_id: "O9", quantity: "two" });
  });

  it("types and flags lines: float ids cleaned, cancellations, returns and non-products kept", async () => {
    const rows = await db.all<Record<string, unknown>>(
      `SELECT customer_id, order_id, quantity, amount, is_cancellation, is_return, is_product, product_name
       FROM read_parquet('${join(out, "transactions.parquet")}') ORDER BY source_line`,
    );
    expect(rows.map((r) => r.customer_id)).toContain("17850");
    expect(rows.find((r) => r.order_id === "C4")).toMatchObject({ is_cancellation: true, is_return: true, amount: -40 });
    expect(rows.find((r) => r.order_id === "R1")).toMatchObject({ is_cancellation: false, is_return: true });
    expect(rows.find((r) => r.order_id === "O5")).toMatchObject({ is_product: false });
    expect(rows[0].product_name).toBe("Mug, blue");
  });

  it("fails with the file, role and config key when a required column is missing, leaving no output", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ingest-bad-"));
    const bad = join(dir, "t.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(bad, "customer_id,quantity,unit_price\nA,1,2\n");
    const target = join(dir, "out");
    await expect(ingest(db, { transactions: bad, config, outDir: target })).rejects.toThrow(/t\.csv: no column for the role "timestamp".*columns\.transactions\.timestamp/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial-${process.pid}`)).toBe(false);
  });

  it("reports a missing or empty file in one line naming it", async () => {
    await expect(ingest(db, { transactions: "nope.csv", config, outDir: join(out, "x") })).rejects.toThrow("nope.csv: file not found");
    const { writeFileSync } = await import("node:fs");
    const empty = join(mkdtempSync(join(tmpdir(), "empty-")), "empty.csv");
    writeFileSync(empty, "");
    await expect(ingest(db, { transactions: empty, config, outDir: join(out, "y") })).rejects.toThrow("empty.csv: the file is empty");
  });
});

describe("features", () => {
  it("computes hand-checked recency, frequency and monetary as of a date, ignoring later lines", async () => {
    const file = join(out, "features.parquet");
    const result = await buildFeatures(db, { inDir: out, outFile: file, asOf: "2024-02-01", pii: config.pii });
    expect(result).toEqual({ customers: 4, asOf: "2024-02-01" });
    const rows = await db.all<Record<string, unknown>>(`SELECT * FROM read_parquet('${file}') ORDER BY customer_id`);
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect(byId.A).toMatchObject({ recency_days: 22, frequency: 2, monetary: 18, tenure_days: 31, avg_order_value: 11.5, items_per_order: 2, return_rate: 0.25, distinct_products: 2, region: "North" });
    expect(byId.B).toMatchObject({ recency_days: 12, frequency: 2, monetary: 3, distinct_products: 1 });
    expect(byId.C).toMatchObject({ recency_days: 1, frequency: 1, monetary: 15 });
    expect(byId["17850"]).toMatchObject({ recency_days: 17, frequency: 1, monetary: 8, region: "West" });
    // Personal data never reaches the feature table.
    expect(Object.keys(rows[0])).not.toContain("email");
    expect(Object.keys(rows[0])).not.toContain("first_name");
  });

  it("defaults the as-of date to the day after the last transaction", async () => {
    const result = await buildFeatures(db, { inDir: out, outFile: join(out, "f2.parquet"), pii: [] });
    expect(result.asOf).toBe("2024-02-06");
  });
});
