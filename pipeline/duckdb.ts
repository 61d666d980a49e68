/**
 * The Node-side DuckDB client every loader and the CLI share: one in-memory database per run,
 * with rows returned as plain JS objects.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";

export interface Database {
  /** Runs statements that return nothing of interest; `types` types the params (a list of numbers as DOUBLE[], say) where inference would not. */
  run(sql: string, params?: DuckDBValue[], types?: DuckDBType[]): Promise<void>;
  /** Runs a query and returns its rows as JS objects (BIGINT → bigint, DATE → string via JS conversion). */
  all<T = Record<string, unknown>>(sql: string, params?: DuckDBValue[]): Promise<T[]>;
  close(): void;
}

export async function openDatabase(): Promise<Database> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection: DuckDBConnection = await instance.connect();
  return {
    async run(sql, params, types) {
      await connection.run(sql, params, types);
    },
    async all<T>(sql: string, params?: DuckDBValue[]) {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowObjectsJS() as T[];
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
