/** Reading the pipeline's Parquet outputs: as JS columns for the report, as Arrow IPC streams for the pages. */
import { readFileSync } from "node:fs";
import { quoteIdent, quoteLiteral } from "../src/lib/io/sql.js";
import type { Database } from "./duckdb.js";

/** A Parquet file's columns as JS arrays, rows ordered by customer_id (numbers for numeric columns). */
export async function readColumns(db: Database, file: string, columns?: readonly string[]): Promise<Record<string, unknown[]>> {
  const select = columns ? columns.map(quoteIdent).join(", ") : "*";
  const rows = await db.all<Record<string, unknown>>(`SELECT ${select} FROM read_parquet(${quoteLiteral(file)}) ORDER BY customer_id`);
  const names = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const out: Record<string, unknown[]> = {};
  for (const name of names) out[name] = rows.map((r) => (typeof r[name] === "bigint" ? Number(r[name]) : r[name]));
  return out;
}

/** Parquet → Arrow IPC stream bytes, the form Framework's `sql:` front matter and FileAttachment.arrow() load. */
export async function parquetToArrowStream(file: string): Promise<Uint8Array> {
  const parquet = await import("parquet-wasm");
  const table = parquet.readParquet(new Uint8Array(readFileSync(file)));
  return table.intoIPCStream();
}
