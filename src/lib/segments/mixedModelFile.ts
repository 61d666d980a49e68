/**
 * The `cluster` command's model.json for a mixed-type (k-prototypes) segmentation, and the
 * segmentation model read back from it, so `cluster --model` assigns new rows exactly as
 * `assignAttributeSegments` does for the report's earlier snapshots.
 *
 * It records everything the assignment replays (each feature's kind, the missing-value strategy and
 * its fill values, the numeric transforms, the categories, γ and the prototypes: centres in prepared
 * space and modes) and what an analyst reads (the prototypes in original units, per segment its name,
 * its numeric means against everyone's and, per categorical feature, every category's share with the
 * mode and its share; the blanks accounted). Keys are snake_case like the k-means model.json's.
 */
import type { Scaling } from "../config/config.js";
import type { FeatureSpec, MissingPlan, MissingStrategy } from "../cluster/missing.js";
import type { PreparedModel } from "../cluster/prepare.js";
import { prototypesInOriginalUnits } from "../cluster/mixed.js";
import type { AttributeModel, AttributeSegmentationResult } from "./attributeSegmentation.js";

export interface MixedModelFile {
  method: "k-prototypes";
  k: number;
  seed: number;
  n_init: number;
  input: string;
  /** The input's id column (its values are the assignments' customer_id). */
  id_column: string;
  /** Input rows, and of them the rows clustered (the others are not segmented, see missing). */
  rows: number;
  clustered: number;
  /** The features clustered on, in order, and each one's kind. */
  columns: string[];
  features: FeatureSpec[];
  scaling: Scaling;
  /** Numeric features' transforms, in order: winsorizing, log, then (x − center) / scale. */
  transforms: PreparedModel["features"];
  /** Categorical features (indicators of blanks included) and their categories, sorted by code unit. */
  categories: { name: string; levels: string[] }[];
  /** Weight of one categorical mismatch, and whether it is Huang's default. */
  gamma: number;
  gamma_is_default: boolean;
  /** Each segment's prototype: numeric centre in original units (clipping aside) and categorical modes. */
  prototypes: { numeric: Record<string, number>; categorical: Record<string, string> }[];
  /** The numeric centres in prepared space, where rows are assigned. */
  centroids_prepared: number[][];
  sizes: number[];
  names: string[];
  /** The k-prototypes cost (Σ squared numeric distance + γ × mismatches) over the clustered rows. */
  cost: number;
  iterations: number;
  converged: boolean;
  silhouette: number | null;
  silhouette_rows: number;
  calinski_harabasz: number | null;
  davies_bouldin: number | null;
  /** Between over total sum of squares of the numeric features (prepared space); null without any. */
  numeric_variance_explained: number | null;
  f_statistics: Record<string, number | null>;
  cramers_v: Record<string, number>;
  missing: MissingSection;
  segments: SegmentDescription[];
}

export interface MissingSection {
  strategy: MissingStrategy;
  /** Value each feature's blanks are filled with (every strategy but exclude). */
  fill: Record<string, number | string>;
  /** 0/1 categorical features flagging blanks (strategy indicator). */
  indicators: { name: string; feature: string }[];
  /** Blank values per feature, over all input rows. */
  missing_by_feature: Record<string, number>;
  /** Values filled per feature. */
  imputed_by_feature: Record<string, number>;
  /** Rows not segmented per reason ("missing annual income" → 60): clustered + Σ = rows. */
  not_segmented: Record<string, number>;
}

export interface SegmentDescription {
  segment: number;
  name: string;
  customers: number;
  /** Of every input row. */
  share: number;
  numeric: { name: string; mean: number; overall_mean: number; standardized: number }[];
  categorical: {
    name: string;
    mode: string;
    mode_share: number;
    overall_share: number;
    categories: { value: string; count: number; share: number; overall_share: number }[];
  }[];
}

