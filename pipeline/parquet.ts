/** Reading the pipeline's Parquet outputs: their columns, as JS columns for the report, as Arrow IPC streams for the pages. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quoteIdent, quoteLiteral } from "../src/lib/io/sql.js";
import type { ColumnType } from "../src/lib/report/profiles.js";
import { openDatabase, type Database } from "./duckdb.js";

/** A Parquet file's column names and DuckDB types, in file order. */
export async function parquetColumnTypes(db: Database, file: string): Promise<ColumnType[]> {
  const rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** A Parquet file's columns as JS arrays, rows ordered by customer_id (numbers for numeric columns). */
export async function readColumns(db: Database, file: string, columns?: readonly string[]): Promise<Record<string, unknown[]>> {
  const select = columns ? columns.map(quoteIdent).join(", ") : "*";
  const rows = await db.all<Record<string, unknown>>(`SELECT ${select} FROM read_parquet(${quoteLiteral(file)}) ORDER BY customer_id`);
  const names = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = rows.map((r) => (typeof r[name] === "bigint" ? Number(r[name]) : r[name]));
  return out;
}

/**
 * Rows per record batch of the Arrow streams: a table of up to a million rows is one batch. Reading
 * a stream costs per batch and column (flechette decodes each batch's header and makes a vector per
 * column and batch), and a column spread over batches is copied into one array when read whole; with
 * parquet-wasm's default of 1,024 rows a million customers' features were 977 batches, 0.4 s to
 * decode, against under 10 ms as 8 batches.
 */
export const ARROW_BATCH_ROWS = 1 << 20;

/** Parquet → Arrow IPC stream bytes, the form Framework's `sql:` front matter and FileAttachment.arrow() load. */
export async function parquetToArrowStream(file: string): Promise<Uint8Array> {
  const parquet = await import("parquet-wasm");
  const table = parquet.readParquet(new Uint8Array(readFileSync(file)), { batchSize: ARROW_BATCH_ROWS });
  return table.intoIPCStream();
}

/** The clean transactions' columns (as ingest writes transactions.parquet), for a table of none. */
const TRANSACTION_COLUMNS = [
  ["customer_id", "VARCHAR"], ["order_id", "VARCHAR"], ["order_ts", "TIMESTAMP"], ["product_id", "VARCHAR"], ["product_name", "VARCHAR"],
  ["category", "VARCHAR"], ["quantity", "DOUBLE"], ["unit_price", "DOUBLE"], ["amount", "DOUBLE"], ["is_cancellation", "BOOLEAN"],
  ["is_return", "BOOLEAN"], ["is_product", "BOOLEAN"], ["source_file", "VARCHAR"], ["source_line", "INTEGER"],
] as const;

/** An Arrow IPC stream of the clean transactions' columns and no rows: the SQL page's table when the lines stay in a database. */
export async function emptyTransactionsStream(): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), "workbench-empty-"));
  const db = await openDatabase();
  try {
    const file = join(dir, "transactions.parquet");
    await db.run(`COPY (SELECT ${TRANSACTION_COLUMNS.map(([name, type]) => `CAST(NULL AS ${type}) AS ${quoteIdent(name)}`).join(", ")} WHERE false) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    return await parquetToArrowStream(file);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
