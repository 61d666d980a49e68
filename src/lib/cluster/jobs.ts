/**
 * Clustering jobs: a clustering (k-means, its measures, description, 2-D projection and stability)
 * or a sweep over k, reporting progress. Pure: the browser's Web Worker (src/browser/kmeansWorker.ts)
 * runs them off the page's main thread, and they use the same modules as the Node pipeline and the
 * CLI, so the same config and seed give the same labels everywhere.
 *
 * Protocol: the page posts `{id, type: "cluster" | "sweep", columns, config}`; the worker answers
 * with any number of `{id, type: "progress", progress}` and then one `{id, type: "result", result}`
 * or `{id, type: "error", message}`.
 *
 * Where k-means runs is the job's engine (engine.ts): in this thread by default, or on a team of
 * workers, one per core (team.ts), with the same result bit for bit. k-prototypes (a categorical
 * feature, or indicator blanks) runs in this thread.
 */
import type { SegmentationConfig } from "../config/config.js";
import { describeClusters, stabilityOf, stabilitySeeds, type ClusterDescription, type FeatureProfile, type Stability } from "./describe.js";
import { inThisThread, type KMeansEngine } from "./engine.js";
import { describeMixed, type CategoricalProfile } from "./describeMixed.js";
import { evaluate, type ClusterMetrics } from "./metrics.js";
import { stabilityMixed, sweepMixed } from "./mixedMeasures.js";
import { applyMixedModel, type MixedModel } from "./mixed.js";
import { pca } from "../stats/pca.js";
import type { PreparedModel, WinsorizeOption } from "./prepare.js";
import type { FeatureOutliers } from "./outliers.js";
import { clusteringMatrix, segmentCustomers, type CustomerSegment, type OutsideGroup, type SegmentationMethod } from "../segments/customerSegmentation.js";
import { labelSignature } from "./signature.js";
import { measuredRows, sweepKs, sweepResult, sweepSilhouetteOptions, type SweepResult } from "./sweep.js";

/** Feature columns: numbers (NaN for a blank) or text (null for a blank; categorical features). */
export type Columns = Record<string, ArrayLike<number> | readonly (string | null)[]>;

export interface ClusterConfig extends Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit"> {
  names?: Record<string, string>;
  actions?: Record<string, string>;
  /** Features read as categories although numeric; default none (text features are categorical anyway). */
  categorical?: string[];
  /** How blanks are handled; default "exclude". */
  missing?: SegmentationConfig["missing"];
  /** k-prototypes' categorical weight; default null (Huang's). */
  gamma?: number | null;
  /** Whether the columns include the purchase features (a project with transactions); default: recency_days is among them. */
  transactions?: boolean;
  winsorize?: WinsorizeOption;
  /** Rows for the silhouette (exact up to this many; a seeded sample above). Default 10,000. */
  silhouetteSample?: number;
  /** Runs from other seeds for the stability measure (0 to skip). Default 3. */
  stabilityRuns?: number;
}

export interface SweepConfig extends Pick<SegmentationConfig, "features" | "log" | "scale" | "seed" | "nInit"> {
  categorical?: string[];
  /** As ClusterConfig.transactions: the groups kept out by rule (net returners) are left out of the sweep too. */
  transactions?: boolean;
  missing?: SegmentationConfig["missing"];
  gamma?: number | null;
  winsorize?: WinsorizeOption;
  kMin?: number;
  kMax?: number;
  silhouetteSample?: number;
}

export interface Progress {
  phase: "preparing" | "clustering" | "measuring" | "describing" | "stability" | "sweep" | "done";
  /** Overall progress of the job, 0–1. */
  fraction: number;
  message: string;
}

