/**
 * One segmentation run: feature columns + the segmentation config → prepared matrix, k-means,
 * named segments with actions, and each customer's segment. The workbench page (in the browser)
 * and the report loader (in Node) both call this, so the analyst and the stakeholders see the
 * same numbers for the same config.
 */
import type { SegmentationConfig } from "../config/config.js";
import { kmeans, type KMeansProgress, type KMeansResult } from "../cluster/kmeans.js";
import { assertNoBlanks } from "../cluster/missing.js";
import { nameSegments, type NamedSegment } from "./playbook.js";
import { prepare, toOriginalUnits, type PreparedMatrix, type PreparedModel, type WinsorizeOption } from "../cluster/prepare.js";
import { median, round, summariseSegments, type FeatureColumns } from "./summary.js";

export type SegmentationInput = FeatureColumns & Record<string, ArrayLike<number> | ArrayLike<string>>;

export interface SegmentationResult {
  config: SegmentationConfig;
  model: PreparedModel;
  /** Segment of each input row. */
  labels: Int32Array;
  segments: (NamedSegment & { centroid: Record<string, number> })[];
  inertia: number;
  iterations: number;
  /** The matrix k-means ran on, and the centroids in that (prepared) space. */
  prepared: PreparedMatrix;
  centroids: number[][];
}

export interface SegmentationOptions {
  /** Winsorizing percentiles, for every feature or per feature (see prepare.ts). */
  winsorize?: WinsorizeOption;
  /** Lloyd iteration progress, for the Web Worker's progress bar. */
  onProgress?: (progress: KMeansProgress) => void;
  /**
   * The k-means of `segmentationMatrix(columns, config, options)` with the config's k, seed and
   * restarts, computed elsewhere (the workbench's jobs run it on every core, jobs.ts); without it
   * k-means runs here.
   */
  fit?: { prepared: PreparedMatrix; kmeans: KMeansResult };
}

/** The matrix a segmentation clusters: its features checked for blanks, then prepared. */
export function segmentationMatrix(columns: SegmentationInput, config: SegmentationConfig, options: Pick<SegmentationOptions, "winsorize"> = {}): PreparedMatrix {
  // A blank (null from Parquet, empty text, NaN) would otherwise be read as 0 by Number() and
  // clustered, and summarised, as a real zero. Stop instead, naming the feature and customer.
  assertNoBlanks(columns, [...new Set([...config.features, "recency_days", "frequency", "monetary"])], { ids: columns.customer_id });
  const numeric: Record<string, ArrayLike<number>> = {};
  for (const name of config.features) numeric[name] = columns[name] as ArrayLike<number>;
  return prepare(numeric, config.features, { log: config.log, scaling: config.scale, winsorize: options.winsorize });
}

export function runSegmentation(columns: SegmentationInput, config: SegmentationConfig, options: SegmentationOptions = {}): SegmentationResult {
  const prepared = options.fit?.prepared ?? segmentationMatrix(columns, config, options);
  const fit = options.fit?.kmeans ?? kmeans(prepared.data, prepared.n, prepared.d, { k: config.k, seed: config.seed, nInit: config.nInit, onProgress: options.onProgress });
  const summaries = summariseSegments(columns, fit.labels, config.k);
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
    labels: fit.labels,
    segments: named.map((segment, c) => ({
      ...segment,
      centroid: Object.fromEntries(
        toOriginalUnits(prepared.model, fit.centroids[c]).map((x, j) => [config.features[j], round(x, 2)]),
      ),
    })),
    inertia: round(fit.inertia, 6),
    iterations: fit.iterations,
    prepared,
    centroids: fit.centroids,
  };
}
