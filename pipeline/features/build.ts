/**
 * Features step: the shared feature SQL (src/lib/features/featureSql.ts, with RFM scores and segments) over
 * the ingested transactions, joined to the customers export's non-personal attributes; in a
 * customers-only project, the attributes alone (src/lib/features/attributeSql.ts).
 * Writes features.parquet.
 *
 * For transactions in a PostgreSQL database (a table input) the same SQL, in PostgreSQL's dialect, runs
 * there on the session's clean lines (ingest's wb_transactions) and only the per-customer rows come
 * back; the customers' attributes are added locally (withAttributesSql), as the one query would.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG, type RfmConfig, type WorkbenchConfig } from "../../src/lib/config/config.js";
import { customersOnlyColumns, customersOnlyFeatureSql } from "../../src/lib/features/attributeSql.js";
import { customerAttributes, planFeatureSql, withAttributesSql } from "../../src/lib/features/featureSql.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";
import { duckdbEngine, postgresEngine, type SqlEngine } from "../engine.js";
import { POSTGRES_TABLES } from "../ingest/ingest.js";
import type { PostgresDatabase } from "../postgres.js";
import { copyQuery } from "../transfer.js";

export interface FeaturesOptions {
  /** Folder with the ingest outputs (transactions.parquet, optionally customers.parquet). */
  inDir: string;
  outFile: string;
  /** YYYY-MM-DD; default the day after the last transaction. */
  asOf?: string | null;
  /** Customer columns never carried into features (personal data). */
  pii: readonly string[];
  /** RFM segment rules; default the built-in classic scheme. */
  rfm?: RfmConfig;
  /** Top categories by revenue that get a share_<category> column; default 5. */
  topCategories?: number;
  /**
   * A customers-only project (inputs.transactions null): the features are the customers export's
   * attributes, with age, age band and tenure (src/lib/features/attributeSql.ts).
   */
  customersOnly?: boolean;
  /**
   * Stop when no customer has a purchase before the as-of date (the CLI's features step and the
   * pipeline: a feature table of 0 customers is never what was asked for). The report's earlier date
   * may legitimately have none.
   */
  requireCustomers?: boolean;
}

/** A feature step the run must not go on with: no customer has a purchase before the as-of date. */
export class FeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeatureError";
  }
}

/** Why no customer has a purchase before the as-of date, in one line with the keys that change it. */
async function noCustomersMessage(db: SqlEngine, table: string, asOf: string | null | undefined, file: string): Promise<string> {
  const d = db.dialect;
  const [t] = await db.all<{ lines: number; purchases: number; first: string | null; last: string | null }>(`
    SELECT CAST(count(*) AS INTEGER) AS lines, CAST(count(*) FILTER (WHERE NOT (is_return OR is_cancellation)) AS INTEGER) AS purchases,
      ${d.formatTimestamp("min(order_ts)", "date")} AS first, ${d.formatTimestamp("max(order_ts)", "date")} AS last
    FROM ${table}`);
  if (t.lines === 0) return `features: ${file} holds no transaction lines, so there are 0 customers. Check the ingest step's output and the transactions export.`;
  if (t.purchases === 0) return `features: all ${t.lines} transaction lines in ${file} are returns or cancellations, so there are 0 customers with a purchase. Check ingest.cancelPrefix and the quantity column's signs.`;
  return `features: no customer has a purchase before the as-of date ${asOf}: the ${t.purchases} purchase lines run from ${t.first} to ${t.last}. Set features.asOf (or --as-of) to a date after ${t.first}, or leave it null for the day after the last purchase.`;
}

/**
 * The feature options a config asks for: the one place the pipeline, the report's earlier date and the
 * CLI turn the config into FeaturesOptions. `asOf` overrides features.asOf (the CLI's --as-of, the
 * report's earlier date).
 */
export function featureOptions(config: WorkbenchConfig, files: { inDir: string; outFile: string }, asOf: string | null = config.features.asOf): FeaturesOptions {
  return { ...files, asOf, pii: config.pii, rfm: config.rfm, topCategories: config.features.topCategories, customersOnly: config.inputs.transactions === null };
}

/** The customers-only feature table (see FeaturesOptions.customersOnly); the as-of date is null when nothing gives one. */
async function buildCustomersOnlyFeatures(db: Database, options: FeaturesOptions): Promise<{ customers: number; asOf: string | null }> {
  const customersFile = join(options.inDir, "customers.parquet");
  if (!existsSync(customersFile)) throw new Error(`${customersFile}: not found. Run ingest first (npm run -s workbench -- ingest ...).`);
  await db.run(`CREATE OR REPLACE TEMP TABLE feature_customers AS SELECT * FROM read_parquet(${quoteLiteral(customersFile)})`);
  const types = (await db.all<{ column_name: string; column_type: string }>(`DESCRIBE feature_customers`)).map((r) => ({ name: r.column_name, type: r.column_type }));
  const columns = customersOnlyColumns(types, options.pii);
  await db.run(`CREATE OR REPLACE TEMP TABLE features AS ${customersOnlyFeatureSql({ table: "feature_customers", columns, types, asOf: options.asOf ?? null })}`);
  const [row] = await db.all<{ n: number; as_of: string | null }>(`SELECT count(*)::INTEGER AS n, strftime(any_value(as_of), '%Y-%m-%d') AS as_of FROM features`);
  if (row.n === 0 && options.requireCustomers) throw new FeatureError(`features: ${customersFile} holds no customers. Check the ingest step's output and the customers export.`);
  await db.run(`COPY (SELECT * FROM features ORDER BY customer_id) TO ${quoteLiteral(options.outFile)} (FORMAT parquet)`);
  return { customers: Number(row.n), asOf: row.as_of ?? options.asOf ?? null };
}

