// The feature SQL (src/lib/features/featureSql.ts) with RFM scores, run on both DuckDB engines (native DuckDB
// as the loaders use it and DuckDB-WASM as the pages use it) and, in its PostgreSQL dialect, on a real
// PostgreSQL server (a database source), over the same inputs: identical rows on every engine.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type RfmConfig } from "../../../src/lib/config/config.js";
import { asOfSql, categoryColumns, customerAttributes, featureSql, planFeatureSql, type PlanOptions } from "../../../src/lib/features/featureSql.js";
import { pick, randomInt, seededRandom } from "../../../src/lib/stats/random.js";
import { rfmScores, rfmSegment } from "../../../src/lib/features/rfm.js";
import { nativeEngine, postgresEngine, TRANSACTION_COLUMNS, wasmEngine, type Engine } from "../../fixtures/features/engines.js";
import { AS_OF, EXPECTED, EXPECTED_COLUMNS } from "../../fixtures/features/expected.js";
import { usePostgres } from "../../support/postgres.js";

const postgres = usePostgres();
/** The engines this run has: both DuckDB engines, and PostgreSQL when it is installed (see usePostgres). */
const ENGINE_NAMES = ["native", "wasm", ...(postgres.available ? ["postgres"] : [])];

const FIXTURE = "tests/fixtures/features";
const CUSTOMER_COLUMNS = { customer_id: "VARCHAR", first_name: "VARCHAR", email: "VARCHAR", region: "VARCHAR", birth_year: "VARCHAR", channel: "VARCHAR" };

describe("customerAttributes", () => {
  it("drops the id, personal data (ignoring case and separators) and feature names; turns a birth year into age_band", () => {
    const columns = ["customer_id", "First Name", "EMAIL", "region", "Birth_Year", "frequency", "share_x", "channel"];
    expect(customerAttributes(columns, ["first_name", "email"])).toEqual({ attributes: ["region", "channel"], birthYear: "Birth_Year" });
    expect(customerAttributes(columns, ["first_name", "email", "birth year"])).toEqual({ attributes: ["region", "channel"], birthYear: null });
    expect(customerAttributes(["customer_id", "yob"], []).birthYear).toBe("yob");
  });
});

describe("categoryColumns", () => {
  it("slugs category names into share_ columns, in order, without collisions", () => {
    expect(categoryColumns(["Home", "Kitchen & Dining", "kitchen-dining", "Café", "", "Ünïcode ☃ toys"])).toEqual([
      "share_home",
      "share_kitchen_dining",
      "share_kitchen_dining_2",
      "share_cafe",
      "share_category",
      "share_unicode_toys",
    ]);
  });
});

describe("asOfSql", () => {
  it("takes a YYYY-MM-DD date or defaults to the day after the last transaction", () => {
    expect(asOfSql({ asOf: "2024-03-01" })).toBe("DATE '2024-03-01'");
    expect(asOfSql({ transactions: "t" })).toBe(`(SELECT CAST(max(order_ts) AS DATE) + 1 FROM "t")`);
    expect(() => asOfSql({ asOf: "01/03/2024" })).toThrow(/YYYY-MM-DD/);
    expect(() => asOfSql({ asOf: "2024-13-45" })).toThrow(/YYYY-MM-DD/);
    expect(() => asOfSql({ asOf: "2024-03-01'; DROP TABLE x; --" })).toThrow(/YYYY-MM-DD/);
  });

  it("quotes every name and value it puts in the SQL", () => {
    const sql = featureSql({ transactions: 'my "tx"', categories: ["it's"], customers: { table: "c", attributes: ['a"b'], birthYear: null } });
    expect(sql).toContain(`FROM "my ""tx""" t`);
    expect(sql).toContain(`category = 'it''s'`);
    expect(sql).toContain(`cu."a""b"`);
  });
});

