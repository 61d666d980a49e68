/**
 * The CLV predictions as feature columns: the per-customer predictions (clv.parquet, one row per
 * customer first seen on or before the calibration end) joined to the feature table by customer_id,
 * as SQL that runs unchanged on native DuckDB and DuckDB-WASM. A customer of the feature table
 * without a prediction keeps NULLs in the four columns (never a 0: "no prediction" is not "worth
 * nothing"), and is counted (clvMissingSql), so a page or a segmentation that needs a value says how
 * many lack one.
 */
import { quoteIdent } from "../io/sql.js";

/** The columns the predictions add to the feature table, in order, with what they mean. */
export const CLV_FEATURE_COLUMNS = {
  p_alive: "Probability the customer is still active (BG/NBD), at the as-of date",
  expected_purchases: "Expected purchases (days with an order) over the next clv.horizonDays (BG/NBD)",
  expected_value: "Expected value per purchase (Gamma-Gamma; the population mean without a repeat purchase)",
  clv: "Predicted value of the next clv.horizonDays, discounted at clv.discountRate a year",
} as const;
export type ClvFeature = keyof typeof CLV_FEATURE_COLUMNS;
export const CLV_FEATURES = Object.keys(CLV_FEATURE_COLUMNS) as ClvFeature[];

export interface ClvJoinTables {
  /** The feature table (customer_id and any columns; none of CLV_FEATURES). */
  features: string;
  /** The predictions: customer_id and the CLV_FEATURES columns (more are ignored). */
  predictions: string;
}

/** The feature table's rows and columns, in order, then the four prediction columns; ordered by customer_id. */
export function clvFeatureJoinSql({ features, predictions }: ClvJoinTables): string {
  const added = CLV_FEATURES.map((c) => `CAST(p.${quoteIdent(c)} AS DOUBLE) AS ${quoteIdent(c)}`).join(", ");
  return `SELECT f.*, ${added}
FROM ${quoteIdent(features)} f
LEFT JOIN ${quoteIdent(predictions)} p ON p.customer_id = f.customer_id
ORDER BY f.customer_id`;
}

/**
 * How the join went: customers of the feature table without a prediction (`missing`, and the first
 * few ids), and predictions for customers the feature table does not have (`unmatched`: a prediction
 * must belong to a customer of the table; any is a bug upstream, not something to drop quietly).
 */
export function clvJoinCheckSql({ features, predictions }: ClvJoinTables): string {
  const f = quoteIdent(features);
  const p = quoteIdent(predictions);
  return `SELECT
  (SELECT CAST(count(*) AS INTEGER) FROM ${f} x WHERE NOT EXISTS (SELECT 1 FROM ${p} y WHERE y.customer_id = x.customer_id)) AS missing,
  (SELECT CAST(count(*) AS INTEGER) FROM ${p} y WHERE NOT EXISTS (SELECT 1 FROM ${f} x WHERE x.customer_id = y.customer_id)) AS unmatched,
  (SELECT string_agg(customer_id, ', ' ORDER BY customer_id) FROM (
    SELECT x.customer_id FROM ${f} x WHERE NOT EXISTS (SELECT 1 FROM ${p} y WHERE y.customer_id = x.customer_id) ORDER BY x.customer_id LIMIT 5
  )) AS first_missing`;
}

/** The CLV columns a feature table already has (a customers-export attribute named `clv`, say): the join would clash. */
export function clvColumnClashes(columns: readonly string[]): ClvFeature[] {
  return CLV_FEATURES.filter((c) => columns.includes(c));
}
