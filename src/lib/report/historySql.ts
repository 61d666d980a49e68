/**
 * The history's period figures as SQL (report.history), run by sections/history.ts on native
 * DuckDB over two tables:
 *
 * - the clean transactions as ingest wrote them (customer_id, order_id, order_ts, amount,
 *   is_cancellation, is_return);
 * - the assignments: (snapshot INTEGER, customer_id VARCHAR, category INTEGER), one row per customer
 *   with a purchase before each date of the history (snapshot 0 … count: the dates of
 *   historyDates.ts) and their category there (today's segment through today's model, or a
 *   labelled group).
 *
 * Snapshot i's period runs from date i − 1 (included) to date i (excluded). Revenue is net, line by
 * line, as the features' `monetary` (returns and cancellations included, negative): a customer's
 * revenue in a period is their monetary at its end minus their monetary at its start. An order (a
 * customer's lines with one order id) belongs to the period of its first line and counts when none
 * of its lines is a cancellation or return, as the features' `frequency`; its amount is gross
 * purchase revenue, as the features' `avg_order_value`. Money is summed as DECIMAL(18,2) (the lines'
 * cents exactly), so the sums do not depend on the order DuckDB adds them in.
 */
import { quoteIdent, quoteLiteral } from "../io/sql.js";

export interface HistorySqlTables {
  /** Table or view of clean transactions. */
  transactions: string;
  /** Table of (snapshot, customer_id, category). */
  assignments: string;
  /** Table customerPeriodSql's result is stored in. */
  customerPeriod: string;
}

const cents = (x: string) => `CAST(${x} AS DECIMAL(18,2))`;
const money = (sum: string) => `CAST(COALESCE(${sum}, 0) AS DOUBLE)`;

