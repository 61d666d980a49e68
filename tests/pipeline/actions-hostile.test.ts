// Hostile names and values through the actions' SQL on both engines: table, column, audience,
// segment, product and category names and rule values holding quotes, SQL and markup stay data.
// A payload that ran would write a PWNED-*.csv canary (tests/corpus/hostile/cases.json) into the
// working directory (native DuckDB) or drop a table (both engines).
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableColumnsSql, type ColumnInfo, type Rule } from "../../src/lib/actions/audienceRule.js";
import { assertAudiences, audienceMembersSql, audienceMembershipSql, audienceSummarySql } from "../../src/lib/actions/audiences.js";
import { pairRulesSql } from "../../src/lib/actions/copurchase.js";
import { kpiSql } from "../../src/lib/actions/kpis.js";
import { nextBestSql } from "../../src/lib/actions/nextBest.js";
import { recommendationsSql } from "../../src/lib/actions/recommendations.js";
import { parseConfig } from "../../src/lib/config/config.js";
import { quoteIdent } from "../../src/lib/io/sql.js";
import { parseCsv } from "../support/csv.js";
import { bothEngines, line, TRANSACTION_TYPES, type BoundEngine } from "../lib/actions/engines.js";

const { canary } = JSON.parse(readFileSync(resolve(import.meta.dirname, "../corpus/hostile/cases.json"), "utf-8")) as { canary: string };
const canaries = () => readdirSync(process.cwd()).filter((name) => name.startsWith(canary));
const before = canaries();

const COPY = (tag: string) => `'); COPY (SELECT 'pwned') TO '${canary}-${tag}.csv'; --`;
const TABLE = `people"; DROP TABLE transactions; --`;
const SEGMENT_TABLE = `seg'); COPY (SELECT 1) TO '${canary}-table.csv'; --`;
const COLUMN_SQL = `Qty'); DROP TABLE transactions; --`;
const COLUMN_QUOTE = `"; DROP TABLE features; --`;
const COLUMN_MARKUP = "<img src=x onerror=window.__hostile='column'>";
const SEGMENT = "Loyal'); DROP TABLE features; --";
const PRODUCT = `P"${COPY("product")}`;
const NAME = "<script>window.__hostile='product'</script>";
const CATEGORY = `Tea & «Café» ${COPY("category")}`;
const VALUE = `O'Brien${COPY("value")}`;

let engines: BoundEngine[] = [];
beforeAll(async () => {
  engines = await bothEngines();
  const tx = (customer: string, order: string, product: string, name: string, category: string) => line(customer, order, "2024-01-01 10:00:00", product, name, category, 1, 10);
  const lines = [
    tx(VALUE, "1", PRODUCT, NAME, CATEGORY),
    tx(VALUE, "1", "MUG", "Mug", "Kitchen"),
    tx("b", "2", PRODUCT, NAME, CATEGORY),
    tx("b", "2", "MUG", "Mug", "Kitchen"),
    tx("c", "3", "MUG", "Mug", "Kitchen"),
    tx("d", "4", "PAN", "Pan", "Kitchen"),
  ];
  for (const engine of engines) {
    await engine.loadRows("transactions", TRANSACTION_TYPES, lines);
    await engine.loadRows(SEGMENT_TABLE, { customer_id: "VARCHAR", [COLUMN_QUOTE]: "VARCHAR" }, [[VALUE, SEGMENT], ["b", SEGMENT], ["c", "other"], ["d", "other"]]);
    await engine.loadRows(TABLE, { customer_id: "VARCHAR", [COLUMN_SQL]: "INTEGER", [COLUMN_QUOTE]: "VARCHAR", [COLUMN_MARKUP]: "VARCHAR", monetary: "DOUBLE" }, [
      [VALUE, 3, SEGMENT, VALUE, 20],
      ["b", 1, SEGMENT, "x", 20],
      ["c", 5, "other", VALUE, 10],
      ["d", 0, "other", null, 10],
    ]);
  }
});
afterAll(() => engines.forEach((e) => e.close()));

