// Each customer's country from their lines (src/lib/features/countrySql.ts) inside the feature query, on
// native DuckDB, DuckDB-WASM and (when installed) PostgreSQL: the country of most lines before the as-of
// date, a tie to the latest line's country and then to byte order, the customers export's country winning.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countryFromLines, customerCountrySql } from "../../../src/lib/features/countrySql.js";
import { planFeatureSql, type PlanOptions } from "../../../src/lib/features/featureSql.js";
import { nativeEngine, postgresEngine, TRANSACTION_COLUMNS, wasmEngine, type Engine } from "../../fixtures/features/engines.js";
import { AS_OF } from "../../fixtures/features/expected.js";
import { usePostgres } from "../../support/postgres.js";

const postgres = usePostgres();
const FIXTURE = "tests/fixtures/features";

// The fixture's lines (tests/fixtures/features/lines.csv) with a country each, keyed by order and product.
// A: United Kingdom on 3 lines (one a return) and France on 2 before 2024-03-01, France again on O9 that day.
// B: Germany and Spain once each (the cancellation's country blank): Spain's line is the later one.
// C: Italy then Austria on the same day: Austria's is later. E: no country. G: Norway twice, Sweden once.
const COUNTRY_OF_LINE = `CASE order_id || '/' || product_id
    WHEN 'O1/P1' THEN 'United Kingdom' WHEN 'O1/P2' THEN 'United Kingdom' WHEN 'R1/P2' THEN 'United Kingdom'
    WHEN 'O2/P1' THEN 'France' WHEN 'O3/P3' THEN 'France' WHEN 'O9/P1' THEN 'France'
    WHEN 'O4/P4' THEN 'Germany' WHEN 'O5/P5' THEN 'Spain'
    WHEN 'O6/P6' THEN 'Italy' WHEN 'O7/P1' THEN 'Austria'
    WHEN 'O12/P3' THEN 'United Kingdom'
    WHEN 'O13/P2' THEN 'Norway' WHEN 'O14/P2' THEN 'Norway' WHEN 'O15/P7' THEN 'Sweden'
    WHEN 'R2/P1' THEN 'Iceland' WHEN 'O10/P1' THEN 'Iceland'
  END`;

const engines: Engine[] = [];

beforeAll(async () => {
  engines.push(await nativeEngine(), await wasmEngine());
  if (postgres.available) engines.push(await postgresEngine(postgres.server()));
  for (const engine of engines) {
    await engine.loadCsv("lines", `${FIXTURE}/lines.csv`, TRANSACTION_COLUMNS);
    await engine.run(`DROP TABLE IF EXISTS country_lines`);
    await engine.run(`CREATE TABLE country_lines AS SELECT *, ${COUNTRY_OF_LINE} AS country FROM lines`);
    // T: Sweden and Denmark on two lines of one order (same count, same time): Denmark, first in byte order.
    await engine.run(`INSERT INTO country_lines VALUES
      ('T', 'O20', TIMESTAMP '2024-02-01 10:00:00', 'P1', 'Mug', 'Home', 1, 5.0, 5.0, false, false, true, 'Sweden'),
      ('T', 'O20', TIMESTAMP '2024-02-01 10:00:00', 'P3', 'Kite', 'Toys', 1, 4.0, 4.0, false, false, true, 'Denmark')`);
    await engine.run(`DROP TABLE IF EXISTS country_customers`);
    await engine.run(`CREATE TABLE country_customers (customer_id VARCHAR, "Country" VARCHAR)`);
    await engine.run(`INSERT INTO country_customers VALUES ('A', 'Portugal'), ('B', 'Belgium')`);
  }
});
afterAll(async () => {
  for (const engine of engines) await engine.close();
});

async function features(engine: Engine, options: PlanOptions) {
  const plan = await planFeatureSql(engine.query, { ...options, dialect: engine.dialect });
  return { plan, rows: await engine.query(plan.sql) };
}

const countries = (rows: Record<string, unknown>[], column = "country") => Object.fromEntries(rows.map((r) => [r.customer_id, r[column]]));