/** The periods as rows (snapshot, period_start, period_end) from the history's dates. */
function periodsSql(dates: readonly string[]): string {
  if (dates.length < 2) throw new Error(`a history needs at least 2 dates, got ${dates.length}`);
  for (const d of dates) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a YYYY-MM-DD date: "${d}"`);
  const rows = dates.slice(1).map((end, i) => `(${i + 1}, TIMESTAMP ${quoteLiteral(dates[i])}, TIMESTAMP ${quoteLiteral(end)})`);
  return `SELECT * FROM (VALUES ${rows.join(", ")}) AS p(snapshot, period_start, period_end)`;
}

/**
 * One row per customer and period with any line in it: snapshot, customer_id, net (net revenue of
 * the period's lines), orders (orders that are not cancellations or returns, by their first line)
 * and gross (those orders' amounts).
 */
export function customerPeriodSql(tables: Pick<HistorySqlTables, "transactions">, dates: readonly string[]): string {
  const tx = quoteIdent(tables.transactions);
  const first = quoteLiteral(dates[0]);
  const last = quoteLiteral(dates[dates.length - 1]);
  return `WITH wb_periods AS (${periodsSql(dates)}),
wb_window AS (
  SELECT customer_id, order_id, order_ts, ${cents("amount")} AS amount, (is_cancellation OR is_return) AS is_reversal
  FROM ${tx}
  WHERE order_ts >= TIMESTAMP ${first} AND order_ts < TIMESTAMP ${last}
),
wb_net AS (
  SELECT p.snapshot, w.customer_id, sum(w.amount) AS net
  FROM wb_window w JOIN wb_periods p ON w.order_ts >= p.period_start AND w.order_ts < p.period_end
  GROUP BY p.snapshot, w.customer_id
),
wb_orders AS (
  SELECT customer_id, order_id, min(order_ts) AS order_ts, bool_or(is_reversal) AS is_reversal, sum(amount) AS amount
  FROM wb_window GROUP BY customer_id, order_id
),
wb_bought AS (
  SELECT p.snapshot, o.customer_id, count(*) AS orders, sum(o.amount) AS gross
  FROM wb_orders o JOIN wb_periods p ON o.order_ts >= p.period_start AND o.order_ts < p.period_end
  WHERE NOT o.is_reversal
  GROUP BY p.snapshot, o.customer_id
)
SELECT n.snapshot, n.customer_id, n.net, CAST(COALESCE(b.orders, 0) AS INTEGER) AS orders, COALESCE(b.gross, 0) AS gross
FROM wb_net n LEFT JOIN wb_bought b ON b.snapshot = n.snapshot AND b.customer_id = n.customer_id`;
}

/**
 * Per snapshot (1 … count) and category: its members (customers), their net revenue in the period,
 * the active ones (an order in the period), those of them who were customers at the period's start
 * too (returning), their orders and the orders' gross revenue.
 */
export function periodFiguresSql(tables: Pick<HistorySqlTables, "assignments" | "customerPeriod">): string {
  const a = quoteIdent(tables.assignments);
  const cp = quoteIdent(tables.customerPeriod);
  return `SELECT m.snapshot, m.category,
  CAST(count(*) AS INTEGER) AS customers,
  ${money("sum(cp.net)")} AS revenue,
  CAST(count(*) FILTER (WHERE cp.orders > 0) AS INTEGER) AS active,
  CAST(count(*) FILTER (WHERE cp.orders > 0 AND pv.customer_id IS NOT NULL) AS INTEGER) AS returning,
  CAST(COALESCE(sum(cp.orders), 0) AS INTEGER) AS orders,
  ${money("sum(cp.gross)")} AS gross
FROM ${a} m
LEFT JOIN ${a} pv ON pv.snapshot = m.snapshot - 1 AND pv.customer_id = m.customer_id
LEFT JOIN ${cp} cp ON cp.snapshot = m.snapshot AND cp.customer_id = m.customer_id
WHERE m.snapshot >= 1
GROUP BY m.snapshot, m.category
ORDER BY m.snapshot, m.category`;
}

/**
 * Per snapshot (1 … count) and category: the category's members at the period's start (snapshot
 * i − 1) and how many of them ordered in the period, whatever their category at its end.
 */
export function retentionSql(tables: Pick<HistorySqlTables, "assignments" | "customerPeriod">, count: number): string {
  const a = quoteIdent(tables.assignments);
  const cp = quoteIdent(tables.customerPeriod);
  return `SELECT CAST(pv.snapshot + 1 AS INTEGER) AS snapshot, pv.category,
  CAST(count(*) AS INTEGER) AS members,
  CAST(count(*) FILTER (WHERE cp.orders > 0) AS INTEGER) AS retained
FROM ${a} pv
LEFT JOIN ${cp} cp ON cp.snapshot = pv.snapshot + 1 AND cp.customer_id = pv.customer_id
WHERE pv.snapshot < ${Math.trunc(count)}
GROUP BY pv.snapshot, pv.category
ORDER BY 1, 2`;
}

/**
 * Per snapshot with any line in its period: the period's net revenue over every loaded line, and
 * the customers (and their revenue) with lines in it but no purchase before its end, who are in no
 * category: only returns or cancellations so far.
 */
export function periodTotalsSql(tables: Pick<HistorySqlTables, "assignments" | "customerPeriod">): string {
  const a = quoteIdent(tables.assignments);
  const cp = quoteIdent(tables.customerPeriod);
  return `SELECT cp.snapshot,
  ${money("sum(cp.net)")} AS revenue,
  CAST(count(*) FILTER (WHERE m.customer_id IS NULL) AS INTEGER) AS other_customers,
  ${money("sum(cp.net) FILTER (WHERE m.customer_id IS NULL)")} AS other_revenue
FROM ${cp} cp
LEFT JOIN ${a} m ON m.snapshot = cp.snapshot AND m.customer_id = cp.customer_id
GROUP BY cp.snapshot
ORDER BY cp.snapshot`;
}
