/**
 * Choosing k: k-means for every k in a range (default 2–10) on the same prepared matrix with the
 * same seed, and for each the inertia (for the elbow), the silhouette (exact up to 10,000 rows,
 * above that on one seeded sample shared by every k), Calinski–Harabasz and Davies–Bouldin.
 *
 * The recommendation is a vote of four criteria: the highest silhouette, the highest
 * Calinski–Harabasz, the lowest Davies–Bouldin and the elbow of the inertia curve (the k farthest
 * below the straight line from the first to the last point, both axes scaled to 0–1). The k with
 * most votes wins; a tie goes to the higher silhouette. The reason says which criteria chose it
 * and what the others preferred.
 */
import { kmeans } from "./kmeans.js";
import {
  calinskiHarabasz,
  daviesBouldin,
  DEFAULT_SILHOUETTE_SAMPLE,
  sampleLabels,
  sampleRows,
  silhouetteFromRowValues,
  silhouetteRows,
  silhouetteRowValues,
  sumsOfSquares,
  type SampleLabeling,
  type SilhouetteOptions,
} from "./metrics.js";

export interface SweepRow {
  k: number;
  inertia: number;
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
  iterations: number;
  sizes: number[];
}

export type Criterion = "silhouette" | "calinskiHarabasz" | "daviesBouldin" | "elbow";

export interface Recommendation {
  k: number;
  reason: string;
  /** The k each criterion prefers (elbow is null with fewer than 3 values of k). */
  votes: Record<Criterion, number | null>;
}

export interface SweepResult extends Recommendation {
  rows: SweepRow[];
  /** Rows the silhouette was computed on, and whether that was a sample. */
  silhouetteRows: number;
  silhouetteSampled: boolean;
}

export interface SweepOptions {
  kMin?: number;
  kMax?: number;
  seed: number;
  nInit?: number;
  silhouetteSample?: number;
  /** For each k once its row is complete (every row completes after the one silhouette pass over them all): how many are done out of how many. */
  onProgress?: (done: number, total: number, row: SweepRow) => void;
  /** Within a k: Lloyd iteration progress (restart, iteration). */
  onIteration?: (k: number, run: number, runs: number, iteration: number, maxIterations: number) => void;
}

const CRITERION_LABELS: Record<Criterion, string> = {
  silhouette: "highest silhouette",
  calinskiHarabasz: "highest Calinski–Harabasz",
  daviesBouldin: "lowest Davies–Bouldin",
  elbow: "elbow of the inertia curve",
};

/** The elbow of a decreasing inertia curve: the k farthest below the chord from the first to the last point. */
export function elbow(rows: readonly Pick<SweepRow, "k" | "inertia">[]): number | null {
  if (rows.length < 3) return null;
  const first = rows[0];
  const last = rows[rows.length - 1];
  const kSpan = last.k - first.k;
  const iSpan = first.inertia - last.inertia;
  if (!(kSpan > 0) || !(iSpan > 0)) return null;
  let best: number | null = null;
  let bestGap = 0;
  for (const row of rows.slice(1, -1)) {
    const x = (row.k - first.k) / kSpan;
    const y = (first.inertia - row.inertia) / iSpan; // 0 at the first point, 1 at the last
    const gap = y - x; // how far the curve has dropped beyond the straight line
    if (gap > bestGap) (bestGap = gap), (best = row.k);
  }
  return best;
}

function argBest(rows: readonly SweepRow[], value: (r: SweepRow) => number, higher: boolean): number | null {
  let best: SweepRow | null = null;
  for (const row of rows) {
    const v = value(row);
    if (!Number.isFinite(v)) continue;
    if (!best || (higher ? v > value(best) : v < value(best))) best = row;
  }
  return best ? best.k : null;
}