/** NaN and ±Infinity are not JSON: null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface MixedModelContext {
  input: string;
  idColumn: string;
  nInit: number;
  metrics: { silhouette: number; silhouetteRows: number; calinskiHarabasz: number; daviesBouldin: number };
}

/** model.json of a k-prototypes segmentation (see the module comment). */
export function mixedModelFile(result: AttributeSegmentationResult, context: MixedModelContext): MixedModelFile {
  const { mixed, features, missing } = result.model;
  const { description } = result;
  return {
    method: "k-prototypes",
    k: mixed.k,
    seed: mixed.seed,
    n_init: context.nInit,
    input: context.input,
    id_column: context.idColumn,
    rows: result.missing.rows,
    clustered: result.missing.clustered,
    columns: features.map((f) => f.name),
    features: features.map((f) => ({ ...f })),
    scaling: mixed.numeric.scaling,
    transforms: mixed.numeric.features,
    categories: mixed.categorical.map((e) => ({ name: e.name, levels: [...e.levels] })),
    gamma: mixed.gamma,
    gamma_is_default: mixed.gammaIsDefault,
    prototypes: prototypesInOriginalUnits(mixed),
    centroids_prepared: mixed.centroids,
    sizes: result.segments.map((s) => s.customers),
    names: result.segments.map((s) => s.name),
    cost: result.cost,
    iterations: result.iterations,
    converged: result.converged,
    silhouette: finiteOrNull(context.metrics.silhouette),
    silhouette_rows: context.metrics.silhouetteRows,
    calinski_harabasz: finiteOrNull(context.metrics.calinskiHarabasz),
    davies_bouldin: finiteOrNull(context.metrics.daviesBouldin),
    numeric_variance_explained: finiteOrNull(description.numericVarianceExplained),
    f_statistics: Object.fromEntries(description.numericFeatures.map((f) => [f.name, finiteOrNull(f.F)])),
    cramers_v: Object.fromEntries(description.categoricalFeatures.map((f) => [f.name, f.cramersV])),
    missing: {
      strategy: missing.strategy,
      fill: { ...missing.fill },
      indicators: missing.indicators.map((i) => ({ ...i })),
      missing_by_feature: result.missing.missingByFeature,
      imputed_by_feature: result.missing.imputedByFeature,
      not_segmented: result.missing.countsByReason,
    },
    segments: result.segments.map((s) => ({
      segment: s.segment,
      name: s.name,
      customers: s.customers,
      share: s.share,
      numeric: s.profile.numeric.map((f) => ({ name: f.name, mean: f.mean, overall_mean: f.overallMean, standardized: f.standardized })),
      categorical: s.profile.categorical.map((f) => ({
        name: f.name,
        mode: f.mode,
        mode_share: f.modeShare,
        overall_share: f.overallShare,
        categories: f.categories.map((c) => ({ value: c.value, count: c.count, share: c.share, overall_share: c.overallShare })),
      })),
    })),
  };
}

/** True for a model.json written for a k-prototypes segmentation. */
export function isMixedModelFile(file: unknown): file is MixedModelFile {
  return typeof file === "object" && file !== null && (file as { method?: unknown }).method === "k-prototypes";
}

/**
 * The segmentation model a mixed model.json describes, for `assignAttributeSegments`. Throws naming
 * the key that is missing or malformed (`source` names the file).
 */
export function attributeModelOf(file: MixedModelFile, source: string): AttributeModel {
  const bad = (key: string) => new Error(`${source}: "${key}" is missing or malformed: not a model.json written by the cluster command`);
  if (!Array.isArray(file.features) || !file.features.every((f) => typeof f?.name === "string" && (f.kind === "numeric" || f.kind === "categorical"))) throw bad("features");
  if (!Array.isArray(file.transforms)) throw bad("transforms");
  if (!Array.isArray(file.categories) || !file.categories.every((c) => typeof c?.name === "string" && Array.isArray(c.levels))) throw bad("categories");
  if (!Array.isArray(file.centroids_prepared) || file.centroids_prepared.length !== file.k) throw bad("centroids_prepared");
  if (!Array.isArray(file.prototypes) || file.prototypes.length !== file.k) throw bad("prototypes");
  if (!(typeof file.gamma === "number" && file.gamma > 0)) throw bad("gamma");
  const missing = file.missing;
  if (!missing || typeof missing.strategy !== "string" || typeof missing.fill !== "object" || !Array.isArray(missing.indicators)) throw bad("missing");
  const plan: MissingPlan = { strategy: missing.strategy, features: file.features.map((f) => ({ ...f })), fill: { ...missing.fill }, indicators: missing.indicators.map((i) => ({ ...i })) };
  const modes = file.prototypes.map((p, c) =>
    file.categories.map((e) => {
      const mode = p?.categorical?.[e.name];
      if (typeof mode !== "string" || !e.levels.includes(mode)) throw bad(`prototypes[${c}].categorical.${e.name}`);
      return mode;
    }),
  );
  return {
    features: plan.features,
    missing: plan,
    mixed: {
      method: "k-prototypes",
      k: file.k,
      seed: file.seed,
      numeric: { scaling: file.scaling, features: file.transforms },
      categorical: file.categories.map((c) => ({ name: c.name, levels: [...c.levels] })),
      gamma: file.gamma,
      gammaIsDefault: file.gamma_is_default,
      centroids: file.centroids_prepared,
      modes,
    },
  };
}
