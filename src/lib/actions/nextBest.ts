/**
 * Each customer's next best products, for the CRM export: among the products their segment
 * over-indexes on (recommendations.ts: every item that passes the floors, not only the segment's
 * top list, so a customer who bought the top ones still gets suggestions), the ones they have not
 * bought yet, highest segment lift first (ties: more segment buyers, then product id). A customer
 * in several segments (overlapping audiences) gets an item's best lift among them.
 *
 * One row per customer of the segment table, ordered by customer_id, with columns
 * next_best_1, next_best_1_name, …, next_best_<n>, next_best_<n>_name (NULL when fewer qualify).
 * The values are data for the CSV writer, which neutralises spreadsheet formulas (src/lib/io/csv.ts).
 */
import { quoteIdent } from "../io/sql.js";
import { Params, type BoundSql } from "./params.js";
import { RECOMMENDATION_DEFAULTS, rankedItemsCtes, type RecommendationFloors } from "./recommendations.js";
import { itemNamesCte, type ItemLevel, type SegmentSource } from "./segmentPurchases.js";

/** The most next best columns a customer gets. */
export const MAX_NEXT_BEST = 10;

export interface NextBestOptions extends SegmentSource, Partial<Omit<RecommendationFloors, "top">> {
  /** Products per customer (1–10). Default 3. */
  count?: number;
  /** Default "product". */
  level?: ItemLevel;
}

/** next_best_1, next_best_1_name, … for `count` products. */
export function nextBestColumns(count: number): string[] {
  return Array.from({ length: count }, (_, i) => [`next_best_${i + 1}`, `next_best_${i + 1}_name`]).flat();
}

export function nextBestSql(options: NextBestOptions): BoundSql {
  const count = options.count ?? RECOMMENDATION_DEFAULTS.nextBest;
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_NEXT_BEST)) throw new Error(`next best count must be a whole number from 1 to ${MAX_NEXT_BEST}, got ${count}`);
  const level = options.level ?? "product";
  const params = new Params();
  const ranked = rankedItemsCtes({ ...options, level }, params);
  const picks = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return `max(p.item) FILTER (WHERE p.pick = ${n}) AS ${quoteIdent(`next_best_${n}`)},
  max(p.item_name) FILTER (WHERE p.pick = ${n}) AS ${quoteIdent(`next_best_${n}_name`)}`;
  });
  const sql = `WITH ${ranked},
${itemNamesCte(options, level, params)},
wb_candidates AS (
  SELECT c.customer_id, r.item, r.lift, r.segment_buyers
  FROM wb_customers c
  JOIN wb_ranked r ON r.segment = c.segment
  WHERE NOT EXISTS (SELECT 1 FROM wb_bought b WHERE b.customer_id = c.customer_id AND b.item = r.item)
),
wb_best_per_item AS (
  SELECT customer_id, item, lift, segment_buyers FROM (
    SELECT *, row_number() OVER (PARTITION BY customer_id, item ORDER BY lift DESC, segment_buyers DESC) AS best
    FROM wb_candidates
  ) WHERE best = 1
),
wb_picks AS (
  SELECT b.customer_id, b.item, n.item_name,
    row_number() OVER (PARTITION BY b.customer_id ORDER BY b.lift DESC, b.segment_buyers DESC, b.item) AS pick
  FROM wb_best_per_item b
  LEFT JOIN wb_item_names n ON n.item = b.item
),
wb_all AS (SELECT DISTINCT customer_id FROM wb_customers)
SELECT a.customer_id,
  ${picks.join(",\n  ")}
FROM wb_all a
LEFT JOIN wb_picks p ON p.customer_id = a.customer_id AND p.pick <= ${params.integer(count)}
GROUP BY a.customer_id
ORDER BY a.customer_id`;
  return params.bound(sql);
}