describe("countryFromLines", () => {
  it("is the lines' country only when the lines have one and the customers export has no country attribute", () => {
    expect(countryFromLines(["customer_id", "country"], [])).toBe(true);
    expect(countryFromLines(["customer_id", "country"], ["region", "channel"])).toBe(true);
    expect(countryFromLines(["customer_id", "country"], ["Country"])).toBe(false);
    expect(countryFromLines(["customer_id", "country"], ["country_code"])).toBe(false);
    expect(countryFromLines(["customer_id"], [])).toBe(false);
  });
});

describe.each(["native", "wasm", ...(postgres.available ? ["postgres"] : [])])("the lines' country on %s", (name) => {
  const engine = () => engines.find((e) => e.name === name)!;

  it("is the country of most lines before the as-of date, returns included; a tie goes to the latest line, then byte order", async () => {
    const { plan, rows } = await features(engine(), { transactions: "country_lines", asOf: AS_OF });
    expect(plan.country).toBe(true);
    // After the share columns, before any customers' attribute.
    expect(Object.keys(rows[0]).at(-1)).toBe("country");
    expect(countries(rows)).toEqual({ A: "United Kingdom", B: "Spain", C: "Austria", E: null, F: "United Kingdom", G: "Norway", T: "Denmark" });
  });

  it("counts O9, bought on the as-of date, once the date moves on: A's 3 against 3 goes to France, its latest line", async () => {
    const { rows } = await features(engine(), { transactions: "country_lines" });
    expect(countries(rows)).toMatchObject({ A: "France", D: "Iceland" });
  });

  it("gives way to the customers export's country column, which the feature row carries instead", async () => {
    const { plan, rows } = await features(engine(), { transactions: "country_lines", customers: "country_customers", asOf: AS_OF });
    expect(plan.country).toBe(false);
    expect(Object.keys(rows[0])).not.toContain("country");
    expect(countries(rows, "Country")).toMatchObject({ A: "Portugal", B: "Belgium", C: null });
    // A database source's customers, joined elsewhere, are named through customerColumns.
    const elsewhere = await features(engine(), { transactions: "country_lines", customerColumns: ["customer_id", "Country"], asOf: AS_OF });
    expect(elsewhere.plan.country).toBe(false);
  });

  it("is absent from lines without a country column", async () => {
    const { plan, rows } = await features(engine(), { transactions: "lines", asOf: AS_OF });
    expect(plan.country).toBe(false);
    expect(Object.keys(rows[0])).not.toContain("country");
  });

  it("agrees with customerCountrySql, which also counts the countries each customer's lines name", async () => {
    const [byLines, { rows }] = await Promise.all([
      engine().query(customerCountrySql({ transactions: "country_lines", asOf: AS_OF, dialect: engine().dialect })),
      features(engine(), { transactions: "country_lines", asOf: AS_OF }),
    ]);
    const placed = Object.fromEntries(byLines.map((r) => [r.customer_id, r.country]));
    for (const row of rows) expect(placed[row.customer_id as string] ?? null, String(row.customer_id)).toBe(row.country);
    // D returned something before the as-of date (Iceland) but bought nothing: no feature row, still placed.
    expect(byLines.map((r) => [r.customer_id, r.countries])).toEqual([["A", 2], ["B", 2], ["C", 2], ["D", 1], ["F", 1], ["G", 2], ["T", 2]]);
  });
});

describe("every engine", () => {
  it("returns identical rows with the lines' country, with and without the as-of date", async () => {
    for (const options of [{ transactions: "country_lines", asOf: AS_OF }, { transactions: "country_lines" }]) {
      const [native, wasm, ...others] = await Promise.all(engines.map((e) => features(e, options)));
      expect(native.rows.length).toBeGreaterThan(0);
      expect(wasm.plan.sql).toBe(native.plan.sql);
      expect(wasm.rows).toEqual(native.rows);
      for (const other of others) expect(other.rows).toEqual(native.rows);
    }
  });
});