export interface ClusterResult {
  k: number;
  seed: number;
  /** Every row (customer), clustered or not. */
  n: number;
  /** Rows clustered: n minus the customers of `groups`. */
  clustered: number;
  method: SegmentationMethod;
  /** Each row's segment (0 … k − 1) or k + its group's index ("Not segmented (missing …)"). */
  labels: Int32Array;
  /** Names by label: the segments' (automatic), then the groups'. */
  names: string[];
  signature: string;
  /** k-means' prepared model, or k-prototypes' numeric part (null without numeric features). */
  model: PreparedModel | null;
  /** k-means centroids in prepared space (k × d); null for k-prototypes. */
  centroids: number[][] | null;
  /** Numeric centres in original units, by segment (k-means centroids, k-prototypes prototypes). */
  centroidsOriginal: Record<string, number>[];
  sizes: number[];
  /** k-means inertia or the k-prototypes cost. */
  inertia: number;
  iterations: number;
  gamma: number | null;
  metrics: ClusterMetrics;
  /** Numeric features' profiles per segment (for the heatmap and the profile tables). */
  description: ClusterDescription;
  /** Categorical features' category shares per segment (k-prototypes; empty for k-means). */
  categorical: CategoricalProfile[][];
  /** First two principal components of the clustering space (prepared matrix or k-prototypes' embedding), NaN for rows not clustered. */
  projection: { x: Float64Array; y: Float64Array; explained: number[]; loadings: number[][] };
  stability: Stability | null;
  /** The named segments, as the report shows them. */
  segments: CustomerSegment[];
  /** The groups kept out of the clustering (net returners with purchase columns, then blanks with segmentation.missing "exclude"), empty ones included. */
  groups: OutsideGroup[];
  /** Extreme values per numeric feature and what the winsorizing and log did with them (k-means). */
  outliers: FeatureOutliers[];
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** `n`: the customers the sweep clustered (the groups kept out of the clustering left out); `model`: k-means' prepared model (null for k-prototypes). */
export type SweepJobResult = SweepResult & { n: number; method: SegmentationMethod; model: PreparedModel | null; timings: Record<string, number> };

export type WorkerRequest =
  | { id: number; type: "cluster"; columns: Columns; config: ClusterConfig }
  | { id: number; type: "sweep"; columns: Columns; config: SweepConfig };

export type WorkerResponse =
  | { id: number; type: "progress"; progress: Progress }
  | { id: number; type: "result"; result: ClusterResult | SweepJobResult }
  | { id: number; type: "error"; message: string };

const segmentationConfig = (config: ClusterConfig) => ({
  features: config.features,
  log: config.log,
  scale: config.scale,
  k: config.k,
  seed: config.seed,
  nInit: config.nInit,
  names: config.names ?? {},
  actions: config.actions ?? {},
  categorical: config.categorical ?? [],
  missing: config.missing ?? "exclude",
  gamma: config.gamma ?? null,
});

const RFM = ["recency_days", "frequency", "monetary"] as const;

const matrixConfig = (config: ClusterConfig | SweepConfig) => ({
  features: config.features,
  log: config.log,
  scale: config.scale,
  seed: config.seed,
  nInit: config.nInit,
  categorical: config.categorical ?? [],
  missing: config.missing ?? "exclude",
  gamma: config.gamma ?? null,
});

/**
 * A clustering with everything the workbench shows about it: the same call the report makes
 * (segmentCustomers); a k-means fit and its stability runs go to `engine`.
 */
export async function runCluster(columns: Columns, config: ClusterConfig, onProgress: (p: Progress) => void = () => {}, engine: KMeansEngine = inThisThread()): Promise<ClusterResult> {
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - clock);
    clock = now;
  };
  const runs = Math.max(1, config.nInit);
  const onFit = (p: { run: number; iteration: number }) =>
    onProgress({
      phase: "clustering",
      fraction: (0.6 * (p.run + p.iteration / (p.iteration + 10))) / runs,
      message: `${config.categorical?.length || Object.values(columns).some((c) => !ArrayBuffer.isView(c)) ? "k-prototypes" : "k-means"}: start ${p.run + 1} of ${runs}, iteration ${p.iteration}`,
    });
  onProgress({ phase: "preparing", fraction: 0, message: "Preparing features" });
  // Without the flag, the purchase figures can be summarised only when all three purchase columns are given.
  const transactions = config.transactions ?? RFM.every((name) => columns[name] !== undefined);
  // k-means' matrix (the rows segmentCustomers clusters: groups kept out, blanks handled) on the engine.
  const matrix = clusteringMatrix(columns, matrixConfig(config), { winsorize: config.winsorize, transactions });
  lap("prepare");
  let fit;
  if (matrix.prepared) {
    await engine.load(matrix.prepared, "fit");
    lap("load");
    fit = await engine.kmeans({ k: config.k, seed: config.seed, nInit: config.nInit, onProgress: onFit });
    lap("kmeans");
  }
  const seg = segmentCustomers(columns, segmentationConfig(config), { transactions, winsorize: config.winsorize, onProgress: onFit, fit });
  // The segments' summaries (and k-prototypes itself, which runs here).
  lap("segments");
  const { data, n, d, rows, labels: clusteredLabels, mixed } = seg.clustered;
  const k = config.k;
  onProgress({ phase: "measuring", fraction: 0.6, message: "Silhouette, Calinski–Harabasz, Davies–Bouldin" });
  const metrics = evaluate(data, n, d, clusteredLabels, k, { sampleSize: config.silhouetteSample, seed: config.seed });
  lap("metrics");
  onProgress({ phase: "describing", fraction: 0.7, message: "Profiles and projection" });
  const names = seg.segments.map((s) => s.name);
  let description: ClusterDescription;
  let categorical: CategoricalProfile[][] = [];
  let model: PreparedModel | null;
  if (seg.model.method === "k-means") {
    model = seg.model.prepared;
    const numeric = Object.fromEntries(model.features.map((f) => [f.name, Float64Array.from(rows, (i) => Number(columns[f.name][i]))]));
    // Blanks filled (median, mode) are in the matrix; the means here are over the values as exported where present.
    description = describeClusters({ data, n, d, model }, clusteredLabels, seg.model.centroids, { names, columns: seg.missing.strategy === "exclude" ? numeric : undefined });
  } else {
    const attribute = seg.model.attribute;
    model = attribute.mixed.numeric.features.length ? attribute.mixed.numeric : null;
    const described = describeMixed(mixed as ReturnType<typeof applyMixedModel>, attribute.mixed as MixedModel, clusteredLabels);
    categorical = described.clusters.map((c) => c.categorical);
    description = {
      k,
      n,
      varianceExplained: Number.isFinite(described.numericVarianceExplained) ? described.numericVarianceExplained : 0,
      clusters: described.clusters.map((c) => ({
        cluster: c.cluster,
        size: c.size,
        share: c.share,
        name: names[c.cluster],
        profileName: seg.segments[c.cluster].automaticName,
        centroid: c.prototype.numeric,
        features: c.numeric as FeatureProfile[],
      })),
      features: described.numericFeatures,
    };
  }
  const projected = pca(data, n, d, 2);
  const projection = { x: new Float64Array(seg.labels.length).fill(NaN), y: new Float64Array(seg.labels.length).fill(NaN), explained: projected.explained, loadings: projected.loadings };
  rows.forEach((row, j) => {
    projection.x[row] = projected.x[j];
    projection.y[row] = projected.y[j];
  });
  lap("describe");
  const stabilityRuns = config.stabilityRuns ?? 3;
  let stable: Stability | null = null;
  if (stabilityRuns > 0) {
    onProgress({ phase: "stability", fraction: 0.75, message: `Stability: run 1 of ${stabilityRuns}` });
    if (mixed) {
      stable = stabilityMixed(mixed, clusteredLabels, { k, seed: config.seed, gamma: seg.gamma!, runs: stabilityRuns });
    } else {
      // On the engine, which holds the matrix of the fit.
      const seeds = stabilitySeeds(config.seed, stabilityRuns);
      const runs: Int32Array[] = [];
      for (const seed of seeds) {
        runs.push((await engine.kmeans({ k, seed, nInit: 1 })).labels);
        const done = runs.length;
        onProgress({ phase: "stability", fraction: 0.75 + (0.25 * done) / stabilityRuns, message: `Stability: run ${Math.min(done + 1, stabilityRuns)} of ${stabilityRuns}` });
      }
      stable = stabilityOf(clusteredLabels, seeds, runs);
    }
  }
  if (matrix.prepared) await engine.release();
  lap("stability");
  onProgress({ phase: "done", fraction: 1, message: "Done" });
  return {
    k,
    seed: config.seed,
    n: seg.labels.length,
    clustered: n,
    method: seg.method,
    labels: seg.labels,
    names: [...names, ...seg.groups.map((g) => g.label)],
    signature: labelSignature(seg.labels, k),
    model,
    centroids: seg.model.method === "k-means" ? seg.model.centroids : null,
    centroidsOriginal: seg.segments.map((s) => s.centroid),
    sizes: seg.segments.map((s) => s.customers),
    inertia: seg.cost,
    iterations: seg.iterations,
    gamma: seg.gamma,
    metrics,
    description,
    categorical,
    projection,
    stability: stable,
    segments: seg.segments,
    groups: seg.groups,
    outliers: seg.outliers,
    timings,
  };
}

