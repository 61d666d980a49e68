/**
 * One segmentation run: feature columns + the segmentation config → the groups kept out of the
 * clustering (outside.ts: net returners first), prepared matrix, k-means on everyone else, named
 * segments with actions, and each customer's segment or group. The workbench page (in the browser)
 * and the report loader (in Node) both call this, so the analyst and the stakeholders see the
 * same numbers for the same config.
 */
import type { SegmentationConfig } from "../config/config.js";
import { kmeans, type KMeansProgress, type KMeansResult } from "../cluster/kmeans.js";
import { assertNoBlanks } from "../cluster/missing.js";
import { nameSegments, type NamedSegment } from "./playbook.js";
import { featureOutliers, type FeatureOutliers } from "../cluster/outliers.js";
import { prepare, toOriginalUnits, type PreparedMatrix, type PreparedModel, type WinsorizeOption } from "../cluster/prepare.js";
import { clusteredColumns, labelsWithGroups, OUTSIDE_RULES, splitOutside, summariseOutside, type OutsideGroup, type OutsideRule, type OutsideSplit } from "./outside.js";
import { median, round, summariseSegments, type FeatureColumns } from "./summary.js";

export type SegmentationInput = FeatureColumns & Record<string, ArrayLike<number> | ArrayLike<string>>;

/** The keys of the config's segmentation section that k-means reads (blanks are handled before: segmentCustomers.ts). */
export type KMeansSettings = Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit" | "names" | "actions">;

export interface SegmentationResult {
  config: KMeansSettings;
  model: PreparedModel;
  /** Segment of each input row (0 … k − 1), or k + g for a row in group g kept out of the clustering. */
  labels: Int32Array;
  segments: (NamedSegment & { centroid: Record<string, number> })[];
  /** The groups kept out of the clustering, in rule order (every rule's group, empty ones included). */
  groups: OutsideGroup[];
  /** Which rows are clustered and which group the others are in. */
  split: OutsideSplit;
  /** Segment of each clustered row (split.clustered's order): the labels that go with `prepared`. */
  clusterLabels: Int32Array;
  /** Extreme values per feature and what the winsorizing and log did with them (clustered rows). */
  outliers: FeatureOutliers[];
  inertia: number;
  iterations: number;
  /** The matrix k-means ran on (the clustered rows), and the centroids in that (prepared) space. */
  prepared: PreparedMatrix;
  centroids: number[][];
}

export interface SegmentationOptions {
  /** Winsorizing percentiles, for every feature or per feature (see prepare.ts). */
  winsorize?: WinsorizeOption;
  /** Lloyd iteration progress, for the Web Worker's progress bar. */
  onProgress?: (progress: KMeansProgress) => void;
  /** The groups kept out of the clustering (default OUTSIDE_RULES: net returners). */
  outside?: readonly OutsideRule[];
  /**
   * The k-means of `segmentationMatrix(columns, config, options)` with the config's k, seed and
   * restarts, computed elsewhere (the workbench's jobs run it on every core, jobs.ts); without it
   * k-means runs here.
   */
  fit?: { prepared: PreparedMatrix; kmeans: KMeansResult };
}

/** The rows of a segmentation: which customers the groups keep out, and the rest, to cluster. */
function segmentationRows(columns: SegmentationInput, config: KMeansSettings, options: Pick<SegmentationOptions, "outside">): { split: OutsideSplit; rules: readonly OutsideRule[]; numeric: Record<string, ArrayLike<number>> } {
  // A blank (null from Parquet, empty text, NaN) would otherwise be read as 0 by Number() and
  // clustered, and summarised, as a real zero. Stop instead, naming the feature and customer.
  assertNoBlanks(columns, [...new Set([...config.features, "recency_days", "frequency", "monetary"])], { ids: columns.customer_id });
  // The worker's jobs carry no customer ids: count rows by the first feature.
  const n = (columns[config.features[0]] as ArrayLike<number> | undefined)?.length ?? 0;
  const rules = options.outside ?? OUTSIDE_RULES;
  const split = splitOutside(columns, n, rules);
  if (split.clustered.length < config.k) {
    const outside = rules.map((r, g) => `${split.counts[g]} ${r.label.toLowerCase()}`).join(", ");
    throw new Error(`segmentation.k is ${config.k}: cannot make ${config.k} clusters from ${split.clustered.length} customers (${n} in all, ${outside} kept out of the clustering): lower segmentation.k`);
  }
  const clustered = clusteredColumns(columns, split);
  const numeric: Record<string, ArrayLike<number>> = {};
  for (const name of config.features) numeric[name] = clustered[name] as ArrayLike<number>;
  return { split, rules, numeric };
}

/** The matrix a segmentation clusters: its features checked for blanks, the groups kept out (net returners), the rest prepared. */
export function segmentationMatrix(columns: SegmentationInput, config: KMeansSettings, options: Pick<SegmentationOptions, "winsorize" | "outside"> = {}): PreparedMatrix {
  const { numeric } = segmentationRows(columns, config, options);
  return prepare(numeric, config.features, { log: config.log, scaling: config.scale, winsorize: options.winsorize });
}

export function runSegmentation(columns: SegmentationInput, config: KMeansSettings, options: SegmentationOptions = {}): SegmentationResult {
  const { split, rules, numeric } = segmentationRows(columns, config, options);
  const prepared = options.fit?.prepared ?? prepare(numeric, config.features, { log: config.log, scaling: config.scale, winsorize: options.winsorize });
  if (prepared.n !== split.clustered.length) throw new Error(`runSegmentation: the fit has ${prepared.n} rows for ${split.clustered.length} clustered customers`);
  const fit = options.fit?.kmeans ?? kmeans(prepared.data, prepared.n, prepared.d, { k: config.k, seed: config.seed, nInit: config.nInit, onProgress: options.onProgress });
  const labels = labelsWithGroups(fit.labels, split, config.k);
  // Summarised over everyone (labels k … k + groups − 1 are the groups), so shares are of all customers.
  const summaries = summariseSegments(columns, labels, config.k + rules.length).slice(0, config.k);
  const base = {
    recency: median(columns.recency_days),
    frequency: median(columns.frequency),
    monetary: median(columns.monetary),
    tenure: columns.tenure_days ? median(columns.tenure_days) : null,
  };
  const named = nameSegments(summaries, base, { names: config.names, actions: config.actions });
  return {
    config,
    model: prepared.model,
    labels,
    segments: named.map((segment, c) => ({
      ...segment,
      centroid: Object.fromEntries(
        toOriginalUnits(prepared.model, fit.centroids[c]).map((x, j) => [config.features[j], round(x, 2)]),
      ),
    })),
    groups: summariseOutside(columns, split, config.k, rules),
    split,
    clusterLabels: fit.labels,
    outliers: featureOutliers(prepared.model, numeric),
    inertia: round(fit.inertia, 6),
    iterations: fit.iterations,
    prepared,
    centroids: fit.centroids,
  };
}
