/**
 * KPIs per segment for the report, as SQL over the clean transactions and a customer → segment
 * table (any labelling, overlapping audiences included; see segmentPurchases.ts), the same on
 * native DuckDB and DuckDB-WASM. Orders are counted as the feature SQL counts them: an order is
 * (customer_id, order_id); one with a cancelled or returned line is a reversal, not a purchase.
 *
 * - repeat rate: share of the segment's customers with two or more purchase orders;
 * - average order value: the segment's gross purchase revenue ÷ its purchase orders (an order-weighted
 *   mean, not the mean of the customers' averages);
 * - purchase frequency: purchase orders per customer;
 * - share of revenue from returns: value of reversal orders ÷ gross purchase revenue;
 * - days between orders: the median over the segment's repeat customers of
 *   (last − first purchase date) ÷ (orders − 1), the feature `mean_days_between_orders`; each
 *   customer counts once, however often they buy.
 * Money is summed to cents before it is divided, so both engines give the same numbers. A segment
 * customer with no purchase before the as-of date counts as a customer with 0 orders.
 *
 * Customers-only projects (no transactions) have a value measure instead (`valueKpiSql`): its sum,
 * mean and median per segment, with blanks counted, never read as 0.
 */
import { quoteIdent } from "../io/sql.js";
import { Params, type BoundSql } from "./params.js";
import { beforeAsOf, segmentCustomersCte, transactionsTable, type SegmentSource } from "./segmentPurchases.js";

/** A row of kpiSql's result: one per segment, then the whole base (`base` true, `segment` NULL). */
export interface SegmentKpis {
  segment: string | number | null;
  base: boolean;
  customers: number;
  repeat_customers: number;
  orders: number;
  gross_revenue: number;
  returned_revenue: number;
  net_revenue: number;
  repeat_rate: number;
  /** NULL without purchase orders. */
  avg_order_value: number | null;
  purchase_frequency: number;
  /** NULL without gross revenue. */
  return_share: number | null;
  /** NULL without a repeat customer. */
  median_days_between_orders: number | null;
}

function cents(sum: string): string {
  return `CASE WHEN round(${sum}, 2) = 0 THEN 0.0 ELSE round(${sum}, 2) END`;
}

