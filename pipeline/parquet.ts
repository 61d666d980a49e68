/** Reading the pipeline's Parquet outputs: their columns, as JS columns for the report, as Arrow IPC streams for the pages. */
import { readFileSync } from "node:fs";
import { quoteIdent, quoteLiteral } from "../src/lib/io/sql.js";
import type { ColumnType } from "../src/lib/report/profiles.js";
import type { Database } from "./duckdb.js";

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
