/** `segmentation`: the k-means segmentation to publish, and per-segment names and plays. */
import { z } from "zod";
import { oneOf, strictObject, text } from "../fields.js";
import { playOverrideSchema } from "./playbook.js";

import { SCALINGS } from "../constants.js";

export { SCALINGS };
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
  /** Features transformed with log1p before scaling (skewed money and counts). */
  log: z.array(featureName, { error: "a list of features from segmentation.features" }).prefault(["frequency", "monetary"]),
  scale: scaling.default("zscore"),
  k: z.int({ error: "a whole number from 2 to 10" }).min(2).max(10).default(5),
  seed: z.int({ error: "a whole number" }).default(42),
  /** Restarts from different seeded starts; the lowest inertia wins. */
  nInit: z.int({ error: "a whole number ≥ 1" }).min(1).default(4),
  /** Segment name overrides, keyed by segment number (as a string) in the published order. */
  names: z.record(z.string(), text("a segment name (not blank)"), { error: "an object of segment names keyed by segment number" }).prefault({}),
  /** Play overrides keyed by segment number: the action text, or an object of play fields. */
  actions: z.record(z.string(), playOverrideSchema, { error: "an object of plays keyed by segment number" }).prefault({}),
}).superRefine((segmentation, ctx) => {
  const { features, log, k } = segmentation;
  features.forEach((feature, i) => {
    if (features.indexOf(feature) < i) {
      // Listed twice, the feature would weigh twice in the distances.
      ctx.addIssue({ code: "custom", path: ["features", i], input: feature, message: "a feature not listed before" });
    }
  });
  log.forEach((feature, i) => {
    if (!features.includes(feature)) {
      ctx.addIssue({ code: "custom", path: ["log", i], input: feature, message: `one of segmentation.features (${features.join(", ")})` });
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
