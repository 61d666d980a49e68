/**
 * Co-purchase rules per segment: association rules A → B over the segment's orders (baskets).
 *
 * Why orders and not customers: a co-purchase is "bought together", which is what a bundle, an
 * "add to basket" suggestion or a shared promotion acts on. Customer-level co-occurrence over a
 * whole history mostly measures how much a customer buys (a heavy buyer's many products pair with
 * everything) and repeats what the per-segment lift (recommendations.ts) already says at customer
 * level. An order is (customer_id, order_id), as in the feature SQL; returns and cancellations are
 * not baskets.
 *
 * In a segment with N baskets (purchase orders with at least one item at the level):
 *   support    = baskets with A and B ÷ N
 *   confidence = baskets with A and B ÷ baskets with A          (how often B comes with A)
 *   lift       = (baskets with A and B × N) ÷ (baskets with A × baskets with B)
 * Floors: at least `minOrders` baskets with both, support ≥ minSupport, confidence ≥ minConfidence,
 * lift ≥ minLift; the `top` rules per segment by lift (then confidence). Items in fewer than
 * `minOrders` baskets (or below the support floor) cannot be in a rule that passes, so they are
 * dropped before pairs are formed, which keeps large baskets from exploding the pair count.
 */
import { Params, type BoundSql } from "./params.js";
import { itemExpression, itemNamesCte, purchaseLineCondition, segmentCustomersCte, transactionsTable, type ItemLevel, type SegmentSource } from "./segmentPurchases.js";

export interface PairFloors {
  /** Share of the segment's baskets that hold both items (0–1). */
  minSupport: number;
  /** Baskets that hold both items. */
  minOrders: number;
  /** Share of the baskets with the antecedent that also hold the consequent (0–1). */
  minConfidence: number;
  minLift: number;
  /** Rules listed per segment. */
  top: number;
}

/** The config's defaults (section `recommendations.pairs`). */
export const PAIR_DEFAULTS: PairFloors = {
  minSupport: 0.01,
  minOrders: 10,
  minConfidence: 0.1,
  minLift: 1.5,
  top: 10,
};

export interface PairOptions extends SegmentSource, Partial<PairFloors> {
  level: ItemLevel;
}

/** A row of pairRulesSql's result: the rule antecedent → consequent in a segment. */
export interface PairRule {
  segment: string | number;
  rank: number;
  antecedent: string;
  antecedent_name: string | null;
  consequent: string;
  consequent_name: string | null;
  /** Baskets of the segment (with at least one item at the level). */
  segment_orders: number;
  antecedent_orders: number;
  consequent_orders: number;
  both_orders: number;
  support: number;
  confidence: number;
  lift: number;
}

function checkFloors(f: PairFloors): void {
  if (!(f.minSupport >= 0 && f.minSupport <= 1)) throw new Error(`pairs minSupport must be a share from 0 to 1, got ${f.minSupport}`);
  if (!(Number.isInteger(f.minOrders) && f.minOrders >= 1)) throw new Error(`pairs minOrders must be a whole number ≥ 1, got ${f.minOrders}`);
  if (!(f.minConfidence >= 0 && f.minConfidence <= 1)) throw new Error(`pairs minConfidence must be a share from 0 to 1, got ${f.minConfidence}`);
  if (!(f.minLift >= 0 && Number.isFinite(f.minLift))) throw new Error(`pairs minLift must be a number ≥ 0, got ${f.minLift}`);
  if (!(Number.isInteger(f.top) && f.top >= 1)) throw new Error(`pairs top must be a whole number ≥ 1, got ${f.top}`);
}

