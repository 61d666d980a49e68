// The report's geography from the transactions export's country (config → ingest → features → report):
// the bundled sample's lines, each given its customer's country (from the sample's customers export) as a
// Country column, with some customers' earliest line moved to another country. Each customer is placed in
// the country of most of their lines, the customers whose lines name several are counted, no customer is
// lost, and a customers export with a country wins.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../pipeline/config.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { buildReport, type BuiltReport } from "../../../pipeline/report/build.js";
import { runPipeline } from "../../../pipeline/run.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { fromLinesNote } from "../../../src/lib/report/geography.js";
import { segmentPageData } from "../../../src/lib/report/segmentPage.js";

const LONG = 300_000;
const SAMPLE = join(PROJECT_ROOT, "data", "sample");
let dir: string;
const cacheDirs: string[] = [];
/** Each customer's lines' countries, as written. */
const linesOf = new Map<string, { country: string | null; ts: string }[]>();
let fromLines: BuiltReport;

function config(customers: string | null): string {
  const file = join(dir, `config-${cacheDirs.length}.json`);
  writeFileSync(file, JSON.stringify({ inputs: { transactions: join(dir, "lines.csv"), customers }, segmentation: { k: 4, seed: 1 } }));
  return file;
}

async function build(file: string): Promise<BuiltReport> {
  cacheDirs.push((await runPipeline(file)).dir);
  return buildReport(file);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "geography-"));
  const db = await openDatabase();
  try {
    // Every 40th customer's earliest line says Channel Islands (no shape on the map) instead of their country.
    const rows = await db.all<Record<string, string>>(`
      WITH t AS (SELECT * FROM read_csv(${quoteLiteral(join(SAMPLE, "transactions.csv"))}, all_varchar = true)),
           c AS (SELECT customer_id, country FROM read_csv(${quoteLiteral(join(SAMPLE, "customers.csv"))}, all_varchar = true))
      SELECT t.*, CASE WHEN CAST(substr(t.customer_id, 2) AS INTEGER) % 40 = 0
                        AND row_number() OVER (PARTITION BY t.customer_id ORDER BY t.order_timestamp, t.order_id, t.product_id) = 1
                       THEN 'Channel Islands' ELSE c.country END AS "Country"
      FROM t LEFT JOIN c USING (customer_id) ORDER BY t.order_id, t.product_id`);
    const columns = Object.keys(rows[0]);
    const quote = (v: string | null) => (v === null ? "" : /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    writeFileSync(join(dir, "lines.csv"), [columns.join(","), ...rows.map((r) => columns.map((c) => quote(r[c])).join(","))].join("\n") + "\n");
    for (const r of rows) {
      if (!linesOf.has(r.customer_id)) linesOf.set(r.customer_id, []);
      linesOf.get(r.customer_id)!.push({ country: r.Country, ts: r.order_timestamp });
    }
  } finally {
    db.close();
  }
  fromLines = await build(config(null));
}, LONG);

afterAll(() => {
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("geography from the transactions export's country", () => {
  it("maps the Country column and places every customer of the report in one country", () => {
    const { report, customerIds } = fromLines;
    expect(report.quality.transactions!.mapping.country).toBe("Country");
    const g = report.geography;
    expect(g.country?.column).toBe("country");
    const everyone = g.country!.profile.everyone;
    expect(everyone.reduce((s, v) => s + v.customers, 0)).toBe(customerIds.length);
    expect(report.totals.customers).toBe(customerIds.length);
    const uk = g.country!.profile.values.indexOf("United Kingdom");
    expect(uk).toBeGreaterThanOrEqual(0);
    // Each segment's customers by country add up to the segment.
    for (const s of report.segments) {
      const page = segmentPageData(report, s.segment);
      expect(page.geography!.country!.rows.reduce((n, r) => n + r.customers, 0)).toBe(s.customers);
      expect(page.geography!.fromLines).toEqual(g.fromLines);
    }
  });

  it("counts the customers whose lines name more than one country, as the lines written say", () => {
    const { report, customerIds } = fromLines;
    // Lines without a country are not counted (a customer with none is "(missing)").
    const several = customerIds.filter((id) => new Set(linesOf.get(id)!.filter((l) => l.country !== null).map((l) => l.country)).size > 1);
    expect(several.length).toBeGreaterThan(10);
    expect(report.geography.fromLines).toEqual({ column: "Country", multiCountry: several.length });
    expect(fromLinesNote(report.geography.fromLines!)).toBe(
      `Each customer's country is read from the transactions export's Country column: ${several.length} customers bought from more than one country; each is placed in the country of most of their lines (a tie: the latest line's).`,
    );
    // The rule, written again: most lines, then the latest line, then byte order.
    const placed = new Map<string, number>();
    for (const id of customerIds) {
      const by = new Map<string, { n: number; latest: string }>();
      for (const { country, ts } of linesOf.get(id)!) {
        if (country === null) continue;
        const c = by.get(country) ?? { n: 0, latest: "" };
        by.set(country, { n: c.n + 1, latest: ts > c.latest ? ts : c.latest });
      }
      const [country] = by.size === 0 ? ["(missing)"] : [...by].sort(([a, x], [b, y]) => y.n - x.n || (x.latest < y.latest ? 1 : x.latest > y.latest ? -1 : a < b ? -1 : 1))[0];
      placed.set(country, (placed.get(country) ?? 0) + 1);
    }
    const p = report.geography.country!.profile;
    const shown = Object.fromEntries(p.values.map((v, i) => [v, p.everyone[i].customers]));
    const expected = Object.fromEntries([...placed].filter(([, n]) => n >= 5));
    const other = [...placed].filter(([, n]) => n < 5).reduce((s, [, n]) => s + n, 0);
    expect(shown).toEqual(other ? { ...expected, Other: other } : expected);
    // Channel Islands, a customer's only country or won by a tie inside one order (same time, byte order first), has its row.
    expect(shown["Channel Islands"]).toBeGreaterThanOrEqual(5);
  });

  it("gives way to the customers export's country: no note, the customers' column read", async () => {
    const { report, customerIds } = await build(config(join(SAMPLE, "customers.csv")));
    expect(report.quality.transactions!.mapping.country).toBe("Country");
    expect(report.geography.country?.column).toBe("country");
    expect(report.geography.fromLines).toBeNull();
    expect(report.geography.country!.profile.values).not.toContain("Channel Islands");
    expect(report.geography.country!.profile.everyone.reduce((s, v) => s + v.customers, 0)).toBe(customerIds.length);
  }, LONG);
});
