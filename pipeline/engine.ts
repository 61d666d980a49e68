/**
 * The engine the pipeline's shared SQL runs on: native DuckDB (exports read from files) or a
 * PostgreSQL database (a table input, whose rows never leave it), each with its SQL dialect
 * (src/lib/io/dialect.ts). Ingest's typing, checks and accounting and the feature SQL take a
 * SqlEngine, so the same definitions run on both.
 */
import { dialect, type Dialect } from "../src/lib/io/dialect.js";
import type { Database } from "./duckdb.js";
import type { PostgresDatabase } from "./postgres.js";

export interface SqlEngine {
  readonly dialect: Dialect;
  /** Runs statements that return nothing of interest. */
  run(sql: string): Promise<void>;
  /** Runs a query and returns its rows as JS objects. */
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
}

export function duckdbEngine(db: Database): SqlEngine {
  return { dialect: dialect("duckdb"), run: (sql) => db.run(sql), all: <T>(sql: string) => db.all<T>(sql) };
}

export function postgresEngine(db: PostgresDatabase): SqlEngine {
  return { dialect: dialect("postgres"), run: (sql) => db.run(sql), all: <T>(sql: string) => db.all<T>(sql) };
}

/** `CREATE TABLE name AS select`, replacing an earlier one: a temporary table of the session. */
export async function createTempTable(engine: SqlEngine, name: string, select: string): Promise<void> {
  if (engine.dialect.name === "duckdb") {
    await engine.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${select}`);
  } else {
    // PostgreSQL 15 has no CREATE OR REPLACE TABLE.
    await engine.run(`DROP TABLE IF EXISTS ${name}`);
    await engine.run(`CREATE TEMP TABLE ${name} AS ${select}`);
  }
}