/** A generated shop: many customers, ties, returns, cancellations, awkward category names. */
function writeGenerated(dir: string, seed = 7, customers = 600): string {
  const random = seededRandom(seed);
  const categories = ["Home", "Kitchen & Dining", "kitchen-dining", "Café", "Toys", "Garden", null];
  const lines = ["customer_id,order_id,order_ts,product_id,product_name,category,quantity,unit_price,amount,is_cancellation,is_return,is_product"];
  let order = 0;
  const day0 = Date.UTC(2023, 0, 1);
  for (let c = 0; c < customers; c++) {
    const id = `C${String(randomInt(random, 100000)).padStart(5, "0")}-${c}`;
    const orders = 1 + randomInt(random, randomInt(random, 4) === 0 ? 12 : 3);
    for (let o = 0; o < orders; o++) {
      order++;
      // Whole days and a few fixed times: many customers share a last-purchase date.
      const ts = new Date(day0 + randomInt(random, 500) * 86400000 + pick(random, [9, 12, 18]) * 3600000).toISOString().slice(0, 19).replace("T", " ");
      const cancelled = randomInt(random, 15) === 0;
      const returned = !cancelled && randomInt(random, 20) === 0;
      const orderId = cancelled ? `C${order}` : returned ? `R${order}` : `O${order}`;
      const n = 1 + randomInt(random, 4);
      for (let l = 0; l < n; l++) {
        const postage = randomInt(random, 10) === 0;
        const product = postage ? "POST" : `P${randomInt(random, 40)}`;
        const category = postage ? null : pick(random, categories);
        const quantity = (1 + randomInt(random, 6)) * (cancelled || returned ? -1 : 1);
        const price = pick(random, [0.85, 1.25, 2.5, 4.95, 10, 19.99]);
        const amount = Math.round(quantity * price * 100) / 100;
        const csvCategory = category === null ? "" : `"${category}"`;
        lines.push([id, orderId, ts, product, product, csvCategory, quantity, price, amount.toFixed(2), cancelled, cancelled || returned, !postage].join(","));
      }
    }
  }
  const file = join(dir, `generated-${seed}.csv`);
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

const engines: Engine[] = [];
let generated: string;

beforeAll(async () => {
  engines.push(await nativeEngine(), await wasmEngine());
  if (postgres.available) engines.push(await postgresEngine(postgres.server()));
  generated = writeGenerated(mkdtempSync(join(tmpdir(), "features-")));
  for (const engine of engines) {
    await engine.loadCsv("lines", join(FIXTURE, "lines.csv"), TRANSACTION_COLUMNS);
    await engine.loadCsv("customers", join(FIXTURE, "customers.csv"), CUSTOMER_COLUMNS);
    await engine.loadCsv("generated", generated, TRANSACTION_COLUMNS);
  }
});
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

async function features(engine: Engine, options: PlanOptions) {
  const plan = await planFeatureSql(engine.query, { ...options, dialect: engine.dialect });
  return { plan, rows: await engine.query(plan.sql) };
}

describe("the engines", () => {
  it("are native DuckDB 1.5, DuckDB-WASM 1.1 and PostgreSQL 15", () => {
    expect(engines.map((e) => [e.name, e.version.slice(0, e.name === "postgres" ? 2 : 4)])).toEqual([
      ["native", "v1.5"],
      ["wasm", "v1.1"],
      ...(postgres.available ? [["postgres", "15"]] : []),
    ]);
  });
});

describe.each(ENGINE_NAMES)("features on %s", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("match the hand-computed fixture as of 2024-03-01: returns, same-day orders, cancellations, the cut-off", async () => {
    const { plan, rows } = await features(engine(), { transactions: "lines", customers: "customers", asOf: AS_OF });
    expect(plan.categories).toEqual(["Garden", "Toys", "Home"]);
    expect(Object.keys(rows[0])).toEqual(EXPECTED_COLUMNS);
    // D only returned something before the as-of date; H never bought.
    expect(rows.map((r) => r.customer_id)).toEqual(["A", "B", "C", "E", "F", "G"]);
    for (const row of rows) expect(row).toEqual({ customer_id: row.customer_id, ...EXPECTED[row.customer_id as string] });
  });

  it("defaults the as-of date to the day after the last transaction, so later lines count", async () => {
    const { rows } = await features(engine(), { transactions: "lines", customers: "customers" });
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id, r]));
    expect(byId.A).toMatchObject({ as_of: "2024-03-06", recency_days: 5, frequency: 4, monetary: 80, last_purchase: "2024-03-01" });
    // D's return comes before its only purchase: net 0, every bought unit returned.
    expect(byId.D).toMatchObject({ frequency: 1, monetary: 0, return_rate: 1, region: null, age_band: null });
  });

  it("keeps the top N categories by revenue and leaves personal data out, birth year included when listed", async () => {
    const { rows } = await features(engine(), { transactions: "lines", customers: "customers", asOf: AS_OF, topCategories: 2, pii: ["first_name", "email", "birth_year"] });
    const columns = Object.keys(rows[0]);
    expect(columns.filter((c) => c.startsWith("share_"))).toEqual(["share_garden", "share_toys"]);
    expect(columns).not.toContain("age_band");
    expect(columns).not.toContain("age");
    expect(columns).not.toContain("birth_year");
    expect(columns).not.toContain("email");
    expect(columns).not.toContain("first_name");
  });

  it("has no category columns when the export has no categories, and no attributes without a customers table", async () => {
    await engine().run(`DROP TABLE IF EXISTS uncategorised`);
    await engine().run(`CREATE TABLE uncategorised AS SELECT * FROM lines`);
    await engine().run(`UPDATE uncategorised SET category = NULL`);
    const { plan, rows } = await features(engine(), { transactions: "uncategorised", asOf: AS_OF });
    expect(plan.categories).toBeNull();
    expect(Object.keys(rows[0])).toEqual(EXPECTED_COLUMNS.filter((c) => c !== "distinct_categories" && !c.startsWith("share_") && !["region", "channel", "age", "age_band"].includes(c)));
  });

  it("gives no rows, not an error, for an as-of date before every purchase", async () => {
    const { rows } = await features(engine(), { transactions: "lines", customers: "customers", asOf: "2020-01-01" });
    expect(rows).toEqual([]);
  });

  it("scores the generated shop exactly as the TS reference rule does, segments by the first matching rule", async () => {
    const { rows } = await features(engine(), { transactions: "generated", asOf: "2024-03-01", topCategories: 6 });
    expect(rows.length).toBeGreaterThan(500);
    const col = (name: string) => rows.map((r) => Number(r[name]));
    expect(col("r_score")).toEqual(Array.from(rfmScores(col("recency_days"), false)));
    expect(col("f_score")).toEqual(Array.from(rfmScores(col("frequency"), true)));
    expect(col("m_score")).toEqual(Array.from(rfmScores(col("monetary"), true)));
    expect(rows.map((r) => r.rfm_segment)).toEqual(rows.map((r) => rfmSegment(DEFAULT_CONFIG.rfm, Number(r.r_score), Number(r.f_score), Number(r.m_score))));
    // Awkward category names get distinct columns.
    expect(Object.keys(rows[0]).filter((c) => c.startsWith("share_")).sort()).toEqual(
      ["share_cafe", "share_garden", "share_home", "share_kitchen_dining", "share_kitchen_dining_2", "share_toys"].sort(),
    );
  });
});

