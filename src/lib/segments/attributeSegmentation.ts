/**
 * One segmentation on who customers are (attributes: age, income, region, channel, survey answers,
 * spend per category), numeric and categorical features together: blanks handled by the stated
 * strategy and counted (`missing.ts`), k-prototypes (`mixed.ts`), a description per segment
 * (`describeMixed.ts`) and distinct names in plain words (`naming.ts`). Customers who are not
 * clustered (strategy `exclude`) get label −1 and appear as "Not segmented (missing …)" groups, so
 * every input row is in exactly one segment or one such group.
 *
 * A feature's kind (numeric or categorical) is `featureKinds.ts`'s: listed in `categorical`, or text;
 * a column of numbers with stray text ("n/a", "12,5 k") stops instead of becoming categorical.
 */
import type { Scaling } from "../config/config.js";
import { describeMixed, type MixedClusterProfile, type MixedDescription } from "../cluster/describeMixed.js";
import { applyMissing, DEFAULT_MISSING_STRATEGY, fitMissing, type FeatureSpec, type MissingPlan, type MissingResult, type MissingStrategy } from "../cluster/missing.js";
import { assignMixed, fitMixed, type MixedMatrix, type MixedModel } from "../cluster/mixed.js";
import type { KPrototypesProgress } from "../cluster/kprototypes.js";
import type { WinsorizeOption } from "../cluster/prepare.js";
import { featureKinds, type FeatureKindsOptions } from "./featureKinds.js";
import { nameAttributeSegments, segmentTraits, type NamingOptions, type Trait } from "./naming.js";

export interface AttributeSegmentationConfig {
  /** Features to cluster on, numeric and categorical, in order. */
  features: string[];
  /** Features to treat as categories even though their values are numbers (a region coded 1, 2, 3). */
  categorical?: string[];
  /** Numeric features transformed with log1p before scaling. */
  log: string[];
  scale: Scaling;
  k: number;
  seed: number;
  nInit: number;
  /** Weight of one categorical mismatch; null or absent: half the mean standard deviation of the scaled numeric features. */
  gamma?: number | null;
  /** How blanks are handled; default `exclude`. */
  missing?: MissingStrategy;
  /** Segment name overrides, keyed by segment number. */
  names?: Record<string, string>;
}

export interface AttributeModel {
  features: FeatureSpec[];
  missing: MissingPlan;
  mixed: MixedModel;
}

export interface AttributeSegment {
  segment: number;
  /** The config's name, or the automatic one. */
  name: string;
  automaticName: string;
  customers: number;
  /** Share of all input rows (segmented or not). */
  share: number;
  /** What sets it apart, strongest first. */
  traits: Trait[];
  profile: MixedClusterProfile;
}

export interface NotSegmentedGroup {
  /** "Not segmented (missing income)". */
  label: string;
  reason: string;
  features: string[];
  customers: number;
  share: number;
  /** Input rows, ascending. */
  rows: Int32Array;
}

export interface AttributeSegmentationResult {
  config: AttributeSegmentationConfig;
  model: AttributeModel;
  /** Segment of each input row; −1: not segmented (see notSegmented). */
  labels: Int32Array;
  segments: AttributeSegment[];
  notSegmented: NotSegmentedGroup[];
  /** Blanks per feature, values filled per feature, and rows not clustered per reason. */
  missing: Pick<MissingResult, "missingByFeature" | "imputedByFeature" | "countsByReason"> & { strategy: MissingStrategy; clustered: number; rows: number };
  cost: number;
  iterations: number;
  converged: boolean;
  gamma: number;
  description: MixedDescription;
  /** The matrix k-prototypes ran on (clustered rows only), for the measures. */
  matrix: MixedMatrix;
  /** Input row of each matrix row. */
  rows: Int32Array;
}

function clusteredColumns(result: MissingResult, model: { features: FeatureSpec[]; missing: MissingPlan }) {
  const numericNames = model.features.filter((f) => f.kind === "numeric").map((f) => f.name);
  const categoricalNames = [...model.features.filter((f) => f.kind === "categorical").map((f) => f.name), ...model.missing.indicators.map((i) => i.name)];
  const categorical: Record<string, string[]> = { ...result.categorical, ...result.indicators };
  return { numericNames, categoricalNames, numeric: result.numeric, categorical };
}

function notSegmentedGroups(result: MissingResult): NotSegmentedGroup[] {
  return result.excluded.map((g) => ({ label: g.label, reason: g.reason, features: g.features, customers: g.count, share: result.n ? g.count / result.n : 0, rows: g.rows }));
}