/** Association rules per segment, ordered by segment then rank. */
export function pairRulesSql(options: PairOptions): BoundSql {
  // Field by field, so that a floor given as undefined takes its default.
  const floors: PairFloors = {
    minSupport: options.minSupport ?? PAIR_DEFAULTS.minSupport,
    minOrders: options.minOrders ?? PAIR_DEFAULTS.minOrders,
    minConfidence: options.minConfidence ?? PAIR_DEFAULTS.minConfidence,
    minLift: options.minLift ?? PAIR_DEFAULTS.minLift,
    top: options.top ?? PAIR_DEFAULTS.top,
  };
  checkFloors(floors);
  const params = new Params();
  const item = itemExpression(options.level);
  const minOrders = params.integer(floors.minOrders);
  const minSupport = params.double(floors.minSupport);
  const sql = `WITH ${segmentCustomersCte(options)},
wb_baskets AS (
  SELECT DISTINCT c.segment, t.customer_id, t.order_id, ${item} AS item
  FROM ${transactionsTable(options)} t
  JOIN wb_customers c ON c.customer_id = t.customer_id
  WHERE ${item} IS NOT NULL AND ${purchaseLineCondition(options, params)}
),
wb_segment_orders AS (
  SELECT segment, count(*) AS segment_orders
  FROM (SELECT DISTINCT segment, customer_id, order_id FROM wb_baskets)
  GROUP BY segment
),
wb_item_orders AS (
  SELECT b.segment, b.item, count(*) AS item_orders
  FROM wb_baskets b
  GROUP BY b.segment, b.item
),
wb_frequent AS (
  SELECT i.segment, i.item, i.item_orders
  FROM wb_item_orders i JOIN wb_segment_orders s ON s.segment = i.segment
  WHERE i.item_orders >= ${minOrders}
    AND CAST(i.item_orders AS DOUBLE) / CAST(s.segment_orders AS DOUBLE) >= ${minSupport}
),
wb_frequent_baskets AS (
  SELECT b.* FROM wb_baskets b
  JOIN wb_frequent f ON f.segment = b.segment AND f.item = b.item
),
wb_unordered_pairs AS (
  -- Each pair once (item_a < item_b): orders with both are the same count in both directions.
  SELECT a.segment, a.item AS item_a, b.item AS item_b, count(*) AS both_orders
  FROM wb_frequent_baskets a
  JOIN wb_frequent_baskets b
    ON b.segment = a.segment AND b.customer_id = a.customer_id AND b.order_id IS NOT DISTINCT FROM a.order_id AND b.item > a.item
  GROUP BY a.segment, a.item, b.item
),
wb_pairs AS (
  SELECT segment, item_a, item_b, both_orders FROM wb_unordered_pairs
  UNION ALL
  SELECT segment, item_b, item_a, both_orders FROM wb_unordered_pairs
),
wb_rules AS (
  SELECT p.segment, p.item_a AS antecedent, p.item_b AS consequent,
    s.segment_orders, fa.item_orders AS antecedent_orders, fb.item_orders AS consequent_orders, p.both_orders,
    CAST(p.both_orders AS DOUBLE) / CAST(s.segment_orders AS DOUBLE) AS support,
    CAST(p.both_orders AS DOUBLE) / CAST(fa.item_orders AS DOUBLE) AS confidence,
    (CAST(p.both_orders AS DOUBLE) * CAST(s.segment_orders AS DOUBLE))
      / (CAST(fa.item_orders AS DOUBLE) * CAST(fb.item_orders AS DOUBLE)) AS lift
  FROM wb_pairs p
  JOIN wb_segment_orders s ON s.segment = p.segment
  JOIN wb_frequent fa ON fa.segment = p.segment AND fa.item = p.item_a
  JOIN wb_frequent fb ON fb.segment = p.segment AND fb.item = p.item_b
),
wb_ranked AS (
  SELECT *, row_number() OVER (PARTITION BY segment ORDER BY lift DESC, confidence DESC, antecedent, consequent) AS rank
  FROM wb_rules
  WHERE both_orders >= ${minOrders}
    AND support >= ${minSupport}
    AND confidence >= ${params.double(floors.minConfidence)}
    AND lift >= ${params.double(floors.minLift)}
),
${itemNamesCte(options, options.level, params)}
SELECT r.segment, CAST(r.rank AS INTEGER) AS rank,
  r.antecedent, na.item_name AS antecedent_name, r.consequent, nc.item_name AS consequent_name,
  CAST(r.segment_orders AS INTEGER) AS segment_orders,
  CAST(r.antecedent_orders AS INTEGER) AS antecedent_orders,
  CAST(r.consequent_orders AS INTEGER) AS consequent_orders,
  CAST(r.both_orders AS INTEGER) AS both_orders,
  r.support, r.confidence, r.lift
FROM wb_ranked r
LEFT JOIN wb_item_names na ON na.item = r.antecedent
LEFT JOIN wb_item_names nc ON nc.item = r.consequent
WHERE r.rank <= ${params.integer(floors.top)}
ORDER BY r.segment, r.rank`;
  return params.bound(sql);
}