export function recommendK(rows: readonly SweepRow[]): Recommendation {
  if (!rows.length) throw new Error("no values of k to choose from");
  const votes: Record<Criterion, number | null> = {
    silhouette: argBest(rows, (r) => r.silhouette, true),
    calinskiHarabasz: argBest(rows, (r) => r.calinskiHarabasz, true),
    daviesBouldin: argBest(rows, (r) => r.daviesBouldin, false),
    elbow: elbow(rows),
  };
  const tally = new Map<number, Criterion[]>();
  for (const [criterion, k] of Object.entries(votes) as [Criterion, number | null][]) {
    if (k !== null) tally.set(k, [...(tally.get(k) ?? []), criterion]);
  }
  const silhouetteOf = (k: number) => rows.find((r) => r.k === k)?.silhouette ?? -Infinity;
  const ranked = [...tally.entries()].sort((a, b) => b[1].length - a[1].length || silhouetteOf(b[0]) - silhouetteOf(a[0]) || a[0] - b[0]);
  const k = ranked.length ? ranked[0][0] : rows[0].k;
  const row = rows.find((r) => r.k === k)!;
  const chosenBy = tally.get(k) ?? [];
  const values: Record<Criterion, string> = {
    silhouette: `silhouette ${row.silhouette.toFixed(3)}`,
    calinskiHarabasz: `Calinski–Harabasz ${row.calinskiHarabasz.toFixed(1)}`,
    daviesBouldin: `Davies–Bouldin ${row.daviesBouldin.toFixed(3)}`,
    elbow: "elbow",
  };
  const others = (Object.entries(votes) as [Criterion, number | null][])
    .filter(([criterion, v]) => v !== null && v !== k && !chosenBy.includes(criterion))
    .map(([criterion, v]) => `${CRITERION_LABELS[criterion]} at k = ${v}`);
  const reason =
    `k = ${k}: ${chosenBy.length ? chosenBy.map((c) => CRITERION_LABELS[c]).join(", ") : "no criterion agreed; first k"}` +
    ` (${chosenBy.length} of ${Object.values(votes).filter((v) => v !== null).length} criteria; ${[values.silhouette, values.calinskiHarabasz, values.daviesBouldin].join(", ")})` +
    (others.length ? `; ${others.join(", ")}` : "") +
    (ranked.length > 1 && ranked[1][1].length === chosenBy.length ? `; tie with k = ${ranked[1][0]} broken by the silhouette` : "");
  return { k, reason, votes };
}

export interface SweepRowOptions {
  seed: number;
  nInit?: number;
  silhouetteSample?: number;
  /** Lloyd iteration progress (restart, iteration). */
  onIteration?: (run: number, runs: number, iteration: number, maxIterations: number) => void;
}

/** One k of a sweep, with what its silhouette was computed on. */
export interface MeasuredRow {
  row: SweepRow;
  silhouetteRows: number;
  silhouetteSampled: boolean;
}

/** One k of a sweep before its silhouette: the fit, its other measures and the labels of the silhouette's rows. */
export interface FittedRow {
  row: Omit<SweepRow, "silhouette">;
  /** Labels of the rows the silhouette is computed on (silhouetteRows with the sweep's sample size and seed). */
  sample: SampleLabeling;
  /** Rows in the matrix. */
  n: number;
}

/**
 * One k of a sweep: k-means from the sweep's seed, then inertia, Calinski–Harabasz and
 * Davies–Bouldin; the silhouette comes after, for every k in one pass over their shared sample
 * (sweepSilhouettes). Each k depends only on the matrix and the options, never on the other values
 * of k, so any thread can run any k and the sweep is the same however they are shared out (team.ts
 * runs them on every core).
 */
export function sweepFit(data: Float64Array, n: number, d: number, k: number, options: SweepRowOptions): FittedRow {
  const { seed, nInit = 1, silhouetteSample = DEFAULT_SILHOUETTE_SAMPLE, onIteration } = options;
  const fit = kmeans(data, n, d, {
    k,
    seed,
    nInit,
    onProgress: onIteration ? (p) => onIteration(p.run, p.runs, p.iteration, p.maxIterations) : undefined,
  });
  const ss = sumsOfSquares(data, n, d, fit.labels, k);
  return {
    row: {
      k,
      inertia: fit.inertia,
      calinskiHarabasz: calinskiHarabasz(data, n, d, fit.labels, k, ss),
      daviesBouldin: daviesBouldin(data, n, d, fit.labels, k),
      iterations: fit.iterations,
      sizes: fit.sizes,
    },
    sample: sampleLabels({ rows: sampleRows(n, silhouetteSample, seed) }, fit.labels, k),
    n,
  };
}

