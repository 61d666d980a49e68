// The typing rules (src/lib/ingest/typing.ts) run on both engines, never compared as text: native DuckDB
// and a real PostgreSQL server read the same values, generated in every documented form and in
// malformed ones (seeded), to the same typed value or to NULL, and PostgreSQL never fails the query.
import { listValue } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { openPostgres, type PostgresDatabase } from "../../../pipeline/postgres.js";
import type { DateOrder } from "../../../src/lib/config/config.js";
import { dialect, type SqlDialect } from "../../../src/lib/io/dialect.js";
import { currencySql, idSql, numberSql, skippedLocalTimeSql, textSql, timestampSql, wallClockSql } from "../../../src/lib/ingest/typing.js";
import { pick, randomInt, seededRandom } from "../../../src/lib/stats/random.js";
import { usePostgres } from "../../support/postgres.js";

const postgres = usePostgres();

let duck: Database;
let pg: PostgresDatabase | null = null;

beforeAll(async () => {
  duck = await openDatabase();
  if (postgres.available) pg = await openPostgres(postgres.server().url, { env: postgres.server().env });
}, 120_000);

afterAll(async () => {
  duck?.close();
  await pg?.close();
});

/**
 * Each value's result of `expression(dialect)` (over a text column `v`) on each engine, in value order.
 * Timestamps come back as microseconds since the epoch, doubles as numbers (−0 kept), text as text.
 */
async function evaluate(values: readonly (string | null)[], expression: (d: SqlDialect) => string, kind: "timestamp" | "double" | "text" | "boolean") {
  const out = (d: SqlDialect, e: string) =>
    kind === "timestamp" ? (d === "duckdb" ? `CAST(epoch_us(${e}) AS VARCHAR)` : `CAST(CAST(extract(epoch FROM ${e}) * 1000000 AS BIGINT) AS TEXT)`) : e;
  const duckRows = await duck.all<{ r: unknown }>(
    `SELECT ${out("duckdb", expression("duckdb"))} AS r FROM (SELECT unnest($1::VARCHAR[]) AS v, unnest(range(len($1::VARCHAR[]))) AS i) ORDER BY i`,
    [listValue(values as (string | null)[])],
  );
  const pgRows = pg ? await pg.all<{ r: unknown }>(`SELECT ${out("postgres", expression("postgres"))} AS r FROM unnest($1::text[]) WITH ORDINALITY AS t(v, i) ORDER BY i`, [values]) : [];
  return { duckdb: duckRows.map((r) => r.r), postgres: pgRows.map((r) => r.r) };
}

/** The values whose results differ between the engines (at most 10), as "value: duckdb ≠ postgres". */
function differences(values: readonly (string | null)[], results: { duckdb: unknown[]; postgres: unknown[] }): string[] {
  const shown = (x: unknown) => (Object.is(x, -0) ? "-0" : JSON.stringify(x));
  return values
    .map((v, i) => (Object.is(results.duckdb[i], results.postgres[i]) ? null : `${JSON.stringify(v)}: ${shown(results.duckdb[i])} ≠ ${shown(results.postgres[i])}`))
    .filter((x): x is string => x !== null)
    .slice(0, 10);
}

const random = seededRandom(18);
const two = (n: number) => String(n).padStart(2, "0");
const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(random, 10))).join("");