describe("every engine", () => {
  const cases: [string, PlanOptions][] = [
    ["the fixture as of 2024-03-01", { transactions: "lines", customers: "customers", asOf: AS_OF }],
    ["the fixture, default as-of date", { transactions: "lines", customers: "customers" }],
    ["the fixture, top 1 category, no customers", { transactions: "lines", asOf: AS_OF, topCategories: 1 }],
    ["the generated shop, default as-of date", { transactions: "generated", topCategories: 10 }],
    ["the generated shop as of 2023-09-01", { transactions: "generated", asOf: "2023-09-01" }],
  ];
  it.each(cases)("plan the same SQL (per dialect) and return identical rows: %s", async (_, options) => {
    const [native, wasm, ...others] = await Promise.all(engines.map((e) => features(e, options)));
    expect(wasm.plan.sql).toBe(native.plan.sql);
    expect(native.rows.length).toBeGreaterThan(0);
    expect(wasm.rows).toEqual(native.rows);
    for (const other of others) {
      expect(other.plan.categories).toEqual(native.plan.categories);
      expect(other.rows).toEqual(native.rows);
    }
  });

  it("read birth years alike, and give no age band (not a failed query) for one that is not a plausible year", async () => {
    const years = { A: "1e300", B: "inf", C: "1990.7", E: "abc", F: " 2000 ", G: "1_990" };
    for (const engine of engines) {
      await engine.run(`DROP TABLE IF EXISTS odd_customers`);
      await engine.run(`CREATE TABLE odd_customers (customer_id VARCHAR, birth_year VARCHAR)`);
      await engine.run(`INSERT INTO odd_customers VALUES ${Object.entries(years).map(([id, y]) => `('${id}', '${y}')`).join(", ")}`);
    }
    const [native, ...others] = await Promise.all(engines.map((e) => features(e, { transactions: "lines", customers: "odd_customers", asOf: AS_OF })));
    expect(Object.fromEntries(native.rows.map((r) => [r.customer_id, r.age_band]))).toEqual({ A: null, B: null, C: "25-34", E: null, F: "18-24", G: "25-34" });
    for (const other of others) expect(other.rows).toEqual(native.rows);
  });

  it("apply edited segment rules the same way", async () => {
    const rfm: RfmConfig = { segments: [{ name: "Best 'ones'", r: [5, 5], f: [1, 5], m: [4, 5] }, { name: "Recent", r: [4, 5], f: [1, 5], m: [1, 5] }], other: "Rest" };
    const [native, ...others] = await Promise.all(engines.map((e) => features(e, { transactions: "generated", rfm })));
    for (const other of others) expect(other.rows).toEqual(native.rows);
    expect(new Set(native.rows.map((r) => r.rfm_segment))).toEqual(new Set(["Best 'ones'", "Recent", "Rest"]));
  });
});