/** The silhouette options of a sweep: its sample size and seed. */
export function sweepSilhouetteOptions(options: Pick<SweepRowOptions, "seed" | "silhouetteSample">): SilhouetteOptions {
  return { sampleSize: options.silhouetteSample ?? DEFAULT_SILHOUETTE_SAMPLE, seed: options.seed };
}

/**
 * The rows of a sweep from its fits and the silhouette values of their shared sample (`values`,
 * m × L as silhouetteRowValues gives them, labeling l = fitted[l]): each k's silhouette is
 * `silhouette` of its labels bit for bit.
 */
export function measuredRows(fitted: readonly FittedRow[], values: Float64Array): MeasuredRow[] {
  const L = fitted.length;
  return fitted.map(({ row, sample, n }, l) => {
    const m = sample.labels.length;
    const mine = new Float64Array(m);
    for (let r = 0; r < m; r++) mine[r] = values[r * L + l];
    const sil = silhouetteFromRowValues(mine, sample, n);
    return { row: { ...row, silhouette: sil.score }, silhouetteRows: sil.rows, silhouetteSampled: sil.sampled };
  });
}

/** The silhouette values of labelings of one sample (m × L) in this thread, in `chunks` runs of rows (`onChunk` after each). */
export function sweepSilhouettes(data: Float64Array, n: number, d: number, labelings: readonly SampleLabeling[], options: SilhouetteOptions, onChunk?: (done: number, total: number) => void, chunks = 1): Float64Array {
  const rows = silhouetteRows(data, n, d, options);
  const values = new Float64Array(rows.m * labelings.length);
  for (let c = 0; c < chunks; c++) {
    const from = Math.floor((c * rows.m) / chunks);
    const to = Math.floor(((c + 1) * rows.m) / chunks);
    values.set(silhouetteRowValues(rows, labelings, from, to), from * labelings.length);
    onChunk?.(c + 1, chunks);
  }
  return values;
}

/** One k of a sweep with all four measures (its silhouette alone: a sweep does every k's in one pass). */
export function sweepRow(data: Float64Array, n: number, d: number, k: number, options: SweepRowOptions): MeasuredRow {
  const fitted = sweepFit(data, n, d, k, options);
  return measuredRows([fitted], sweepSilhouettes(data, n, d, [fitted.sample], sweepSilhouetteOptions(options)))[0];
}

/** The values of k a sweep over [kMin, kMax] runs, in order; throws on a range that cannot be swept over n rows. */
export function sweepKs(kMin: number, kMax: number, n: number): number[] {
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) {
    throw new Error(`expected whole numbers 2 ≤ kMin ≤ kMax, got ${kMin}..${kMax}`);
  }
  if (kMax > n) throw new Error(`cannot make ${kMax} clusters from ${n} customers`);
  return Array.from({ length: kMax - kMin + 1 }, (_, i) => kMin + i);
}

/** The sweep's result from its measured rows (any order; they are put in order of k). */
export function sweepResult(measured: readonly MeasuredRow[]): SweepResult {
  const sorted = [...measured].sort((a, b) => a.row.k - b.row.k);
  const rows = sorted.map((m) => m.row);
  const last = sorted[sorted.length - 1];
  return { rows, ...recommendK(rows), silhouetteRows: last.silhouetteRows, silhouetteSampled: last.silhouetteSampled };
}

/** Runs k-means for each k in [kMin, kMax] on a prepared matrix, in this thread, and recommends one. */
export function sweep(data: Float64Array, n: number, d: number, options: SweepOptions): SweepResult {
  const { kMin = 2, kMax = 10, seed, nInit = 1, silhouetteSample = DEFAULT_SILHOUETTE_SAMPLE, onProgress, onIteration } = options;
  const ks = sweepKs(kMin, kMax, n);
  const fitted: FittedRow[] = [];
  for (const k of ks) {
    fitted.push(
      sweepFit(data, n, d, k, {
        seed,
        nInit,
        silhouetteSample,
        onIteration: onIteration ? (run, runs, iteration, maxIterations) => onIteration(k, run, runs, iteration, maxIterations) : undefined,
      }),
    );
  }
  const measured = measuredRows(fitted, sweepSilhouettes(data, n, d, fitted.map((f) => f.sample), sweepSilhouetteOptions({ seed, silhouetteSample })));
  measured.forEach((one, i) => onProgress?.(i + 1, ks.length, one.row));
  return sweepResult(measured);
}
