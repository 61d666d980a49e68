/**
 * `segmentation`: the segmentation to publish (k-means on numeric features; k-prototypes when a
 * feature is categorical or blanks get an indicator), how blanks are handled, and per-segment names
 * and plays.
 */
import { z } from "zod";
import { oneOf, strictObject, text } from "../fields.js";
import { playOverrideSchema } from "./playbook.js";

import { LOGGED_BY_DEFAULT, MISSING_STRATEGIES, SCALINGS } from "../constants.js";

export { MISSING_STRATEGIES, SCALINGS };
const scaling = oneOf(SCALINGS);
export type Scaling = z.output<typeof scaling>;

const featureName = text("a feature column name");

/** "0" (the largest segment) to "k − 1", written as JSON keys are: no sign, no leading zero. */
const SEGMENT_KEY = /^(0|[1-9]\d*)$/;

export const segmentationSchema = strictObject({
  /** Feature columns the clustering uses, in order. */
  features: z
    .array(featureName, { error: "a non-empty list of feature columns" })
    .min(1)
    .prefault(["recency_days", "frequency", "monetary"]),
  /**
   * Numeric features transformed with log1p before scaling (skewed money and counts). Left out: those
   * of frequency and monetary that are among the features.
   */
  log: z.array(featureName, { error: "a list of features from segmentation.features" }).optional(),
  scale: scaling.default("zscore"),
  k: z.int({ error: "a whole number from 2 to 10" }).min(2).max(10).default(5),
  seed: z.int({ error: "a whole number" }).default(42),
  /** Restarts from different seeded starts; the lowest inertia wins. */
  nInit: z.int({ error: "a whole number ≥ 1" }).min(1).default(4),
  /** Segment name overrides, keyed by segment number (as a string) in the published order. */
  names: z.record(z.string(), text("a segment name (not blank)"), { error: "an object of segment names keyed by segment number" }).prefault({}),
  /** Play overrides keyed by segment number: the action text, or an object of play fields. */
  actions: z.record(z.string(), playOverrideSchema, { error: "an object of plays keyed by segment number" }).prefault({}),
  /**
   * Features read as categories although their values are numbers (a region coded 1, 2, 3). A feature
   * whose values are text is categorical anyway. Any categorical feature makes the clustering
   * k-prototypes (Huang 1997) instead of k-means.
   */
  categorical: z.array(featureName, { error: "a list of features from segmentation.features" }).prefault([]),
  /** Blanks in a clustered feature: customers left out and counted (exclude), filled (median, mode), or filled and flagged (indicator). */
  missing: oneOf(MISSING_STRATEGIES).default("exclude"),
  /** Weight of one categorical mismatch in k-prototypes; null: Huang's default, half the mean standard deviation of the scaled numeric features. */
  gamma: z.number({ error: "a number above 0, or null for the default (half the mean standard deviation of the scaled numeric features)" }).positive().nullable().default(null),
})
  // Key order as written in the README's table and saved by the workbench: log stays second.
  .transform(({ features, log, ...rest }) => ({ features, log: log ?? features.filter((f) => LOGGED_BY_DEFAULT.includes(f)), ...rest }))
  .superRefine((segmentation, ctx) => {
  const { features, log, k, categorical } = segmentation;
  features.forEach((feature, i) => {
    if (features.indexOf(feature) < i) {
      // Listed twice, the feature would weigh twice in the distances.
      ctx.addIssue({ code: "custom", path: ["features", i], input: feature, message: "a feature not listed before" });
    }
  });
  log.forEach((feature, i) => {
    if (!features.includes(feature)) {
      ctx.addIssue({ code: "custom", path: ["log", i], input: feature, message: `one of segmentation.features (${features.join(", ")})` });
    } else if (categorical.includes(feature)) {
      ctx.addIssue({ code: "custom", path: ["log", i], input: feature, message: `a numeric feature: "${feature}" is listed in segmentation.categorical` });
    }
  });
  categorical.forEach((feature, i) => {
    if (!features.includes(feature)) {
      ctx.addIssue({ code: "custom", path: ["categorical", i], input: feature, message: `one of segmentation.features (${features.join(", ")})` });
    } else if (categorical.indexOf(feature) < i) {
      ctx.addIssue({ code: "custom", path: ["categorical", i], input: feature, message: "a feature not listed before" });
    }
  });
  for (const map of ["names", "actions"] as const) {
    for (const key of Object.keys(segmentation[map])) {
      if (!SEGMENT_KEY.test(key) || Number(key) >= k) {
        ctx.addIssue({
          code: "custom",
          path: [map, key],
          input: key,
          message: `a segment number from "0" (the largest) to "${k - 1}" as key (segmentation.k is ${k})`,
        });
      }
    }
  }
});

export type SegmentationConfig = z.output<typeof segmentationSchema>;
