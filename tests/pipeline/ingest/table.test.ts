// A PostgreSQL table as the input, on a real throwaway server (tests/support/postgres.ts):
// - every case of the ingest corpus that a table can hold (one CSV file whose lines all split into
//   fields) loaded into a table, row for row with its line number as the key, gives the export's
//   accounting, checks, warnings, guards and errors, clean lines and rejects, the file's name aside;
// - a table with typed columns (timestamp, timestamptz, date, numeric, integer, double) reads as the
//   same values written as text, and the features built in the database equal the hand-computed ones;
// - a table without a key numbers its rows by their values, whatever order they were inserted in;
// - a wrong key, an unreachable server, a wrong password, a missing table or column each stop with one
//   line naming the input and the fix, never the password.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { buildFeatures, buildFeaturesInDatabase, featureOptions } from "../../../pipeline/features/build.js";
import { ingest, POSTGRES_TABLES } from "../../../pipeline/ingest/ingest.js";
import { readInput } from "../../../pipeline/ingest/inputs.js";
import { openPostgres, type PostgresDatabase } from "../../../pipeline/postgres.js";
import { parseConfig, type TableInput } from "../../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../../src/lib/io/sql.js";
import type { QualityReport } from "../../../src/lib/ingest/quality.js";
import { AS_OF, EXPECTED } from "../../fixtures/features/expected.js";
import { freePort } from "../../support/servers.js";
import { usePostgres } from "../../support/postgres.js";

const postgres = usePostgres();
const CORPUS = resolve("tests/corpus/ingest");
const FIXTURE = resolve("tests/fixtures/features");

interface Case {
  input: string;
  why: string;
  config?: { ingest?: Record<string, unknown>; [key: string]: unknown };
}
const { cases } = JSON.parse(readFileSync(join(CORPUS, "cases.json"), "utf-8")) as { cases: Case[] };

