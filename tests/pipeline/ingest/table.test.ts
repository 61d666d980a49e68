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
import { buildFeaturesInDatabase, featureOptions } from "../../../pipeline/features/build.js";
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
        outcomes.push(`${c.input}: ${file.quality.transactions.rowsLoaded} of ${file.quality.transactions.rowsRead} loaded`);
      } finally {
        local.forEach((db) => db.close());
      }
    }
    // Both kinds are covered: loads with rejects of every reason, and errors.
    expect(outcomes.filter((o) => o.endsWith("error")).length).toBeGreaterThanOrEqual(4);
  }, 600_000);
});
