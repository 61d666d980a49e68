// The shared real export, end to end: ingest → features → segmentation on 541,909 lines.
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildReport } from "../../pipeline/report/build.js";

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail tests: ${DATASET} is absent`);

describe.skipIf(!present)("Online Retail export", () => {
  it("loads every line or rejects it with a reason, and segments the customers", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retail-"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: DATASET, customers: null }, segmentation: { k: 4, seed: 1 } }));
    const { report } = await buildReport(config);
    const t = report.quality.transactions;
    expect(t.rowsRead).toBe(541909);
    expect(t.rowsLoaded + t.rowsRejected).toBe(t.rowsRead);
    // Known traits of this export: ~135k lines without a customer id, ~5k exact duplicates among the rest.
    expect(t.rejectedByReason["missing customer id"]).toBe(135080);
    expect(t.rejectedByReason.duplicate).toBeGreaterThan(5000);
    expect(t.mapping).toMatchObject({ customer_id: "CustomerID", order_id: "InvoiceNo", timestamp: "InvoiceDate" });
    expect(t.firstTimestamp).toBe("2010-12-01 08:26:00");
    expect(report.asOf).toBe("2011-12-10");
    expect(t.customers).toBe(4372);
    // Real unit prices: not flagged as line totals (ρ within products is negative: bulk buys are cheaper per unit).
    expect(t.lineTotalCheck).toMatchObject({ unitPriceColumn: "UnitPrice", scope: "product", flagged: false, nameLikeLineTotal: false });
    expect(t.lineTotalCheck!.rho!).toBeLessThan(0);
    expect(t.duplicates).toEqual({ policy: "auto", dropped: true, lines: 5225 });
    expect(t.revenueFrom).toBe("quantity × unit_price");
    expect(t.warnings).toEqual([]);
    expect(report.segments).toHaveLength(4);
    expect(report.segments.reduce((s, x) => s + x.customers, 0)).toBe(report.totals.customers);
    expect(report.segments.reduce((s, x) => s + x.customerShare, 0)).toBeCloseTo(1, 3);
  }, 120_000);
});