export function kpiSql(source: SegmentSource): BoundSql {
  const params = new Params();
  const sql = `WITH ${segmentCustomersCte(source)},
wb_orders AS (
  SELECT t.customer_id, t.order_id, min(t.order_ts) AS order_ts,
    bool_or(t.is_cancellation OR t.is_return) AS is_reversal, sum(t.amount) AS amount
  FROM ${transactionsTable(source)} t
  WHERE ${beforeAsOf(source, params)} AND t.customer_id IN (SELECT customer_id FROM wb_customers)
  GROUP BY t.customer_id, t.order_id
),
wb_per_customer AS (
  SELECT customer_id,
    count(*) FILTER (WHERE NOT is_reversal) AS orders,
    ${cents("COALESCE(sum(amount) FILTER (WHERE NOT is_reversal), 0)")} AS gross,
    ${cents("COALESCE(-sum(amount) FILTER (WHERE is_reversal), 0)")} AS returned,
    ${cents("sum(amount)")} AS net,
    CAST(min(order_ts) FILTER (WHERE NOT is_reversal) AS DATE) AS first_purchase,
    CAST(max(order_ts) FILTER (WHERE NOT is_reversal) AS DATE) AS last_purchase
  FROM wb_orders GROUP BY customer_id
),
wb_customer_kpis AS (
  SELECT c.segment, c.customer_id,
    COALESCE(p.orders, 0) AS orders, COALESCE(p.gross, 0) AS gross, COALESCE(p.returned, 0) AS returned, COALESCE(p.net, 0) AS net,
    CASE WHEN p.orders > 1 THEN round(date_diff('day', p.first_purchase, p.last_purchase) / (p.orders - 1), 2) END AS days_between
  FROM wb_customers c LEFT JOIN wb_per_customer p ON p.customer_id = c.customer_id
),
wb_groups AS (
  SELECT segment, FALSE AS base, count(*) AS customers, count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
    sum(orders) AS orders, ${cents("sum(gross)")} AS gross, ${cents("sum(returned)")} AS returned, ${cents("sum(net)")} AS net,
    median(days_between) AS median_days_between_orders
  FROM wb_customer_kpis GROUP BY segment
  UNION ALL
  SELECT NULL, TRUE, count(*), count(*) FILTER (WHERE orders >= 2),
    sum(orders), ${cents("sum(gross)")}, ${cents("sum(returned)")}, ${cents("sum(net)")}, median(days_between)
  FROM (SELECT DISTINCT customer_id, orders, gross, returned, net, days_between FROM wb_customer_kpis)
)
SELECT segment, base,
  CAST(customers AS INTEGER) AS customers,
  CAST(repeat_customers AS INTEGER) AS repeat_customers,
  CAST(orders AS INTEGER) AS orders,
  CAST(gross AS DOUBLE) AS gross_revenue,
  CAST(returned AS DOUBLE) AS returned_revenue,
  CAST(net AS DOUBLE) AS net_revenue,
  CAST(repeat_customers AS DOUBLE) / CAST(customers AS DOUBLE) AS repeat_rate,
  CASE WHEN orders > 0 THEN CAST(gross AS DOUBLE) / CAST(orders AS DOUBLE) END AS avg_order_value,
  CAST(orders AS DOUBLE) / CAST(customers AS DOUBLE) AS purchase_frequency,
  CASE WHEN gross > 0 THEN CAST(returned AS DOUBLE) / CAST(gross AS DOUBLE) END AS return_share,
  CAST(median_days_between_orders AS DOUBLE) AS median_days_between_orders
FROM wb_groups
WHERE customers > 0
ORDER BY base, segment`;
  return params.bound(sql);
}

export interface ValueKpiOptions {
  /** Table with customer_id and the segment column. */
  assignments: string;
  segmentColumn?: string;
  /** Table with customer_id and the value column (the customers table or the feature table). */
  values: string;
  valueColumn: string;
}

/** A row of valueKpiSql's result: one per segment, then the whole base. */
export interface SegmentValueKpis {
  segment: string | number | null;
  base: boolean;
  customers: number;
  /** Customers whose value is blank: left out of the sum, mean and median. */
  value_missing: number;
  value_sum: number | null;
  value_mean: number | null;
  value_median: number | null;
}

/** The configured value measure per segment (customers-only projects), sums and means to 2 decimals. */
export function valueKpiSql(options: ValueKpiOptions): BoundSql {
  const params = new Params();
  const value = quoteIdent(options.valueColumn);
  const sql = `WITH ${segmentCustomersCte(options)},
wb_values AS (
  SELECT c.segment, c.customer_id, CAST(v.${value} AS DOUBLE) AS value
  FROM wb_customers c LEFT JOIN ${quoteIdent(options.values)} v ON v.customer_id = c.customer_id
),
wb_groups AS (
  SELECT segment, FALSE AS base, count(*) AS customers, count(*) FILTER (WHERE value IS NULL) AS value_missing,
    sum(value) AS total, count(value) AS n, median(value) AS middle
  FROM wb_values GROUP BY segment
  UNION ALL
  SELECT NULL, TRUE, count(*), count(*) FILTER (WHERE value IS NULL), sum(value), count(value), median(value)
  FROM (SELECT DISTINCT customer_id, value FROM wb_values)
)
SELECT segment, base,
  CAST(customers AS INTEGER) AS customers,
  CAST(value_missing AS INTEGER) AS value_missing,
  CASE WHEN n > 0 THEN ${cents("total")} END AS value_sum,
  CASE WHEN n > 0 THEN round(${cents("total")} / CAST(n AS DOUBLE), 2) END AS value_mean,
  CAST(middle AS DOUBLE) AS value_median
FROM wb_groups
WHERE customers > 0
ORDER BY base, segment`;
  return params.bound(sql);
}