/** Timestamps in every documented form, near-misses, and junk. */
function timestamps(n: number): string[] {
  const values = [
    "2024-01-05 10:00:00", "2024-1-5 9:3:7", "2024-01-05  10:00:00", "2024-01-05 10:00", "2024-01-05", "20240105", "2024015", "2024011", "202401",
    "202401051", "2024010510", "202401051030", "2024010510300", "20240105103000", "202401051030000", "2024/01/05", "2024/1/5 10:00", "2024-02-30",
    "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-01-05 24:00:00", "2024-01-05 24:00", "2024-12-31 24:00:00", "2024-01-05 24:00:01",
    "2024-01-05 24:00:00.000001", "2024-01-05 23:59:60", "2024-01-05 10:60:00", "2024-01-05 10:00:00.123", "2024-01-05T10:00:00", "2024-01-05T10:00",
    "2024-01-05 10:00:00.1234567", "2024-01-05 10:00:00.9999995", "2024-01-05 10:00:00.", "2024-01-05T10:00:00Z", "2024-01-05 10:00:00Z",
    "2024-01-05T10:00:00.5Z", "2024-01-05T10:00:00+01:00", "2024-01-05T10:00:00+01", "2024-01-05T10:00:00+0130", "2024-01-05T10:00:00-05:00",
    "2024-01-05T10:00:00-00:30", "2024-01-05T24:00:00Z", "2024-01-05T24:00:00+01:00", "2024-01-05T10:00Z", "2024-01-05T10:00+01:00",
    "2024-01-05T10:00:00+99:99", "9999-12-31T23:59:59-01:00", "0000-01-01", "0000-02-29 10:00:00", "2024-01-05 10:00:00 UTC", "2024-01-05 10:00:00+01",
    "2024-01-05\t10:00", "2024-01-05 \t 10:00", "2024-01-0510:00", "2024-01-05\t", "2024-01-05 10:00\r", "20240105\t", " 2024-01-05 ", "2024-01-05x", "12024-01-01", "02024-01-05", "2024-01-05 10",
    "2024-01-05 12:", "2024-01-05 0010:00", "2024-13-01", "2024-00-10", "2024-01-00", "not a date", "", "  ", "2024-03-31 01:30:00", "2024-03-31 02:30:00",
    "2024-10-27 01:30:00", "2024-03-10 02:30:00", "2024-11-03 01:30:00", "01/02/2024", "1/2/2024 9:05", "01/02/2024  10:00", "31/02/2024", "31/01/2024",
    "01/13/2024", "13/01/2024", "29/02/2023", "01/02/24", "01/02/69", "01/02/68", "01/02/00", "1/2/3", "01-02-2024 10:00:00", "01.02.2024", "01/02-2024",
    "01/02/20245", "001/02/2024", "01/02/2024T10:00", "01/02/2024 10:00:00 AM", "01/02/2024\t", "01/02/24 10:00:00", "12/25/24 23:59",
  ];
  for (let i = 0; i < n; i++) {
    const y = pick(random, [1969, 1999, 2000, 2011, 2023, 2024, 2100]);
    const mo = randomInt(random, 14);
    const d = randomInt(random, 33);
    const h = randomInt(random, 26);
    const mi = randomInt(random, 62);
    const s = randomInt(random, 62);
    const p = (x: number) => (random() < 0.2 ? String(x) : two(x));
    const date = pick(random, [
      `${y}-${two(mo)}-${two(d)}`,
      `${y}-${p(mo)}-${p(d)}`,
      `${y}/${p(mo)}/${p(d)}`,
      `${y}${two(mo)}${two(d)}`,
      `${p(d)}/${p(mo)}/${y}`,
      `${p(mo)}.${p(d)}.${String(y).slice(2)}`,
      `${p(d)}-${p(mo)}-${String(y).slice(2)}`,
    ]);
    const time = pick(random, [
      "",
      ` ${two(h)}:${two(mi)}:${two(s)}`,
      ` ${p(h)}:${p(mi)}`,
      `T${two(h)}:${two(mi)}:${two(s)}`,
      `T${two(h)}:${two(mi)}:${two(s)}.${digits(1 + randomInt(random, 8))}`,
      `T${two(h)}:${two(mi)}:${two(s)}${pick(random, ["Z", "+01:00", "-0530", "+02", "+14:00"])}`,
      ` ${two(h)}:${two(mi)}`,
      `${two(h)}${two(mi)}${two(s)}`,
    ]);
    let value = date + time;
    if (random() < 0.05) value = value.slice(0, randomInt(random, value.length + 1));
    if (random() < 0.05) value += pick(random, [" ", "\t", "x", "Z", ".5"]);
    values.push(value);
  }
  return values;
}

/** Numbers as exports write them: separators, currency signs, blanks, signs, exponents, junk. */
function numbers(n: number): string[] {
  const values = ["1", "-1", "+1", "1,234.50", "£1,234.50", "$ 12", "€5", "1 234,50", "12,5", "1.234,50", "1.234.567,89", "1,234,567.89", "12,34", "1,23", "NaN",
    "inf", "-Infinity", "1e400", "1e-400", "", " ", "abc", "1.2.3", "0", "-0", "1_000", "00012", "1e5", "12.", ".5", "1,000", "1,0000", "¥100", "100¥", "1\u00a0000", "1\u202f000,5",
    "\t7\n", "--1", "+-1"];
  for (let i = 0; i < n; i++) {
    let v = String(randomInt(random, 10 ** (1 + randomInt(random, 7))));
    if (random() < 0.5) v += pick(random, [".", ","]) + digits(randomInt(random, 4));
    if (random() < 0.2) v = v.replace(/\B(?=(\d{3})+(?!\d))/g, pick(random, [",", ".", " "]));
    if (random() < 0.2) v = pick(random, ["£", "$", "€", "-", "+", " "]) + v;
    if (random() < 0.05) v += pick(random, ["e3", "E-2", "x", " "]);
    values.push(v);
  }
  return values;
}

