/**
 * Features step: the shared feature SQL over ingested transactions, joined to the customers
 * export's non-personal attributes. Writes features.parquet.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { featureSql } from "../src/lib/features.js";
import { quoteIdent, quoteLiteral } from "../src/lib/sql.js";
import type { Database } from "./duckdb.js";

export interface FeaturesOptions {
  /** Folder with the ingest outputs (transactions.parquet, optionally customers.parquet). */
  inDir: string;
  outFile: string;
  asOf?: string | null;
  /** Customer columns never carried into features (personal data). */
  pii: readonly string[];
}

export async function buildFeatures(db: Database, { inDir, outFile, asOf, pii }: FeaturesOptions): Promise<{ customers: number; asOf: string }> {
  const transactionsFile = join(inDir, "transactions.parquet");
  if (!existsSync(transactionsFile)) throw new Error(`${transactionsFile}: not found. Run ingest first (npm run -s workbench -- ingest ...).`);
  await db.run(`CREATE OR REPLACE TEMP VIEW feature_input AS SELECT * FROM read_parquet(${quoteLiteral(transactionsFile)})`);
  await db.run(`CREATE OR REPLACE TEMP TABLE features AS ${featureSql({ transactions: "feature_input", asOf })}`);
  const customersFile = join(inDir, "customers.parquet");
  let select = "SELECT * FROM features";
  if (existsSync(customersFile)) {
    await db.run(`CREATE OR REPLACE TEMP VIEW feature_customers AS SELECT * FROM read_parquet(${quoteLiteral(customersFile)})`);
    const columns = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('feature_customers')`)).map((c) => c.name);
    const featureColumns = new Set((await db.all<{ name: string }>(`SELECT name FROM pragma_table_info('features')`)).map((c) => c.name));
    const piiLower = new Set(pii.map((p) => p.toLowerCase()));
    const attributes = columns.filter((c) => !featureColumns.has(c) && !piiLower.has(c.toLowerCase()));
    select = `SELECT f.*${attributes.map((c) => `, c.${quoteIdent(c)}`).join("")}
      FROM features f LEFT JOIN feature_customers c USING (customer_id) ORDER BY f.customer_id`;
  }
  await db.run(`COPY (${select}) TO ${quoteLiteral(outFile)} (FORMAT parquet)`);
  const [row] = await db.all<{ n: number; as_of: string }>(`SELECT count(*)::INTEGER AS n, strftime(any_value(as_of), '%Y-%m-%d') AS as_of FROM features`);
  return { customers: Number(row.n), asOf: row.as_of };
}
