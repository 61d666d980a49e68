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
 * Where the k-means runs is the job's engine (engine.ts): in this thread by default, or on a team
 * of workers, one per core (team.ts), with the same result bit for bit.
 */
import type { SegmentationConfig } from "../config/config.js";
import { describeClusters, stabilityOf, stabilitySeeds, type ClusterDescription, type Stability } from "./describe.js";
import { inThisThread, type KMeansEngine } from "./engine.js";
import { evaluate, type ClusterMetrics } from "./metrics.js";
import { pca } from "../stats/pca.js";
import { prepare, toOriginalUnits, type PreparedMatrix, type PreparedModel, type WinsorizeOption } from "./prepare.js";
import { clusteredColumns, splitOutside, type OutsideGroup } from "../segments/outside.js";
import { runSegmentation, segmentationMatrix, type SegmentationInput, type SegmentationResult } from "../segments/segmentation.js";
import { featureOutliers, type FeatureOutliers } from "./outliers.js";
import { labelSignature } from "./signature.js";
import { measuredRows, sweepKs, sweepResult, sweepSilhouetteOptions, type SweepResult } from "./sweep.js";

export type Columns = Record<string, ArrayLike<number>>;

export interface ClusterConfig extends Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit"> {
  names?: Record<string, string>;
  actions?: Record<string, string>;
  winsorize?: WinsorizeOption;
  /** Rows for the silhouette (exact up to this many; a seeded sample above). Default 10,000. */
  silhouetteSample?: number;
  /** k-means runs from other seeds for the stability measure (0 to skip). Default 3. */
  stabilityRuns?: number;
}