/** Runs an attribute segmentation on columns (one array per feature, one row per customer). */
export function runAttributeSegmentation(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  config: AttributeSegmentationConfig,
  options: NamingOptions & { ids?: ArrayLike<unknown>; sources?: FeatureKindsOptions["sources"]; winsorize?: WinsorizeOption; onProgress?: (progress: KPrototypesProgress) => void } = {},
): AttributeSegmentationResult {
  const features = featureKinds(columns, config.features, config.categorical, { ids: options.ids, sources: options.sources });
  const strategy = config.missing ?? DEFAULT_MISSING_STRATEGY;
  const plan = fitMissing(columns, features, strategy, { ids: options.ids });
  const filled = applyMissing(plan, columns, { ids: options.ids });
  const clustered = filled.rows.length;
  if (clustered < config.k) {
    const why = filled.excluded.length ? ` (${filled.excluded.map((g) => `${g.count} ${g.reason}`).join(", ")})` : "";
    throw new Error(`only ${clustered} of ${filled.n} customers can be clustered${why}, fewer than k = ${config.k}: choose fewer segments or another segmentation.missing`);
  }
  const parts = clusteredColumns(filled, { features, missing: plan });
  const { model: mixed, matrix, result } = fitMixed(
    parts.numeric,
    parts.categorical,
    { numeric: parts.numericNames, categorical: parts.categoricalNames, log: config.log.filter((f) => parts.numericNames.includes(f)), scaling: config.scale, winsorize: options.winsorize },
    { k: config.k, seed: config.seed, nInit: config.nInit, gamma: config.gamma, onProgress: options.onProgress },
  );
  const description = describeMixed(matrix, mixed, result.labels, { numericColumns: parts.numeric });
  const traitInputs = description.clusters.map((c) => ({
    numeric: c.numeric.map((f) => ({ name: f.name, mean: f.mean, overallMean: f.overallMean, standardized: f.standardized })),
    categorical: c.categorical.map((f) => ({ name: f.name, mode: f.mode, modeShare: f.modeShare, overallShare: f.overallShare })),
    size: c.size,
  }));
  const automatic = nameAttributeSegments(traitInputs, options);
  const fixed = description.clusters.map((c) => config.names?.[String(c.cluster)]);
  const names = fixed.some((f) => f !== undefined) ? nameAttributeSegments(traitInputs, { ...options, fixed }) : automatic;
  const labels = new Int32Array(filled.n).fill(-1);
  filled.rows.forEach((row, r) => (labels[row] = result.labels[r]));
  return {
    config,
    model: { features, missing: plan, mixed },
    labels,
    segments: description.clusters.map((c, s) => ({
      segment: c.cluster,
      name: names[s],
      automaticName: automatic[s],
      customers: c.size,
      share: filled.n ? c.size / filled.n : 0,
      traits: segmentTraits(traitInputs[s], options),
      profile: c,
    })),
    notSegmented: notSegmentedGroups(filled),
    missing: {
      strategy,
      rows: filled.n,
      clustered,
      missingByFeature: filled.missingByFeature,
      imputedByFeature: filled.imputedByFeature,
      countsByReason: filled.countsByReason,
    },
    cost: result.cost,
    iterations: result.iterations,
    converged: result.converged,
    gamma: mixed.gamma,
    description,
    matrix,
    rows: filled.rows,
  };
}

export interface AttributeAssignment {
  /** Segment of each row; −1: not segmented. */
  labels: Int32Array;
  notSegmented: NotSegmentedGroup[];
  /** Rows per categorical feature with a category the model had not seen (they match no mode). */
  unseen: Record<string, number>;
}

/**
 * Assigns the rows of another snapshot (or new customers) to a fitted model's segments: blanks
 * filled with the recorded values (or the rows left out, under `exclude`), the recorded transforms
 * and categories, the nearest prototype.
 */
export function assignAttributeSegments(model: AttributeModel, columns: Readonly<Record<string, ArrayLike<unknown>>>, options: { ids?: ArrayLike<unknown> } = {}): AttributeAssignment {
  const filled = applyMissing(model.missing, columns, options);
  const parts = clusteredColumns(filled, model);
  const labels = new Int32Array(filled.n).fill(-1);
  let unseen: Record<string, number> = Object.fromEntries(model.mixed.categorical.map((e) => [e.name, 0]));
  if (filled.rows.length) {
    const assigned = assignMixed(model.mixed, parts.numeric, parts.categorical);
    filled.rows.forEach((row, r) => (labels[row] = assigned.labels[r]));
    unseen = assigned.unseen;
  }
  return { labels, notSegmented: notSegmentedGroups(filled), unseen };
}
