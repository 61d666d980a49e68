/**
 * Per-customer features as of an analysis date, as one SQL definition that runs unchanged on
 * native DuckDB (loaders, CLI) and DuckDB-WASM (pages). Input: a clean transactions table as
 * written by ingestion (customer_id, order_id, order_ts, product_id, quantity, amount,
 * is_cancellation, is_return, is_product).
 */
import { quoteIdent, quoteLiteral } from "./sql.js";

/** Numeric feature columns the workbench can cluster on, with what they mean. */
export const NUMERIC_FEATURES = {
  recency_days: "Days from the last purchase to the as-of date",
  frequency: "Distinct orders that are not cancellations or returns",
  monetary: "Net revenue: all line amounts, returns included (negative)",
  tenure_days: "Days from the first purchase to the as-of date",
  avg_order_value: "Gross purchase revenue per order",
  items_per_order: "Units bought per order",
  return_rate: "Share of purchased units returned or cancelled",
  distinct_products: "Distinct products bought",
} as const;
export type NumericFeature = keyof typeof NUMERIC_FEATURES;

export interface FeatureSqlOptions {
  /** Table (or view) of clean transactions. */
  transactions?: string;
  /** YYYY-MM-DD; transactions on or after this date are ignored. Default: the day after the last transaction. */
  asOf?: string | null;
}

/** The as-of date expression: a literal date, or the day after the last transaction. */
export function asOfSql({ transactions = "transactions", asOf }: FeatureSqlOptions = {}): string {
  if (asOf) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`as-of date must be YYYY-MM-DD, got "${asOf}"`);
    return `DATE ${quoteLiteral(asOf)}`;
  }
  return `(SELECT CAST(max(order_ts) AS DATE) + 1 FROM ${quoteIdent(transactions)})`;
}

/**
 * One row per customer with at least one purchase before the as-of date. Counts are INTEGER and
 * money DOUBLE (not BIGINT/HUGEINT), so Arrow hands JS numbers, not bigints, to the pages.
 */
export function featureSql(options: FeatureSqlOptions = {}): string {
  const tx = quoteIdent(options.transactions ?? "transactions");
  const asOf = asOfSql(options);
  return `WITH params AS (SELECT ${asOf} AS as_of),
lines AS (
  SELECT t.*, (t.is_cancellation OR t.is_return) AS is_reversal
  FROM ${tx} t, params
  WHERE t.order_ts < CAST(params.as_of AS TIMESTAMP)
),
orders AS (
  SELECT customer_id, order_id, min(order_ts) AS order_ts,
         bool_or(is_reversal) AS is_reversal,
         sum(amount) AS amount,
         sum(CASE WHEN is_product THEN quantity ELSE 0 END) AS items
  FROM lines GROUP BY customer_id, order_id
),
per_customer AS (
  SELECT customer_id,
    min(order_ts) FILTER (WHERE NOT is_reversal) AS first_purchase,
    max(order_ts) FILTER (WHERE NOT is_reversal) AS last_purchase,
    count(*) FILTER (WHERE NOT is_reversal) AS frequency,
    sum(amount) AS monetary,
    sum(amount) FILTER (WHERE NOT is_reversal) AS gross,
    sum(items) FILTER (WHERE NOT is_reversal) AS items
  FROM orders GROUP BY customer_id
),
per_customer_lines AS (
  SELECT customer_id,
    sum(CASE WHEN is_reversal AND is_product THEN -quantity ELSE 0 END) AS returned_units,
    sum(CASE WHEN NOT is_reversal AND is_product THEN quantity ELSE 0 END) AS bought_units,
    count(DISTINCT product_id) FILTER (WHERE is_product AND NOT is_reversal) AS distinct_products
  FROM lines GROUP BY customer_id
)
SELECT
  c.customer_id,
  CAST(date_diff('day', CAST(c.last_purchase AS DATE), p.as_of) AS INTEGER) AS recency_days,
  CAST(c.frequency AS INTEGER) AS frequency,
  CAST(round(c.monetary, 2) AS DOUBLE) AS monetary,
  CAST(date_diff('day', CAST(c.first_purchase AS DATE), p.as_of) AS INTEGER) AS tenure_days,
  CAST(round(c.gross / c.frequency, 2) AS DOUBLE) AS avg_order_value,
  CAST(round(c.items / c.frequency, 2) AS DOUBLE) AS items_per_order,
  CAST(CASE WHEN l.bought_units > 0 THEN round(least(l.returned_units / l.bought_units, 1), 4) ELSE 0 END AS DOUBLE) AS return_rate,
  CAST(l.distinct_products AS INTEGER) AS distinct_products,
  CAST(c.first_purchase AS DATE) AS first_purchase,
  CAST(c.last_purchase AS DATE) AS last_purchase,
  p.as_of AS as_of
FROM per_customer c
JOIN per_customer_lines l USING (customer_id)
CROSS JOIN params p
WHERE c.frequency > 0
ORDER BY c.customer_id`;
}