const ids = ["17850.0", " 17850 ", "17850.00", "17850.5", "A17850.0", "", "  ", "0.0", ".0", "1e5", "00123.0", "C-1", null];

describe.skipIf(!postgres.available)("typing on DuckDB and PostgreSQL", () => {
  const stamps = timestamps(4000);
  const orders: (Exclude<DateOrder, "auto"> | null)[] = [null, "DMY", "MDY"];

  it.each(orders)("timestamps read alike in UTC, day order %s", async (order) => {
    const results = await evaluate(stamps, (d) => timestampSql("v", order, "UTC", d), "timestamp");
    expect(results.duckdb.filter((r) => r !== null).length).toBeGreaterThan(1000);
    expect(differences(stamps, results)).toEqual([]);
  });

  it.each(["Europe/London", "America/New_York", "Asia/Kolkata"])("local times convert alike from %s (skipped and repeated hours included)", async (zone) => {
    const results = await evaluate(stamps, (d) => timestampSql("v", "DMY", zone, d), "timestamp");
    expect(differences(stamps, results)).toEqual([]);
    const skipped = await evaluate(stamps, (d) => `CAST(COALESCE(${skippedLocalTimeSql("v", "DMY", zone, d)}, false) AS ${dialect(d).text})`, "text");
    expect(differences(stamps, skipped)).toEqual([]);
    if (zone !== "Asia/Kolkata") expect(skipped.duckdb.filter((s) => s === "true").length).toBeGreaterThan(0);
  });

  it("wall-clock times read alike", async () => {
    expect(differences(stamps, await evaluate(stamps, (d) => wallClockSql("v", "MDY", d), "timestamp"))).toEqual([]);
  });

  it.each([".", ","] as const)("numbers read alike with decimal separator %s", async (separator) => {
    const values = numbers(3000);
    const results = await evaluate(values, (d) => numberSql("v", separator, d), "double");
    expect(results.duckdb.filter((r) => r !== null).length).toBeGreaterThan(1000);
    expect(differences(values, results)).toEqual([]);
  });

  it("finite doubles from text read alike at the edges of the range", async () => {
    const values = ["1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807937289714053e308", "1.797693134862315807937289714054e308",
      "2.4703282292062327e-324", "2.4703282292062328e-324", "4e-324", "1e-310", "-1e-400", "0e999999", "1e99999999999", "1" + "0".repeat(400),
      "0." + "0".repeat(400) + "1", " -1_5.2_5e+0_1 ", "1e1_0", "1__0", "_1", "1._5", "+-1", "-+1", "1.e5", ".e5"];
    expect(differences(values, await evaluate(values, (d) => dialect(d).finiteDouble("v"), "double"))).toEqual([]);
  });

  it("ids, text and currency codes read alike", async () => {
    for (const build of [() => idSql("v"), (d: SqlDialect) => textSql("v", d), () => currencySql("v")]) {
      expect(differences(ids, await evaluate(ids, build, "text"))).toEqual([]);
    }
    expect((await evaluate(ids, () => idSql("v"), "text")).postgres.slice(0, 5)).toEqual(["17850", "17850", "17850", "17850.5", "A17850.0"]);
  });
});

describe("typing on DuckDB", () => {
  it("reads an offset of whole hours (+01) as an offset, and no looser text than the README's forms as an ISO timestamp", async () => {
    const values = ["2024-01-05T10:00:00+01", "2024-01-05 10:00:00+0130", "2024-01-05 12:", "2024-01-05 0010:00", "2024-01-05T 10:00", "2024-01-05 10:00:00.", "2024-01-05 10:00:00 utc"];
    const { duckdb } = await evaluate(values, (d) => timestampSql("v", null, "UTC", d), "timestamp");
    expect(duckdb).toEqual([String(Date.UTC(2024, 0, 5, 9) * 1000), String(Date.UTC(2024, 0, 5, 8, 30) * 1000), null, null, null, null, null]);
  });
});