let pg: PostgresDatabase;
let dir: string;
beforeAll(async () => {
  if (!postgres.available) return;
  pg = await openPostgres(postgres.server().url, { env: postgres.server().env, name: "inputs.transactions" });
  dir = mkdtempSync(join(tmpdir(), "table-input-"));
}, 120_000);
afterAll(async () => {
  await pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A table input on the test server. */
function table(name: string, key: string | null = null): TableInput {
  return { postgres: postgres.server().url, table: name, key };
}

/** Creates `name` on the server with text columns (and an integer key first, when given) and the rows. */
async function createTextTable(name: string, columns: string[], rows: (string | null)[][], key?: { name: string; values: number[] }) {
  await pg.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
  const defs = [...(key ? [`${quoteIdent(key.name)} INTEGER`] : []), ...columns.map((c) => `${quoteIdent(c)} TEXT`)];
  await pg.run(`CREATE TABLE ${quoteIdent(name)} (${defs.join(", ")})`);
  const arrays = [...(key ? [`$1::integer[]`] : []), ...columns.map((_, i) => `$${i + 1 + (key ? 1 : 0)}::text[]`)];
  const params = [...(key ? [key.values] : []), ...columns.map((_, i) => rows.map((r) => r[i]))];
  if (rows.length) await pg.run(`INSERT INTO ${quoteIdent(name)} SELECT * FROM unnest(${arrays.join(", ")})`, params);
}

/** The message with the input's name (a file's or a table's) as INPUT. */
const named = (text: string, name: string) => text.split(name).join("INPUT");

/** quality.json as published, with the input's name as INPUT. */
function comparable(quality: QualityReport, name: string): unknown {
  return JSON.parse(named(JSON.stringify(quality), name));
}

/** What ingest gives for an input: the quality (or the error's message), the clean lines and the rejects. */
async function ingested(local: Database, transactions: string | TableInput, config: ReturnType<typeof parseConfig>, outDir: string) {
  const warnings: string[] = [];
  try {
    const quality = await ingest(local, { transactions, config, outDir, onWarning: (w) => warnings.push(w), postgres: async () => pg });
    const lineColumns = `customer_id, order_id, product_id, product_name, category, quantity, unit_price, amount, is_cancellation, is_return, is_product, source_line`;
    const lines =
      typeof transactions === "string"
        ? await local.all(`SELECT ${lineColumns}, strftime(order_ts, '%Y-%m-%d %H:%M:%S.%f') AS ts FROM read_parquet(${quoteLiteral(join(outDir, "transactions.parquet"))}) ORDER BY source_line`)
        : await pg.all(`SELECT ${lineColumns}, to_char(order_ts, 'YYYY-MM-DD HH24:MI:SS.US') AS ts FROM ${POSTGRES_TABLES.clean} ORDER BY source_line`);
    const rejects = await local.all<{ source_line: number; reason: string; raw: string }>(`SELECT source_line, reason, raw FROM read_parquet(${quoteLiteral(join(outDir, "rejects.parquet"))}) ORDER BY source_line, reason`);
    return { quality, warnings, lines, rejects: rejects.map((r) => ({ ...r, raw: JSON.parse(r.raw) })) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The corpus cases a table can hold: one CSV file (not a folder or glob) whose every line splits into the header's fields. */
async function tableCases(): Promise<{ c: Case; columns: string[]; rows: (string | null)[][]; lines: number[] }[]> {
  const out = [];
  for (const c of cases) {
    if (!/\.(csv|tsv)(\.gz)?$/.test(c.input) || /[*?[]/.test(c.input)) continue;
    const local = await openDatabase();
    try {
      const config = parseConfig(c.config ?? {});
      const raw = await readInput(local, join(CORPUS, c.input), "raw", config.ingest).catch(() => null);
      if (!raw || raw.malformed > 0) continue;
      const rows = await local.all<Record<string, string | null>>(`SELECT * FROM raw ORDER BY source_line`);
      out.push({ c, columns: raw.columns, rows: rows.map((r) => raw.columns.map((col) => r[col])), lines: rows.map((r) => Number(r.source_line)) });
    } finally {
      local.close();
    }
  }
  return out;
}

/** A case's config for a table: the keys that say how a text file is laid out do not apply. */
function tableConfig(c: Case) {
  const { delimiter: _d, header: _h, columnNames: _n, fixedWidth: _f, encoding: _e, ...ingestOptions } = c.config?.ingest ?? {};
  return parseConfig({ ...c.config, ingest: ingestOptions });
}

describe.skipIf(!postgres.available)("a table input", () => {
  it("gives every corpus export's accounting, checks, warnings, errors, clean lines and rejects", async () => {
    const held = await tableCases();
    expect(held.length).toBeGreaterThanOrEqual(30);
    const outcomes: string[] = [];
    for (const [i, { c, columns, rows, lines }] of held.entries()) {
      const name = `corpus_${i}`;
      await createTextTable(name, columns, rows, { name: "corpus_line", values: lines });
      const local = [await openDatabase(), await openDatabase()];
      try {
        const file = await ingested(local[0], join(CORPUS, c.input), parseConfig(c.config ?? {}), join(dir, `${name}-file`));
        const fromTable = await ingested(local[1], table(name, "corpus_line"), tableConfig(c), join(dir, `${name}-table`));
        const shown = c.input;
        const label = `${name} (postgres ${postgres.server().user}@127.0.0.1:${postgres.server().port}/${postgres.server().database})`;
        if ("error" in file) {
          expect(fromTable, `${c.input}: ${c.why}`).toEqual({ error: expect.any(String) });
          // A table's example rows are "row N" where a file's are "line N".
          expect(named((fromTable as { error: string }).error, label), `${c.input}: ${c.why}`).toBe(named(file.error!, `tests/corpus/ingest/${shown}`).replace(/INPUT line (\d+)/g, "INPUT row $1"));
          outcomes.push(`${c.input}: error`);
          continue;
        }
        expect(fromTable, `${c.input}: ${c.why}`).not.toHaveProperty("error");
        const t = fromTable as Exclude<typeof fromTable, { error: string }>;
        expect(comparable(t.quality, label), `${c.input}: ${c.why}`).toEqual(comparable(file.quality, `tests/corpus/ingest/${shown}`));
        expect(t.warnings, `${c.input}: ${c.why}`).toEqual(file.warnings);
        expect(t.lines, `${c.input}: ${c.why}`).toEqual(file.lines);
        expect(t.rejects, `${c.input}: ${c.why}`).toEqual(file.rejects);
        outcomes.push(`${c.input}: ${file.quality.transactions!.rowsLoaded} of ${file.quality.transactions!.rowsRead} loaded`);
      } finally {
        local.forEach((db) => db.close());
      }
    }
    // Both kinds are covered: loads with rejects of every reason, and errors.
    expect(outcomes.filter((o) => o.endsWith("error")).length).toBeGreaterThanOrEqual(4);
  }, 600_000);
});

/** The fixture's transactions and customers as CSV rows (DuckDB's reading, all text). */
async function fixtureRows(file: string): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  const local = await openDatabase();
  try {
    const rows = await local.all<Record<string, string | null>>(`SELECT * FROM read_csv(${quoteLiteral(join(FIXTURE, file))}, all_varchar = true)`);
    const columns = Object.keys(rows[0]);
    return { columns, rows: rows.map((r) => columns.map((c) => r[c])) };
  } finally {
    local.close();
  }
}

/** ingest + features of the fixture (`transactions` a path or a table; customers from the CSV), as features.parquet's rows in DuckDB. */
async function fixtureFeatures(local: Database, transactions: string | TableInput, out: string): Promise<string> {
  const config = parseConfig({ inputs: { transactions, customers: join(FIXTURE, "customers.csv") } });
  const quality = await ingest(local, { transactions, customers: join(FIXTURE, "customers.csv"), config, outDir: out, postgres: async () => pg, onWarning: () => undefined });
  const outFile = join(out, "features.parquet");
  const options = featureOptions(config, { inDir: out, outFile }, AS_OF);
  if (typeof transactions === "string") {
    await buildFeatures(local, options);
  } else {
    await buildFeaturesInDatabase(pg, local, { ...options, source: quality.transactions!.file });
  }
  return outFile;
}

describe.skipIf(!postgres.available)("a typed table", () => {
  it("reads timestamp, timestamptz, numeric, integer and double columns as their text, and builds the hand-computed features", async () => {
    const { columns, rows } = await fixtureRows("transactions.csv");
    await createTextTable("fixture_text", columns, rows);
    const types = [
      { name: "fixture_typed", ts: "TIMESTAMP", quantity: "INTEGER", price: "NUMERIC(10,2)" },
      { name: "fixture_typed_tz", ts: "TIMESTAMPTZ", quantity: "BIGINT", price: "DOUBLE PRECISION" },
    ];
    const local = await openDatabase();
    try {
      const fromFile = await fixtureFeatures(local, join(FIXTURE, "transactions.csv"), join(dir, "fixture-file"));
      for (const t of types) {
        const cast = (c: string) => (c === "order_timestamp" ? `CAST(${quoteIdent(c)} AS ${t.ts})` : c === "quantity" ? `CAST(${quoteIdent(c)} AS ${t.quantity})` : c === "unit_price" ? `CAST(${quoteIdent(c)} AS ${t.price})` : quoteIdent(c));
        await pg.run(`DROP TABLE IF EXISTS ${t.name}`);
        await pg.run(`CREATE TABLE ${t.name} AS SELECT ${columns.map((c) => `${cast(c)} AS ${quoteIdent(c)}`).join(", ")} FROM fixture_text`);
        const fromTable = await fixtureFeatures(local, table(t.name), join(dir, t.name));
        // Same columns, types and values (NULLs equal, doubles bit for bit) as from the CSV.
        const differing = await local.all(
          `(SELECT * FROM read_parquet(${quoteLiteral(fromFile)}) EXCEPT ALL SELECT * FROM read_parquet(${quoteLiteral(fromTable)}))
           UNION ALL (SELECT * FROM read_parquet(${quoteLiteral(fromTable)}) EXCEPT ALL SELECT * FROM read_parquet(${quoteLiteral(fromFile)}))`,
        );
        expect(differing, t.name).toEqual([]);
        const got = await local.all<Record<string, unknown>>(
          `SELECT customer_id, recency_days::INTEGER AS recency_days, frequency::INTEGER AS frequency, monetary::DOUBLE AS monetary, rfm_segment, region, channel
           FROM read_parquet(${quoteLiteral(fromTable)}) ORDER BY customer_id`,
        );
        expect(got.map((r) => r.customer_id), t.name).toEqual(["A", "B", "C", "E", "F", "G"]);
        for (const row of got) {
          const e = EXPECTED[row.customer_id as string];
          expect(row, `${t.name} ${row.customer_id}`).toEqual({ customer_id: row.customer_id, recency_days: e.recency_days, frequency: e.frequency, monetary: e.monetary, rfm_segment: e.rfm_segment, region: e.region, channel: e.channel });
        }
      }
    } finally {
      local.close();
    }
  }, 300_000);

  it("without a key numbers its rows by their values, whatever order they were inserted in", async () => {
    const { columns, rows } = await fixtureRows("transactions.csv");
    const reversed = [...rows].reverse();
    await createTextTable("fixture_forward", columns, rows);
    await createTextTable("fixture_backward", columns, reversed);
    const outcomes = [];
    for (const name of ["fixture_forward", "fixture_backward"]) {
      const local = await openDatabase();
      try {
        const result = await ingested(local, table(name), parseConfig({}), join(dir, `${name}-out`));
        expect(result, name).not.toHaveProperty("error");
        outcomes.push(JSON.parse(JSON.stringify(result).split(name).join("TABLE")));
      } finally {
        local.close();
      }
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    // Row numbers 1..n, not the insertion order.
    const lines = (outcomes[0] as { lines: { source_line: number }[] }).lines.map((l) => l.source_line);
    expect(new Set(lines).size).toBe(lines.length);
    expect(Math.min(...lines)).toBe(1);
  }, 120_000);
});

describe.skipIf(!postgres.available)("a bad table input", () => {
  /** ingest with a table input opened as the pipeline opens it (the URL, the environment's password); its error. */
  async function failure(input: TableInput, env: Record<string, string>, config: Record<string, unknown> = {}): Promise<string> {
    const local = await openDatabase();
    try {
      await ingest(local, {
        transactions: input,
        config: parseConfig({ ...config, inputs: { transactions: input, customers: null } }),
        outDir: join(dir, "bad"),
        postgres: (i, key) => openPostgres(i.postgres, { env, name: key }),
      });
      return "no error";
    } catch (error) {
      return (error as Error).message;
    } finally {
      local.close();
    }
  }

  it("stops with one line naming the input and the fix, never the password", async () => {
    const server = postgres.server();
    await createTextTable("shop", ["order_id", "customer_id", "order_timestamp", "quantity", "unit_price"], [["O1", "A", "2024-01-05 10:00:00", "1", "2.50"]]);
    const right = server.env;
    const wrongPassword = `wrong-${server.password}`;
    const port = await freePort();
    const cases: [string, TableInput, Record<string, string>, Record<string, unknown>, RegExp][] = [
      ["unreachable server", { ...table("shop"), postgres: `postgresql://${server.user}@127.0.0.1:${port}/${server.database}` }, right, {}, /^inputs\.transactions \(postgres workbench@127\.0\.0\.1:\d+\/workbench\): cannot connect \(connection refused\): check the host and port/],
      ["wrong password", table("shop"), { PGPASSWORD: wrongPassword }, {}, /^inputs\.transactions \(postgres [^)]+\): password authentication failed for user "workbench": check the password in PGPASSWORD/],
      ["no password", table("shop"), {}, {}, /^inputs\.transactions \(postgres [^)]+\): the server asks for a password and none is set: export PGPASSWORD/],
      ["missing database", { ...table("shop"), postgres: `postgresql://${server.user}@127.0.0.1:${server.port}/nowhere` }, right, {}, /^inputs\.transactions \(postgres [^)]+\): database "nowhere" does not exist: check the database in the URL/],
      ["missing table", table("no_such_table"), right, {}, /^inputs\.transactions \(postgres [^)]+\): table "no_such_table" not found \(tables: .*\): check the table name/],
      ["missing key column", table("shop", "line"), right, {}, /has no column "line".*set inputs\.transactions\.key/],
      ["key of the wrong type", table("shop", "order_id"), right, {}, /inputs\.transactions\.key "order_id" is a text column.*whole numbers/],
      ["missing mapped column", table("shop"), right, { columns: { transactions: { customer_id: "client" } } }, /^shop \(postgres [^)]+\): no column for the role "customer_id \(configured as "client"\)"\. Columns found: order_id, customer_id.*Set columns\.transactions\.customer_id/],
      ["text-file setting", table("shop"), right, { ingest: { delimiter: ";" } }, /is a table.*ingest\.delimiter.*Remove them/],
    ];
    for (const [why, input, env, config, expected] of cases) {
      const message = await failure(input, env, config);
      expect(message, why).toMatch(expected);
      expect(message.split("\n"), `${why}: one line`).toHaveLength(1);
      expect(message, why).not.toContain(server.password);
    }
  }, 120_000);
});