export interface SweepConfig extends Pick<SegmentationConfig, "features" | "log" | "scale" | "seed" | "nInit"> {
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
  /** Rows k-means ran on: n minus the customers of `groups`. */
  clustered: number;
  /** Cluster of each row, numbered by descending size; k + g for a row in group g kept out of the clustering. */
  labels: Int32Array;
  signature: string;
  model: PreparedModel;
  /** Centroids in prepared space (k × d) and in original units (by feature). */
  centroids: number[][];
  centroidsOriginal: Record<string, number>[];
  sizes: number[];
  inertia: number;
  iterations: number;
  metrics: ClusterMetrics;
  description: ClusterDescription;
  /** First two principal components of the prepared matrix, with each row's coordinates (NaN for rows not clustered). */
  projection: { x: Float64Array; y: Float64Array; explained: number[]; loadings: number[][] };
  stability: Stability | null;
  /** With recency_days, frequency and monetary among the columns: the named segments, as the report shows them. */
  segments: SegmentationResult["segments"] | null;
  /** The groups kept out of the clustering (net returners, …), empty ones included; none without those columns. */
  groups: OutsideGroup[];
  /** Extreme values per feature and what the winsorizing and log did with them. */
  outliers: FeatureOutliers[];
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

/** `n`: the customers the sweep clustered (the groups kept out of the clustering left out). */
export type SweepJobResult = SweepResult & { n: number; model: PreparedModel; timings: Record<string, number> };

export type WorkerRequest =
  | { id: number; type: "cluster"; columns: Columns; config: ClusterConfig }
  | { id: number; type: "sweep"; columns: Columns; config: SweepConfig };

export type WorkerResponse =
  | { id: number; type: "progress"; progress: Progress }
  | { id: number; type: "result"; result: ClusterResult | SweepJobResult }
  | { id: number; type: "error"; message: string };

const RFM = ["recency_days", "frequency", "monetary"] as const;

function numericColumns(columns: Columns, features: readonly string[]): Record<string, ArrayLike<number>> {
  const out: Record<string, ArrayLike<number>> = {};
  for (const name of features) {
    if (!columns[name]) throw new Error(`unknown feature "${name}"`);
    out[name] = columns[name];
  }
  return out;
}

/** A clustering with everything the workbench shows about it; its k-means runs on `engine`. */
export async function runCluster(columns: Columns, config: ClusterConfig, onProgress: (p: Progress) => void = () => {}, engine: KMeansEngine = inThisThread()): Promise<ClusterResult> {
  const timings: Record<string, number> = {};
  let clock = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - clock);
    clock = now;
  };
  const runs = Math.max(1, config.nInit);
  const onKmeans = (p: { run: number; iteration: number }) =>
    onProgress({
      phase: "clustering",
      fraction: (0.6 * (p.run + p.iteration / (p.iteration + 10))) / runs,
      message: `k-means: start ${p.run + 1} of ${runs}, iteration ${p.iteration}`,
    });
  onProgress({ phase: "preparing", fraction: 0, message: "Preparing features" });
  let prepared: PreparedMatrix;
  let labels: Int32Array;
  let centroids: number[][];
  let sizes: number[];
  let inertia: number;
  let iterations: number;
  let segments: SegmentationResult["segments"] | null = null;
  let groups: OutsideGroup[] = [];
  let outliers: FeatureOutliers[];
  // Rows of `prepared` → rows of the input (null: the same rows), and every row's label.
  let rows: Int32Array | null = null;
  let everyRow: Int32Array | null = null;
  const kmeansOptions = { k: config.k, seed: config.seed, nInit: config.nInit, onProgress: onKmeans };
  if (RFM.every((c) => columns[c])) {
    // The same call the report makes, so the page's segments match the published ones; only its
    // k-means runs on the engine (over the clustered customers: the net returners are kept out).
    const input = columns as unknown as SegmentationInput;
    const segmentation = { ...config, names: config.names ?? {}, actions: config.actions ?? {} };
    const matrix = segmentationMatrix(input, segmentation, { winsorize: config.winsorize });
    lap("prepare");
    await engine.load(matrix, "fit");
    lap("load");
    const fit = { prepared: matrix, kmeans: await engine.kmeans(kmeansOptions) };
    lap("kmeans");
    const seg = runSegmentation(input, segmentation, { winsorize: config.winsorize, fit });
    ({ prepared, centroids } = seg);
    labels = seg.clusterLabels;
    sizes = seg.segments.map((s) => s.customers);
    inertia = seg.inertia;
    iterations = seg.iterations;
    segments = seg.segments;
    groups = seg.groups;
    outliers = seg.outliers;
    rows = seg.split.clustered;
    everyRow = seg.labels;
  } else {
    const numeric = numericColumns(columns, config.features);
    prepared = prepare(numeric, config.features, { log: config.log, scaling: config.scale, winsorize: config.winsorize });
    lap("prepare");
    await engine.load(prepared, "fit");
    lap("load");
    const fit = await engine.kmeans(kmeansOptions);
    lap("kmeans");
    ({ labels, centroids, sizes, inertia, iterations } = fit);
    outliers = featureOutliers(prepared.model, numeric);
    everyRow = labels;
  }
  lap("segments");
  // Measures, description, projection and stability are of the clustered rows (`labels` go with `prepared`).
  const { data, n, d } = prepared;
  const rowsOf = <T extends ArrayLike<number>>(values: T): ArrayLike<number> => (rows ? Array.from(rows, (i) => Number(values[i])) : values);
  onProgress({ phase: "measuring", fraction: 0.6, message: "Silhouette, Calinski–Harabasz, Davies–Bouldin" });
  const metrics = evaluate(data, n, d, labels, config.k, { sampleSize: config.silhouetteSample, seed: config.seed });
  lap("metrics");
  onProgress({ phase: "describing", fraction: 0.7, message: "Profiles and projection" });
  const description = describeClusters(prepared, labels, centroids, {
    names: segments ? segments.map((s) => s.name) : config.names,
    columns: Object.fromEntries(Object.entries(numericColumns(columns, config.features)).map(([name, values]) => [name, rowsOf(values)])),
  });
  const projected = pca(data, n, d, 2);
  const total = everyRow.length;
  const projection = { x: new Float64Array(total).fill(NaN), y: new Float64Array(total).fill(NaN), explained: projected.explained, loadings: projected.loadings };
  for (let j = 0; j < n; j++) {
    const i = rows ? rows[j] : j;
    projection.x[i] = projected.x[j];
    projection.y[i] = projected.y[j];
  }
  lap("describe");
  const stabilityRuns = config.stabilityRuns ?? 3;
  let stable: Stability | null = null;
  if (stabilityRuns > 0) {
    onProgress({ phase: "stability", fraction: 0.75, message: `Stability: run 1 of ${stabilityRuns}` });
    const seeds = stabilitySeeds(config.seed, stabilityRuns);
    const runs: Int32Array[] = [];
    for (const seed of seeds) {
      runs.push((await engine.kmeans({ k: config.k, seed, nInit: 1 })).labels);
      const done = runs.length;
      onProgress({ phase: "stability", fraction: 0.75 + (0.25 * done) / stabilityRuns, message: `Stability: run ${Math.min(done + 1, stabilityRuns)} of ${stabilityRuns}` });
    }
    stable = stabilityOf(labels, seeds, runs);
  }
  await engine.release();
  lap("stability");
  onProgress({ phase: "done", fraction: 1, message: "Done" });
  return {
    k: config.k,
    seed: config.seed,
    n: total,
    clustered: n,
    labels: everyRow,
    signature: labelSignature(everyRow, config.k),
    model: prepared.model,
    centroids,
    centroidsOriginal: centroids.map((c) => Object.fromEntries(toOriginalUnits(prepared.model, c).map((x, j) => [config.features[j], x]))),
    sizes,
    inertia,
    iterations,
    metrics,
    description,
    projection,
    stability: stable,
    segments,
    groups,
    outliers,
    timings,
  };
}

