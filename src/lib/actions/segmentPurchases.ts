/**
 * What the per-segment actions (recommendations, co-purchase rules, next best products, KPIs) read:
 * the segmented customers and their purchase lines, as SQL common table expressions over the clean
 * transactions table (as ingest writes it) and a customer → segment table.
 *
 * The segment table is any labelling: k-means clusters, RFM segments, or audiences (where one
 * customer may be in several). Customers are counted once per segment and once in the base, so
 * overlapping labellings count correctly. Rows with a NULL customer id or segment are not part of
 * the base. Purchases are product lines (`is_product`) that are neither cancellations nor returns,
 * before the as-of date when one is given, as in the feature SQL.
 */
import { quoteIdent } from "../io/sql.js";
import { isIsoDate, type Params } from "./params.js";

export interface SegmentSource {
  /** Clean transactions table (or view). Default "transactions". */
  transactions?: string;
  /** Table (or view) with a customer_id column and the segment column. */
  assignments: string;
  /** The segment column of `assignments`. Default "segment". */
  segmentColumn?: string;
  /** YYYY-MM-DD: lines on or after it are ignored. Default: every line (the feature SQL's default as-of is the day after the last line). */
  asOf?: string | null;
  /**
   * Table (or view) with a customer_id column: the customers the base is made of, with the segmented
   * customers added. Default: the segmented customers only. Give it when the segment table does not
   * hold every customer: customers in no audience are still part of the base an audience's lift is
   * measured against.
   */
  base?: string;
}

/** Products (by product_id, shown by their most common name) or categories. */
export type ItemLevel = "product" | "category";
export const ITEM_LEVELS: readonly ItemLevel[] = ["product", "category"];

export function transactionsTable(source: SegmentSource): string {
  return quoteIdent(source.transactions ?? "transactions");
}

/**
 * `wb_customers (customer_id, segment)`: one row per customer and segment; and
 * `wb_base_customers (customer_id)`: the base, the segmented customers and those of `base`.
 */
export function segmentCustomersCte(source: SegmentSource): string {
  const segment = quoteIdent(source.segmentColumn ?? "segment");
  const others = source.base === undefined ? "" : `
  UNION
  SELECT b.customer_id FROM ${quoteIdent(source.base)} b WHERE b.customer_id IS NOT NULL`;
  return `wb_customers AS (
  SELECT DISTINCT a.customer_id, a.${segment} AS segment
  FROM ${quoteIdent(source.assignments)} a
  WHERE a.customer_id IS NOT NULL AND a.${segment} IS NOT NULL
),
wb_base_customers AS (
  SELECT DISTINCT customer_id FROM wb_customers${others}
)`;
}

/** The condition on a transactions row `t` before the as-of date (TRUE without one). */
export function beforeAsOf(source: SegmentSource, params: Params, alias = "t"): string {
  if (source.asOf === undefined || source.asOf === null) return "TRUE";
  if (!isIsoDate(source.asOf)) throw new Error(`as-of date must be a YYYY-MM-DD date, got "${source.asOf}"`);
  return `${alias}.order_ts < CAST(${params.add(source.asOf, "DATE")} AS TIMESTAMP)`;
}

/** The condition for a product purchase line `t` of a customer of the base, before the as-of date. */
export function purchaseLineCondition(source: SegmentSource, params: Params, alias = "t"): string {
  return `${alias}.is_product AND NOT (${alias}.is_cancellation OR ${alias}.is_return)
    AND ${beforeAsOf(source, params, alias)}
    AND ${alias}.customer_id IN (SELECT customer_id FROM wb_base_customers)`;
}

/** The item a line `t` is about at `level`. */
export function itemExpression(level: ItemLevel, alias = "t"): string {
  if (level === "product") return `${alias}.product_id`;
  if (level === "category") return `${alias}.category`;
  throw new Error(`unknown item level "${String(level)}": expected product or category`);
}

/**
 * `wb_item_names (item, item_name)`: a product's most common name on the base's
 * purchase lines (ties to the first in sort order, so every engine picks the same); a category is
 * its own name. Needs wb_base_customers.
 */
export function itemNamesCte(source: SegmentSource, level: ItemLevel, params: Params): string {
  if (level === "category") {
    return `wb_item_names AS (
  SELECT DISTINCT t.category AS item, t.category AS item_name
  FROM ${transactionsTable(source)} t
  WHERE t.category IS NOT NULL AND ${purchaseLineCondition(source, params)}
)`;
  }
  return `wb_name_counts AS (
  SELECT t.product_id AS item, t.product_name AS item_name, count(*) AS lines
  FROM ${transactionsTable(source)} t
  WHERE t.product_id IS NOT NULL AND ${purchaseLineCondition(source, params)}
  GROUP BY t.product_id, t.product_name
),
wb_item_names AS (
  SELECT item, item_name FROM (
    SELECT item, item_name,
           row_number() OVER (PARTITION BY item ORDER BY lines DESC, item_name NULLS LAST) AS pick
    FROM wb_name_counts
  ) WHERE pick = 1
)`;
}
