/**
 * `recommendations`: the floors of the per-segment recommendations by lift
 * (src/lib/actions/recommendations.ts), of the co-purchase rules (`pairs`, copurchase.ts) and how
 * many next best products each customer gets in the CRM export (nextBest.ts).
 */
import { z } from "zod";
import { PAIR_DEFAULTS } from "../../actions/copurchase.js";
import { MAX_NEXT_BEST } from "../../actions/nextBest.js";
import { RECOMMENDATION_DEFAULTS } from "../../actions/recommendations.js";
import { strictObject } from "../fields.js";

const share = z.number({ error: "a share from 0 to 1" }).min(0).max(1);
const count = z.int({ error: "a whole number ≥ 1" }).min(1);
const lift = z.number({ error: "a number ≥ 0 (1 = as often as the base)" }).min(0);
const top = z.int({ error: "a whole number from 1 to 100" }).min(1).max(100);

const pairsSchema = strictObject({
  /** Share of the segment's orders holding both items. */
  minSupport: share.default(PAIR_DEFAULTS.minSupport),
  /** Orders holding both items. */
  minOrders: count.default(PAIR_DEFAULTS.minOrders),
  /** Share of the orders with the first item that also hold the second. */
  minConfidence: share.default(PAIR_DEFAULTS.minConfidence),
  minLift: lift.default(PAIR_DEFAULTS.minLift),
  top: top.default(PAIR_DEFAULTS.top),
});

export const recommendationsSchema = strictObject({
  /** Share of the segment's customers who bought the item. */
  minSupport: share.default(RECOMMENDATION_DEFAULTS.minSupport),
  /** The segment's customers who bought the item. */
  minCustomers: count.default(RECOMMENDATION_DEFAULTS.minCustomers),
  minLift: lift.default(RECOMMENDATION_DEFAULTS.minLift),
  /** Items listed per segment (products and categories each). */
  top: top.default(RECOMMENDATION_DEFAULTS.top),
  /** Next best products per customer in the CRM export; 0 for none. */
  nextBest: z.int({ error: `a whole number from 0 to ${MAX_NEXT_BEST}` }).min(0).max(MAX_NEXT_BEST).default(RECOMMENDATION_DEFAULTS.nextBest),
  pairs: pairsSchema.prefault({}),
});

export type RecommendationsConfig = z.output<typeof recommendationsSchema>;