/** The share of a sweep's progress bar for its fits; the silhouettes' pass takes the rest. */
const FIT_SHARE = 0.8;

/**
 * k-means for each k in a range, with the four measures and a recommended k. In this thread the k
 * run one after another (progress per iteration); on a team each member runs whole values of k
 * (progress per k done). Then the silhouettes of every k in one pass over their shared sample
 * (progress per run of its rows).
 */
export async function runSweep(columns: Columns, config: SweepConfig, onProgress: (p: Progress) => void = () => {}, engine?: KMeansEngine): Promise<SweepJobResult> {
  const started = performance.now();
  onProgress({ phase: "preparing", fraction: 0, message: "Preparing features" });
  // The same customers a clustering runs on: the groups kept out of it (net returners) are left out.
  const n = columns[config.features[0]]?.length ?? 0;
  const kept = RFM.every((c) => columns[c]) ? clusteredColumns(columns, splitOutside(columns, n)) : columns;
  const prepared = prepare(numericColumns(kept, config.features), config.features, { log: config.log, scaling: config.scale, winsorize: config.winsorize });
  const kMin = config.kMin ?? 2;
  const kMax = config.kMax ?? 10;
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
  const fitsDone = performance.now();
  onProgress({ phase: "measuring", fraction: FIT_SHARE, message: `Silhouettes of k = ${kMin}–${kMax}` });
  const values = await runOn.silhouetteValues(
    fitted.map((f) => f.sample),
    sweepSilhouetteOptions(options),
    (runs, of) => onProgress({ phase: "measuring", fraction: FIT_SHARE + ((1 - FIT_SHARE) * runs) / of, message: `Silhouettes of k = ${kMin}–${kMax}: ${Math.round((100 * runs) / of)} %` }),
  );
  const silhouettesFrom = performance.now();
  const measured = measuredRows(fitted, values);
  await runOn.release();
  const result = sweepResult(measured);
  onProgress({ phase: "done", fraction: 1, message: "Done" });
  return { ...result, n: prepared.n, model: prepared.model, timings: { sweep: Math.round(performance.now() - started), fits: Math.round(fitsDone - started), silhouettes: Math.round(silhouettesFrom - fitsDone) } };
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
