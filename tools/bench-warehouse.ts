/**
 * Feature SQL in PostgreSQL against DuckDB on the same machine: starts a throwaway PostgreSQL server
 * (tools/postgres-server.ts), generates the same N clean transaction lines (default 50 million) in
 * each engine (PostgreSQL with generate_series, DuckDB with range; the columns ingest writes), runs the
 * one feature SQL (src/lib/features/featureSql.ts) in each engine's dialect into a table, and prints
 * the times side by side with their ratio, and each engine's customer count and revenue sum (which
 * must agree). Timings only: nothing here asserts a speed.
 *   npm run -s bench:warehouse -- [lines]
 */
import { cpus, totalmem } from "node:os";
import { openDatabase } from "../pipeline/duckdb.js";
import { openPostgres } from "../pipeline/postgres.js";
import { planFeatureSql } from "../src/lib/features/featureSql.js";
import { startPostgres } from "./postgres-server.js";

const lines = Number(process.argv[2] ?? 50_000_000);
if (!Number.isInteger(lines) || lines < 3) throw new Error(`bench:warehouse: the line count must be a whole number of at least 3, not ${process.argv[2]}`);

/**
 * Line i (0-based) of the generated export, as SQL over `i` for both engines: 3 lines an order, 200,000
 * customers spread by a multiplicative hash, orders 6 seconds apart from 2022-01-01, 997 products in
 * 13 categories, every 50th line a return. Amounts are exact products of doubles, the same in both.
 */
function linesSql(engine: "duckdb" | "postgres"): string {
  const double = engine === "duckdb" ? "DOUBLE" : "DOUBLE PRECISION";
  const order = engine === "duckdb" ? "(i // 3)" : "(i / 3)";
  const ts = engine === "duckdb" ? `TIMESTAMP '2022-01-01' + to_seconds(${order} * 6)` : `TIMESTAMP '2022-01-01' + ${order} * 6 * INTERVAL '1 second'`;
  const quantity = `CAST(CASE WHEN i % 50 = 0 THEN -1 ELSE 1 + i % 5 END AS ${double})`;
  const price = `CAST(10 + i % 997 AS ${double}) / 10`;
  return `SELECT CAST(1 + (${order} * 7919) % 200000 AS VARCHAR) AS customer_id, 'O' || CAST(${order} AS VARCHAR) AS order_id, ${ts} AS order_ts,
      'P' || CAST(i % 997 AS VARCHAR) AS product_id, 'Product ' || CAST(i % 997 AS VARCHAR) AS product_name, 'Cat ' || CAST(i % 13 AS VARCHAR) AS category,
      ${quantity} AS quantity, ${price} AS unit_price, ${quantity} * ${price} AS amount,
      false AS is_cancellation, i % 50 = 0 AS is_return, true AS is_product, 'bench' AS source_file, CAST(i + 1 AS INTEGER) AS source_line
    FROM ${engine === "duckdb" ? `range(${lines}) t(i)` : `generate_series(CAST(0 AS BIGINT), ${lines - 1}) AS t(i)`}`;
}

const seconds = (since: number) => (Date.now() - since) / 1000;

console.log(`bench:warehouse: ${lines.toLocaleString("en-GB")} lines; ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
const server = await startPostgres({ database: "bench", user: "bench" });
const pg = await openPostgres(server.url, { env: server.env, name: "bench" });
const duck = await openDatabase();
try {
  // PostgreSQL's per-sort memory (default 4 MB) raised so its sorts and hashes are not starved; DuckDB keeps its defaults.
  await pg.run(`SET work_mem = '256MB'`);
  const settings = await pg.all<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name IN ('work_mem', 'shared_buffers', 'max_parallel_workers_per_gather') ORDER BY name`,
  );
  console.log(`${server.version.split(" on ")[0]}: ${settings.map((s) => `${s.name} ${s.setting}`).join(", ")}`);

  let started = Date.now();
  await pg.run(`CREATE UNLOGGED TABLE transactions AS ${linesSql("postgres")}`);
  await pg.run(`ANALYZE transactions`);
  const pgLoad = seconds(started);
  started = Date.now();
  await duck.run(`CREATE TABLE transactions AS ${linesSql("duckdb")}`);
  const duckLoad = seconds(started);

  started = Date.now();
  const pgPlan = await planFeatureSql((sql) => pg.all(sql), { transactions: "transactions", dialect: "postgres" });
  await pg.run(`CREATE UNLOGGED TABLE features AS ${pgPlan.sql}`);
  const pgFeatures = seconds(started);
  started = Date.now();
  const duckPlan = await planFeatureSql((sql) => duck.all(sql), { transactions: "transactions", dialect: "duckdb" });
  await duck.run(`CREATE TABLE features AS ${duckPlan.sql}`);
  const duckFeatures = seconds(started);

  const check = `SELECT CAST(count(*) AS INTEGER) AS customers, CAST(CAST(round(sum(monetary)) AS BIGINT) AS VARCHAR) AS revenue FROM features`;
  const [p] = await pg.all<{ customers: number; revenue: string }>(check);
  const [d] = await duck.all<{ customers: number; revenue: string }>(check);
  const row = (label: string, a: string, b: string, ratio: string) => console.log(`${label.padEnd(28)}${a.padStart(14)}${b.padStart(14)}${ratio.padStart(18)}`);
  console.log("");
  row("", "PostgreSQL", "DuckDB", "PostgreSQL/DuckDB");
  row("generate lines (s)", pgLoad.toFixed(1), duckLoad.toFixed(1), (pgLoad / duckLoad).toFixed(1) + "×");
  row("feature SQL (s)", pgFeatures.toFixed(1), duckFeatures.toFixed(1), (pgFeatures / duckFeatures).toFixed(1) + "×");
  row("lines per second (M)", (lines / pgFeatures / 1e6).toFixed(2), (lines / duckFeatures / 1e6).toFixed(2), "");
  row("customers", String(p.customers), String(d.customers), p.customers === d.customers ? "same" : "DIFFERENT");
  row("revenue (whole units)", p.revenue, d.revenue, p.revenue === d.revenue ? "same" : "DIFFERENT");
  if (p.customers !== d.customers || p.revenue !== d.revenue) process.exitCode = 1;
} finally {
  duck.close();
  await pg.close();
  await server.stop();
}
