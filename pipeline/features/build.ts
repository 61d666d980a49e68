/**
 * Features step: the shared feature SQL (src/lib/features/featureSql.ts, with RFM scores and segments) over
 * the ingested transactions, joined to the customers export's non-personal attributes.
 * Writes features.parquet.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_CONFIG, type RfmConfig, type WorkbenchConfig } from "../../src/lib/config/config.js";
import { planFeatureSql } from "../../src/lib/features/featureSql.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";

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
async function noCustomersMessage(db: Database, asOf: string | null | undefined, inDir: string): Promise<string> {
  const [t] = await db.all<{ lines: number; purchases: number; first: string | null; last: string | null }>(`
    SELECT count(*)::INTEGER AS lines, count(*) FILTER (WHERE NOT (is_return OR is_cancellation))::INTEGER AS purchases,
      strftime(min(order_ts), '%Y-%m-%d') AS first, strftime(max(order_ts), '%Y-%m-%d') AS last
    FROM feature_input`);
  const file = join(inDir, "transactions.parquet");
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
  return { ...files, asOf, pii: config.pii, rfm: config.rfm, topCategories: config.features.topCategories };
}

export async function buildFeatures(db: Database, options: FeaturesOptions): Promise<{ customers: number; asOf: string }> {
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
  if (row.n === 0 && options.requireCustomers) throw new FeatureError(await noCustomersMessage(db, asOf, inDir));
  await db.run(`COPY (SELECT * FROM features ORDER BY customer_id) TO ${quoteLiteral(outFile)} (FORMAT parquet)`);
  // With no customer left (an as-of date before every purchase), still report the date asked for.
  return { customers: Number(row.n), asOf: row.as_of ?? asOf ?? "" };
}