/** The share of a sweep's progress bar for its fits; the silhouettes' pass takes the rest. */
const FIT_SHARE = 0.8;

/**
 * The sweep over k for these settings: k-means for numeric features (on `engine`: in this thread the
 * k run one after another, progress per iteration; on a team each member runs whole values of k),
 * k-prototypes with a categorical one (in this thread); four measures and a recommended k. Over the
 * customers a clustering runs on (the groups kept out of it left out, blanks handled). k-means'
 * silhouettes come after the fits, every k's in one pass over their shared sample (progress per
 * run of its rows).
 */
export async function runSweep(columns: Columns, config: SweepConfig, onProgress: (p: Progress) => void = () => {}, engine?: KMeansEngine): Promise<SweepJobResult> {
  const started = performance.now();
  onProgress({ phase: "preparing", fraction: 0, message: "Preparing features" });
  const kMin = config.kMin ?? 2;
  const kMax = config.kMax ?? 10;
  const transactions = config.transactions ?? RFM.every((name) => columns[name] !== undefined);
  const matrix = clusteringMatrix(columns, matrixConfig(config), { winsorize: config.winsorize, transactions });
  let result: SweepResult;
  // k-means' phases (none for k-prototypes).
  let fitsDone: number | null = null;
  let silhouettesDone: number | null = null;
  if (matrix.mixed) {
    const progress = (done: number, all: number, row: { k: number }) => onProgress({ phase: "sweep", fraction: done / all, message: `k = ${row.k} done` });
    result = sweepMixed(matrix.mixed, { kMin, kMax, seed: config.seed, gamma: matrix.gamma!, nInit: config.nInit, silhouetteSample: config.silhouetteSample, onProgress: progress });
  } else {
    const prepared = matrix.prepared!;
    const ks = sweepKs(kMin, kMax, prepared.n);
    const total = ks.length;
    let done = 0;
    const runOn =
      engine ??
      inThisThread((k, run, runs, iteration) =>
        onProgress({
          phase: "sweep",
          fraction: (FIT_SHARE * (k - kMin + (run + iteration / (iteration + 10)) / runs)) / total,
          message: `k = ${k}: start ${run + 1} of ${runs}, iteration ${iteration}`,
        }),
      );
    await runOn.load(prepared, "sweep");
    // The fits (most of the time), then every k's silhouette in one pass over their shared sample.
    const options = { seed: config.seed, nInit: config.nInit, silhouetteSample: config.silhouetteSample };
    const fitted = await runOn.sweepFits(ks, options, ({ row }) =>
      onProgress({ phase: "sweep", fraction: (FIT_SHARE * ++done) / total, message: `k = ${row.k} fitted (${done} of ${total})` }),
    );
    fitsDone = performance.now();
    onProgress({ phase: "measuring", fraction: FIT_SHARE, message: `Silhouettes of k = ${kMin}–${kMax}` });
    const values = await runOn.silhouetteValues(
      fitted.map((f) => f.sample),
      sweepSilhouetteOptions(options),
      (runs, of) => onProgress({ phase: "measuring", fraction: FIT_SHARE + ((1 - FIT_SHARE) * runs) / of, message: `Silhouettes of k = ${kMin}–${kMax}: ${Math.round((100 * runs) / of)} %` }),
    );
    silhouettesDone = performance.now();
    await runOn.release();
    result = sweepResult(measuredRows(fitted, values));
  }
  onProgress({ phase: "done", fraction: 1, message: "Done" });
  const timings: Record<string, number> = { sweep: Math.round(performance.now() - started) };
  if (fitsDone !== null && silhouettesDone !== null) Object.assign(timings, { fits: Math.round(fitsDone - started), silhouettes: Math.round(silhouettesDone - fitsDone) });
  return { ...result, n: matrix.rows, method: matrix.method, model: matrix.prepared?.model ?? null, timings };
}

/** Buffers of a result that can be moved (not copied) back to the page. */
export function transferables(result: ClusterResult | SweepJobResult): ArrayBuffer[] {
  if (!("labels" in result)) return [];
  return [result.labels.buffer, result.projection.x.buffer, result.projection.y.buffer] as ArrayBuffer[];
}

/** Handles one request on `engine` (default: this thread), posting progress and then the result or the error through `post`. */
export async function handleRequest(request: WorkerRequest, post: (message: WorkerResponse, transfer?: ArrayBuffer[]) => void, engine?: KMeansEngine): Promise<void> {
  const { id } = request;
  try {
    const onProgress = (progress: Progress) => post({ id, type: "progress", progress });
    const result = request.type === "cluster" ? await runCluster(request.columns, request.config, onProgress, engine) : await runSweep(request.columns, request.config, onProgress, engine);
    post({ id, type: "result", result }, transferables(result));
  } catch (error) {
    post({ id, type: "error", message: error instanceof Error ? error.message : String(error) });
  }
}
