/**
 * Both DuckDB engines with bound parameters, as the actions' SQL is run: native DuckDB through
 * pipeline/duckdb.ts (`all(sql, params)`, as the loaders do) and DuckDB-WASM's Node blocking build
 * (`prepare(sql).query(...params)`, what Framework's DuckDBClient does with parameters in the
 * pages), loaded from node_modules (no network). Rows come back the same from both: integers and
 * bigints as numbers, dates as "YYYY-MM-DD", timestamps as ISO strings, lists as arrays.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { openDatabase } from "../../../pipeline/duckdb.js";
import type { BoundSql, BoundValue } from "../../../src/lib/actions/params.js";
import { quoteIdent, quoteLiteral } from "../../../src/lib/io/sql.js";

export type Row = Record<string, unknown>;

export interface BoundEngine {
  name: "native" | "wasm";
  version: string;
  /** Runs a query with parameters (none when `params` is empty). */
  query(sql: string, params?: readonly BoundValue[]): Promise<Row[]>;
  all(bound: BoundSql): Promise<Row[]>;
  run(sql: string): Promise<void>;
  /** Creates `table` from a CSV file with the given column types (the same statement on both engines). */
  loadCsv(table: string, file: string, columns: Record<string, string>): Promise<void>;
  /** Creates `table` from rows given as JSON-able values, with the given column types. */
  loadRows(table: string, columns: Record<string, string>, rows: readonly (readonly BoundValue[])[]): Promise<void>;
  close(): void;
}

function normalise(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === "object" && "toArray" in value && typeof value.toArray === "function") return [...value.toArray()].map(normalise);
  return value;
}

function normaliseRow(row: Row): Row {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalise(v)]));
}

function readCsvSql(source: string, columns: Record<string, string>): string {
  const spec = Object.entries(columns).map(([name, type]) => `${quoteLiteral(name)}: ${quoteLiteral(type)}`).join(", ");
  return `SELECT * FROM read_csv(${quoteLiteral(source)}, header = true, delim = ',', quote = '"', columns = {${spec}})`;
}

/** Rows per INSERT: DuckDB-WASM's prepared statements fail (out of bounds) with thousands of parameters. */
const ROWS_PER_INSERT = 50;

/** CREATE TABLE, then INSERTs of VALUES with every value a bound parameter cast to its column's type. */
function rowsSql(table: string, columns: Record<string, string>, rows: readonly (readonly BoundValue[])[]): BoundSql[] {
  const names = Object.keys(columns);
  const types = Object.values(columns);
  const create = `CREATE OR REPLACE TABLE ${quoteIdent(table)} (${names.map((n, j) => `${quoteIdent(n)} ${types[j]}`).join(", ")})`;
  const out: BoundSql[] = [{ sql: create, params: [] }];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const params: BoundValue[] = [];
    const values = rows.slice(start, start + ROWS_PER_INSERT).map((row) => `(${row.map((v, j) => (params.push(v), `CAST($${params.length} AS ${types[j]})`)).join(", ")})`);
    out.push({ sql: `INSERT INTO ${quoteIdent(table)} VALUES ${values.join(", ")}`, params });
  }
  return out;
}

export async function nativeEngine(): Promise<BoundEngine> {
  const db = await openDatabase();
  const query = async (sql: string, params: readonly BoundValue[] = []) => (await db.all<Row>(sql, params.length ? [...params] : undefined)).map(normaliseRow);
  const [{ v }] = await query("SELECT version() AS v");
  return {
    name: "native",
    version: String(v),
    query,
    all: (bound) => query(bound.sql, bound.params),
    run: (sql) => db.run(sql),
    loadCsv: (table, file, columns) => db.run(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${readCsvSql(file, columns)}`),
    async loadRows(table, columns, rows) {
      for (const { sql, params } of rowsSql(table, columns, rows)) await db.run(sql, params.length ? params : undefined);
    },
    close: () => db.close(),
  };
}

export async function wasmEngine(): Promise<BoundEngine & { loadArrow(table: string, bytes: Uint8Array): Promise<void> }> {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve("@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs"));
  const duckdb = require("@duckdb/duckdb-wasm/blocking") as typeof import("@duckdb/duckdb-wasm/blocking");
  const arrow = require("apache-arrow") as typeof import("apache-arrow");
  const db = await duckdb.createDuckDB(
    {
      mvp: { mainModule: join(dist, "duckdb-mvp.wasm"), mainWorker: join(dist, "duckdb-node-mvp.worker.cjs") },
      eh: { mainModule: join(dist, "duckdb-eh.wasm"), mainWorker: join(dist, "duckdb-node-eh.worker.cjs") },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => {});
  const conn = db.connect();
  const toRows = (table: import("apache-arrow").Table): Row[] => {
    const dateColumns = new Set(table.schema.fields.filter((f) => arrow.DataType.isDate(f.type) || arrow.DataType.isTimestamp(f.type)).map((f) => f.name));
    return table.toArray().map((row) => {
      const object = row.toJSON() as Row;
      for (const name of dateColumns) if (typeof object[name] === "number") object[name] = new Date(object[name] as number);
      return normaliseRow(object);
    });
  };
  const query = async (sql: string, params: readonly BoundValue[] = []) => {
    if (!params.length) return toRows(conn.query(sql));
    const statement = conn.prepare(sql);
    try {
      return toRows(statement.query(...params));
    } finally {
      statement.close();
    }
  };
  const [{ v }] = await query("SELECT version() AS v");
  let files = 0;
  return {
    name: "wasm",
    version: String(v),
    query,
    all: (bound) => query(bound.sql, bound.params),
    run: async (sql) => {
      conn.query(sql);
    },
    async loadCsv(table, file, columns) {
      const name = `input-${files++}.csv`;
      db.registerFileBuffer(name, new Uint8Array(readFileSync(file)));
      conn.query(`CREATE OR REPLACE TABLE ${quoteIdent(table)} AS ${readCsvSql(name, columns)}`);
    },
    async loadRows(table, columns, rows) {
      for (const { sql, params } of rowsSql(table, columns, rows)) await query(sql, params);
    },
    async loadArrow(table, bytes) {
      conn.insertArrowFromIPCStream(bytes, { name: table, create: true });
    },
    close() {
      conn.close();
      db.reset();
    },
  };
}

/** Both engines, opened once for a test file. */
export async function bothEngines(): Promise<BoundEngine[]> {
  return [await nativeEngine(), await wasmEngine()];
}

/** Column types of the clean transactions table written by ingestion. */
export const TRANSACTION_TYPES = {
  customer_id: "VARCHAR",
  order_id: "VARCHAR",
  order_ts: "TIMESTAMP",
  product_id: "VARCHAR",
  product_name: "VARCHAR",
  category: "VARCHAR",
  quantity: "DOUBLE",
  unit_price: "DOUBLE",
  amount: "DOUBLE",
  is_cancellation: "BOOLEAN",
  is_return: "BOOLEAN",
  is_product: "BOOLEAN",
} as const;

/** One transaction line for loadRows: [customer, order, "YYYY-MM-DD HH:MM:SS", product, name, category, quantity, price], flags from the order id (C… cancellation, R… return) and the product (POST is not a product). */
export function line(customer: string, order: string, ts: string, product: string, name: string | null, category: string | null, quantity: number, price: number): BoundValue[] {
  const cancellation = order.startsWith("C");
  const reversal = cancellation || order.startsWith("R");
  return [customer, order, ts, product, name, category, quantity, price, Math.round(quantity * price * 100) / 100, cancellation, reversal, product !== "POST"];
}
