/**
 * What each segment over-indexes on: per segment, the products (or categories) ranked by lift,
 *
 *   lift = (share of the segment's customers who bought it) ÷ (share of all customers who bought it),
 *
 * so 2 means the segment's customers buy it twice as often as the base does. Floors keep tiny items
 * off the top of the list: at least `minCustomers` of the segment's customers bought it and they
 * are at least `minSupport` of the segment; only lifts of at least `minLift` are listed, the `top`
 * highest per segment. Each row also gives the cross-sell audience: the segment's customers who
 * have not bought it yet.
 *
 * One SQL statement with bound parameters that runs the same on native DuckDB and DuckDB-WASM.
 * Counts are exact integers; support, base share and lift are each one division of exact integers
 * (the lift as (segment buyers × base customers) ÷ (segment customers × base buyers)), so every
 * engine gives the same double, and an independent query can recompute them exactly.
 */
import { Params, type BoundSql } from "./params.js";
import { itemExpression, itemNamesCte, purchaseLineCondition, segmentCustomersCte, transactionsTable, type ItemLevel, type SegmentSource } from "./segmentPurchases.js";

export interface RecommendationFloors {
  /** Share of the segment's customers who bought the item (0–1). */
  minSupport: number;
  /** The segment's customers who bought the item. */
  minCustomers: number;
  /** Lift at least this. */
  minLift: number;
  /** Items listed per segment. */
  top: number;
}

/** The config's defaults (section `recommendations`). */
export const RECOMMENDATION_DEFAULTS = {
  minSupport: 0.05,
  minCustomers: 10,
  minLift: 1.2,
  top: 10,
  /** Next best products per customer in the CRM export. */
  nextBest: 3,
} as const;

export interface RecommendationOptions extends SegmentSource, Partial<RecommendationFloors> {
  level: ItemLevel;
}

/** A row of recommendationsSql's result. */
export interface Recommendation {
  segment: string | number;
  /** 1 = highest lift in the segment. */
  rank: number;
  item: string;
  item_name: string | null;
  segment_customers: number;
  segment_buyers: number;
  base_customers: number;
  base_buyers: number;
  /** segment_buyers / segment_customers. */
  support: number;
  /** base_buyers / base_customers. */
  base_share: number;
  lift: number;
  /** segment_customers − segment_buyers: who could be offered it. */
  cross_sell: number;
}

export const RECOMMENDATION_COLUMNS: readonly (keyof Recommendation)[] = [
  "segment",
  "rank",
  "item",
  "item_name",
  "segment_customers",
  "segment_buyers",
  "base_customers",
  "base_buyers",
  "support",
  "base_share",
  "lift",
  "cross_sell",
];

function checkFloors(floors: RecommendationFloors): void {
  const { minSupport, minCustomers, minLift, top } = floors;
  if (!(minSupport >= 0 && minSupport <= 1)) throw new Error(`minSupport must be a share from 0 to 1, got ${minSupport}`);
  if (!(Number.isInteger(minCustomers) && minCustomers >= 1)) throw new Error(`minCustomers must be a whole number ≥ 1, got ${minCustomers}`);
  if (!(minLift >= 0 && Number.isFinite(minLift))) throw new Error(`minLift must be a number ≥ 0, got ${minLift}`);
  if (!(Number.isInteger(top) && top >= 1)) throw new Error(`top must be a whole number ≥ 1, got ${top}`);
}

/**
 * The scored items of every segment that pass the floors, with their rank (`wb_ranked`), as common
 * table expressions; next best products (nextBest.ts) build on them.
 */
export function rankedItemsCtes(options: RecommendationOptions, params: Params): string {
  // Field by field, so that a floor given as undefined takes its default.
  const floors: RecommendationFloors = {
    minSupport: options.minSupport ?? RECOMMENDATION_DEFAULTS.minSupport,
    minCustomers: options.minCustomers ?? RECOMMENDATION_DEFAULTS.minCustomers,
    minLift: options.minLift ?? RECOMMENDATION_DEFAULTS.minLift,
    top: options.top ?? RECOMMENDATION_DEFAULTS.top,
  };
  checkFloors(floors);
  const item = itemExpression(options.level);
  return `${segmentCustomersCte(options)},
wb_segment_sizes AS (
  SELECT segment, count(*) AS segment_customers FROM wb_customers GROUP BY segment
),
wb_base AS (
  SELECT count(*) AS base_customers FROM wb_base_customers
),
wb_bought AS (
  SELECT DISTINCT t.customer_id, ${item} AS item
  FROM ${transactionsTable(options)} t
  WHERE ${item} IS NOT NULL AND ${purchaseLineCondition(options, params)}
),
wb_item_base AS (
  SELECT item, count(*) AS base_buyers FROM wb_bought GROUP BY item
),
wb_item_segment AS (
  SELECT c.segment, b.item, count(*) AS segment_buyers
  FROM wb_bought b JOIN wb_customers c ON c.customer_id = b.customer_id
  GROUP BY c.segment, b.item
),
wb_scored AS (
  SELECT s.segment, s.item, s.segment_buyers, z.segment_customers, ib.base_buyers, base.base_customers,
    CAST(s.segment_buyers AS DOUBLE) / CAST(z.segment_customers AS DOUBLE) AS support,
    CAST(ib.base_buyers AS DOUBLE) / CAST(base.base_customers AS DOUBLE) AS base_share,
    (CAST(s.segment_buyers AS DOUBLE) * CAST(base.base_customers AS DOUBLE))
      / (CAST(z.segment_customers AS DOUBLE) * CAST(ib.base_buyers AS DOUBLE)) AS lift
  FROM wb_item_segment s
  JOIN wb_segment_sizes z ON z.segment = s.segment
  JOIN wb_item_base ib ON ib.item = s.item
  CROSS JOIN wb_base base
),
wb_ranked AS (
  SELECT *, row_number() OVER (PARTITION BY segment ORDER BY lift DESC, segment_buyers DESC, item) AS rank
  FROM wb_scored
  WHERE segment_buyers >= ${params.integer(floors.minCustomers)}
    AND support >= ${params.double(floors.minSupport)}
    AND lift >= ${params.double(floors.minLift)}
)`;
}

/** Per segment, the `top` items by lift that pass the floors, ordered by segment then rank. */
export function recommendationsSql(options: RecommendationOptions): BoundSql {
  const params = new Params();
  const top = options.top ?? RECOMMENDATION_DEFAULTS.top;
  const sql = `WITH ${rankedItemsCtes(options, params)},
${itemNamesCte(options, options.level, params)}
SELECT r.segment, CAST(r.rank AS INTEGER) AS rank, r.item, n.item_name,
  CAST(r.segment_customers AS INTEGER) AS segment_customers,
  CAST(r.segment_buyers AS INTEGER) AS segment_buyers,
  CAST(r.base_customers AS INTEGER) AS base_customers,
  CAST(r.base_buyers AS INTEGER) AS base_buyers,
  r.support, r.base_share, r.lift,
  CAST(r.segment_customers - r.segment_buyers AS INTEGER) AS cross_sell
FROM wb_ranked r
LEFT JOIN wb_item_names n ON n.item = r.item
WHERE r.rank <= ${params.integer(top)}
ORDER BY r.segment, r.rank`;
  return params.bound(sql);
}
