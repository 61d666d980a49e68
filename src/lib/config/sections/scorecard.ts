/**
 * `scorecard`: the thresholds of the segment scorecard (src/lib/actions/scorecard.ts) and the
 * customer columns that say whether a customer can be reached (src/lib/actions/reachability.ts).
 */
import { z } from "zod";
import { SCORECARD_DEFAULTS } from "../../actions/scorecard.js";
import { strictObject, text } from "../fields.js";

const share = z.number({ error: "a share from 0 to 1" }).min(0).max(1);
const index = z.number({ error: "a number from -1 to 1" }).min(-1).max(1);

export const scorecardSchema = strictObject({
  /** Measurable: share of a segment's customers with complete data. */
  minCompleteShare: share.default(SCORECARD_DEFAULTS.minCompleteShare),
  /** Substantial: customers at least, and a share of customers or of revenue at least. */
  minCustomers: z.int({ error: "a whole number ≥ 1" }).min(1).default(SCORECARD_DEFAULTS.minCustomers),
  minCustomerShare: share.default(SCORECARD_DEFAULTS.minCustomerShare),
  minRevenueShare: share.default(SCORECARD_DEFAULTS.minRevenueShare),
  /** Distinct: mean silhouette of the members; for audiences, the largest share in one other audience. */
  minSilhouette: index.default(SCORECARD_DEFAULTS.minSilhouette),
  maxOverlap: share.default(SCORECARD_DEFAULTS.maxOverlap),
  /** Stable: Jaccard (or adjusted Rand index) across seeds and against the previous snapshot. */
  minStability: index.default(SCORECARD_DEFAULTS.minStability),
  /** Accessible: share reachable through a consent or contact channel column. */
  minReachableShare: share.default(SCORECARD_DEFAULTS.minReachableShare),
  /** Consent or contact channel columns of the customer table; null to find them by name. */
  contactColumns: z
    .array(text("a column name"), { error: "a list of column names, or null to find consent and channel columns by name" })
    .nullable()
    .default(null),
});

export type ScorecardConfig = z.output<typeof scorecardSchema>;