export async function buildFeatures(db: Database, options: FeaturesOptions): Promise<{ customers: number; asOf: string | null }> {
  if (options.customersOnly) return buildCustomersOnlyFeatures(db, options);
  const { inDir, outFile, asOf, pii } = options;
  const transactionsFile = join(inDir, "transactions.parquet");
  if (!existsSync(transactionsFile)) throw new Error(`${transactionsFile}: not found. Run ingest first (npm run -s workbench -- ingest ...).`);
  // A table, not a view over the file: the plan and the feature query read it several times.
  await db.run(`CREATE OR REPLACE TEMP TABLE feature_input AS SELECT * FROM read_parquet(${quoteLiteral(transactionsFile)})`);
  const customersFile = join(inDir, "customers.parquet");
  const hasCustomers = existsSync(customersFile);
  if (hasCustomers) {
    await db.run(`CREATE OR REPLACE TEMP TABLE feature_customers AS SELECT * FROM read_parquet(${quoteLiteral(customersFile)})`);
  }
  const plan = await planFeatureSql((sql) => db.all(sql), {
    transactions: "feature_input",
    customers: hasCustomers ? "feature_customers" : null,
    asOf,
    pii,
    rfm: options.rfm ?? DEFAULT_CONFIG.rfm,
    topCategories: options.topCategories ?? DEFAULT_CONFIG.features.topCategories,
  });
  await db.run(`CREATE OR REPLACE TEMP TABLE features AS ${plan.sql}`);
  const [row] = await db.all<{ n: number; as_of: string | null }>(
    `SELECT count(*)::INTEGER AS n, strftime(any_value(as_of), '%Y-%m-%d') AS as_of FROM features`,
  );
  // Before writing: no empty feature table is left behind for a later step to read.
  if (row.n === 0 && options.requireCustomers) throw new FeatureError(await noCustomersMessage(duckdbEngine(db), "feature_input", asOf, transactionsFile));
  await db.run(`COPY (SELECT * FROM features ORDER BY customer_id) TO ${quoteLiteral(outFile)} (FORMAT parquet)`);
  // With no customer left (an as-of date before every purchase), still report the date asked for.
  return { customers: Number(row.n), asOf: row.as_of ?? asOf ?? "" };
}

/**
 * The feature query (without the customers export's attributes) over ingest's clean lines in `pg`'s
 * session (wb_transactions), in PostgreSQL's dialect: one row per customer.
 */
export async function databaseFeatureSql(pg: PostgresDatabase, options: FeaturesOptions): Promise<string> {
  const plan = await planFeatureSql((sql) => pg.all(sql), {
    transactions: POSTGRES_TABLES.clean,
    customers: null,
    asOf: options.asOf,
    pii: options.pii,
    rfm: options.rfm ?? DEFAULT_CONFIG.rfm,
    topCategories: options.topCategories ?? DEFAULT_CONFIG.features.topCategories,
    dialect: "postgres",
  });
  return plan.sql;
}

/**
 * The features of transactions held in a PostgreSQL database: the feature SQL runs in `pg`'s session on
 * ingest's clean lines (wb_transactions), its rows come into `local`, the customers export's attributes
 * (customers.parquet in inDir, if any) are joined there, and features.parquet is written as buildFeatures
 * writes it. `source` names the table in messages.
 */
export async function buildFeaturesInDatabase(pg: PostgresDatabase, local: Database, options: FeaturesOptions & { source: string }): Promise<{ customers: number; asOf: string }> {
  const { inDir, outFile, asOf, pii } = options;
  const engine = postgresEngine(pg);
  await copyQuery(pg, await databaseFeatureSql(pg, options), local, "database_features");
  const customersFile = join(inDir, "customers.parquet");
  if (existsSync(customersFile)) {
    await local.run(`CREATE OR REPLACE TEMP TABLE feature_customers AS SELECT * FROM read_parquet(${quoteLiteral(customersFile)})`);
    const names = (await local.all<{ name: string }>(`SELECT name FROM pragma_table_info('feature_customers') ORDER BY cid`)).map((r) => r.name);
    const customers = { table: "feature_customers", ...customerAttributes(names, pii) };
    await local.run(`CREATE OR REPLACE TEMP TABLE features AS ${withAttributesSql("database_features", customers)}`);
  } else {
    await local.run(`CREATE OR REPLACE TEMP TABLE features AS SELECT * FROM ${quoteIdent("database_features")} ORDER BY customer_id`);
  }
  const [row] = await local.all<{ n: number; as_of: string | null }>(
    `SELECT count(*)::INTEGER AS n, strftime(any_value(as_of), '%Y-%m-%d') AS as_of FROM features`,
  );
  if (row.n === 0 && options.requireCustomers) throw new FeatureError(await noCustomersMessage(engine, POSTGRES_TABLES.clean, asOf, options.source));
  await local.run(`COPY (SELECT * FROM features ORDER BY customer_id) TO ${quoteLiteral(outFile)} (FORMAT parquet)`);
  return { customers: Number(row.n), asOf: row.as_of ?? asOf ?? "" };
}

/**
 * The clean lines ingest kept in `pg`'s session (wb_transactions), written to `outFile` as ingest writes
 * transactions.parquet from an export (same columns, types and order), for the report's line-level parts.
 */
export async function copyCleanLines(pg: PostgresDatabase, local: Database, outFile: string): Promise<void> {
  await copyQuery(pg, `SELECT * FROM ${POSTGRES_TABLES.clean} ORDER BY source_file, source_line`, local, "database_transactions");
  await local.run(`COPY database_transactions TO ${quoteLiteral(outFile)} (FORMAT parquet)`);
  await local.run(`DROP TABLE database_transactions`);
}
