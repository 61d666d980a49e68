/**
 * Per-customer results from a PostgreSQL database into the local DuckDB, which writes the pipeline's
 * Parquet outputs: a query's rows, read through a cursor in batches, into a new DuckDB table with the
 * matching types. Values pass exactly: doubles as PostgreSQL's shortest round-trip text read by JS,
 * integers as numbers (bigints beyond 2^53 as bigints), dates and timestamps as their text (the session
 * is in UTC), anything else as text.
 */
import { BIGINT, BOOLEAN, DOUBLE, FLOAT, INTEGER, LIST, listValue, SMALLINT, VARCHAR, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import { quoteIdent } from "../src/lib/io/sql.js";
import type { Database } from "./duckdb.js";
import type { PostgresDatabase, ResultColumn } from "./postgres.js";

/** DuckDB's type for a PostgreSQL result column, by type OID; unknown types come as text. */
const DUCKDB_TYPES: Record<number, string> = {
  16: "BOOLEAN",
  20: "BIGINT",
  21: "SMALLINT",
  23: "INTEGER",
  700: "FLOAT",
  701: "DOUBLE",
  1082: "DATE",
  1114: "TIMESTAMP",
  1184: "TIMESTAMP",
};

/** The type a column's values are bound as (dates and timestamps as their text), for each column type. */
const BOUND: Record<string, DuckDBType> = { BOOLEAN, BIGINT, SMALLINT, INTEGER, FLOAT, DOUBLE, DATE: VARCHAR, TIMESTAMP: VARCHAR, VARCHAR };

/** Rows per batch: enough to keep round trips few, small enough to keep memory flat. */
const BATCH = 50_000;

/**
 * Creates `table` in `local` (replacing one of that name) with the columns of PostgreSQL query `sql`
 * and its rows, in the query's order. Returns the number of rows.
 */
export async function copyQuery(pg: PostgresDatabase, sql: string, local: Database, table: string): Promise<number> {
  let rows = 0;
  let columns: { name: string; type: string }[] = [];
  await pg.fetch(sql, BATCH, async (batch, fields: ResultColumn[]) => {
    if (!columns.length) {
      columns = fields.map((f) => ({ name: f.name, type: DUCKDB_TYPES[f.typeOid] ?? "VARCHAR" }));
      await local.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} (${columns.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(", ")})`);
    }
    if (!batch.length) return;
    const params: DuckDBValue[] = columns.map((c) =>
      listValue(
        batch.map((row) => {
          const value = row[c.name];
          if (value === null || value === undefined) return null;
          if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return value;
          return String(value);
        }) as DuckDBValue[],
      ),
    );
    const selects = columns.map((c, i) => `CAST(unnest($${i + 1}) AS ${c.type}) AS ${quoteIdent(c.name)}`);
    await local.run(`INSERT INTO ${quoteIdent(table)} SELECT ${selects.join(", ")}`, params, columns.map((c) => LIST(BOUND[c.type])));
    rows += batch.length;
  });
  return rows;
}