async function tablesIntact(engine: BoundEngine) {
  const [{ n }] = await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM transactions`);
  expect(n, engine.name).toBe(6);
  for (const table of [TABLE, SEGMENT_TABLE]) await engine.query(`SELECT count(*) FROM ${quoteIdent(table)}`);
}

describe.each(["native", "wasm"] as const)("hostile names and values on %s DuckDB", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;
  const source = { assignments: SEGMENT_TABLE, segmentColumn: COLUMN_QUOTE };

  it("recommendations, co-purchase rules, next best products and KPIs keep every name as data", async () => {
    const floors = { minCustomers: 1, minSupport: 0, minLift: 1.5 };
    const products = await engine().all(recommendationsSql({ ...source, level: "product", ...floors }));
    // The hostile segment's two customers both bought the hostile product, which no other customer did: lift 2.
    expect(products).toMatchObject([
      { segment: SEGMENT, item: PRODUCT, item_name: NAME, segment_buyers: 2, base_customers: 4, lift: 2 },
      { segment: "other", item: "PAN", lift: 2 },
    ]);
    const categories = await engine().all(recommendationsSql({ ...source, level: "category", minCustomers: 1, minSupport: 0, minLift: 0 }));
    expect(categories.map((r) => r.item)).toContain(CATEGORY);
    const pairs = await engine().all(pairRulesSql({ ...source, level: "product", minOrders: 1, minSupport: 0, minConfidence: 0, minLift: 0 }));
    expect(pairs.filter((r) => r.segment === SEGMENT).map((r) => [r.antecedent, r.consequent])).toEqual([
      ["MUG", PRODUCT],
      [PRODUCT, "MUG"],
    ]);
    const next = await engine().all(nextBestSql({ ...source, count: 1, ...floors }));
    expect(next.find((r) => r.customer_id === "c")).toEqual({ customer_id: "c", next_best_1: "PAN", next_best_1_name: "Pan" });
    const kpis = await engine().all(kpiSql(source));
    expect(kpis.map((r) => r.segment)).toEqual([SEGMENT, "other", null]);
    await tablesIntact(engine());
  });

  it("audiences over hostile column names, with hostile names and values, select the right customers", async () => {
    const columns = (await engine().query(tableColumnsSql(TABLE))) as unknown as ColumnInfo[];
    expect(columns.map((c) => c.name)).toEqual(["customer_id", COLUMN_SQL, COLUMN_QUOTE, COLUMN_MARKUP, "monetary"]);
    const config = parseConfig({
      audiences: [
        { name: `A${COPY("audience")}`, rule: { all: [{ column: COLUMN_QUOTE, op: "=", value: SEGMENT }, { column: COLUMN_SQL, op: ">=", value: 2 }] } },
        { name: COLUMN_MARKUP, rule: { any: [{ column: COLUMN_MARKUP, op: "in", value: [VALUE, "'; DROP TABLE x; --"] }, { column: "customer_id", op: "contains", value: "'); copy" }] } },
      ],
    });
    const table = { table: TABLE, columns };
    assertAudiences(config.audiences, table);
    expect((await engine().all(audienceMembersSql(config.audiences[0].rule as Rule, table))).map((r) => r.customer_id)).toEqual([VALUE]);
    expect((await engine().all(audienceMembersSql(config.audiences[1].rule as Rule, table))).map((r) => r.customer_id)).toEqual([VALUE, "c"]);
    const summary = await engine().all(audienceSummarySql(config.audiences, table));
    expect(summary.map((r) => [r.name, r.customers, r.value])).toEqual([
      [config.audiences[0].name, 1, 20],
      [COLUMN_MARKUP, 2, 30],
    ]);
    const members = await engine().all(audienceMembershipSql(config.audiences, table));
    expect(members.map((r) => [r.customer_id, r.audience])).toEqual([
      [VALUE, config.audiences[0].name],
      [VALUE, COLUMN_MARKUP],
      ["c", COLUMN_MARKUP],
    ]);
    await tablesIntact(engine());
  });
});

it("ran none of the SQL in names and values (no canary file in the working directory)", () => {
  expect(canaries()).toEqual(before);
});

describe("the hostile project's audiences through the report and the CRM export (CLI)", () => {
  it("builds the report with hostile audience names, rules and plays, exports an audience, and runs none of it", async () => {
    const { mkdtempSync, copyFileSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { spawnSync } = await import("node:child_process");
    const corpus = resolve(import.meta.dirname, "../corpus/hostile");
    const dir = mkdtempSync(join(tmpdir(), "hostile-audiences-"));
    try {
      for (const file of ["transactions.csv", "customers.csv"]) copyFileSync(join(corpus, file), join(dir, file));
      const config = JSON.parse(readFileSync(join(corpus, "workbench.config.json"), "utf-8"));
      writeFileSync(join(dir, "workbench.config.json"), JSON.stringify(config));
      const cli = (...args: string[]) => spawnSync(resolve(import.meta.dirname, "../../node_modules/.bin/tsx"), [resolve(import.meta.dirname, "../../pipeline/cli.ts"), ...args], { cwd: dir, encoding: "utf-8" });
      const report = cli("report", "--config", "workbench.config.json", "--out", "report.json");
      expect(report.status, report.stderr).toBe(0);
      const built = JSON.parse(readFileSync(join(dir, "report.json"), "utf-8"));
      expect(built.audiences.list.map((a: { name: string }) => a.name)).toEqual(config.audiences.map((a: { name: string }) => a.name));
      // Every one of the 60 customers has a value in the SQL-named column and a city other than the payload.
      expect(built.audiences.list[0].customers).toBe(60);
      expect(built.audiences.list[0].play).toEqual(config.audiences[0].play);
      const exported = cli("export", "--config", "workbench.config.json", "--audience", config.audiences[1].name, "--out", "audience.csv");
      expect(exported.status, exported.stderr).toBe(0);
      const rows = parseCsv(readFileSync(join(dir, "audience.csv"), "utf-8"));
      expect(rows).toHaveLength(built.audiences.list[1].customers + 1);
      // The audience's name is a formula: neutralised in every line.
      expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set([`'${config.audiences[1].name}`]));
      expect(readdirSync(dir).filter((name) => name.startsWith(canary))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
