/**
 * Where a clustering job's k-means runs. A job (jobs.ts) prepares its matrix, loads it into an
 * engine and asks for k-means fits and sweep rows. `inThisThread()` runs them here, one after
 * another (kmeans.ts, sweep.ts); a team of workers (team.ts) shares them out over every core. Both
 * run the same code on the same blocks of rows, so they give the same results bit for bit.
 */
import { kmeans, type KMeansOptions, type KMeansResult } from "./kmeans.js";
import type { SampleLabeling, SilhouetteOptions } from "./metrics.js";
import { sweepFit, sweepSilhouettes, type FittedRow, type SweepRowOptions } from "./sweep.js";

/** A row-major n × d matrix. */
export interface Matrix {
  data: Float64Array;
  n: number;
  d: number;
}

/**
 * What the loaded matrix is for: "fit" (k-means fits: a team gives each worker its share of the
 * rows) or "sweep" (whole fits with their measures, one k at a time: every worker gets every row).
 */
export type MatrixUse = "fit" | "sweep";

export interface KMeansEngine {
  /** Threads the fits run on (1 in this thread). */
  readonly threads: number;
  /** The matrix the next calls run on (it must not change while loaded). */
  load(matrix: Matrix, use: MatrixUse): Promise<void>;
  /** `kmeans(data, n, d, options)` on the loaded matrix (loaded for "fit"). */
  kmeans(options: KMeansOptions): Promise<KMeansResult>;
  /** `sweepFit` for each k on the loaded matrix (loaded for "sweep"), in the order of `ks`; `onFit` as each finishes. */
  sweepFits(ks: readonly number[], options: Omit<SweepRowOptions, "onIteration">, onFit?: (fitted: FittedRow) => void): Promise<FittedRow[]>;
  /**
   * The silhouette values of every labeling on their shared sample of the loaded matrix (loaded for
   * "sweep"): m × L, as silhouetteRowValues gives them; `onRows` as runs of rows finish.
   */
  silhouetteValues(labelings: readonly SampleLabeling[], options: SilhouetteOptions, onRows?: (done: number, total: number) => void): Promise<Float64Array>;
  /** Lets go of the loaded matrix. */
  release(): Promise<void>;
}

/**
 * The engine that runs everything in this thread. Sweep rows report their iterations through
 * `onIteration` (a team's workers cannot call back into this thread).
 */
export function inThisThread(onIteration?: (k: number, run: number, runs: number, iteration: number, maxIterations: number) => void): KMeansEngine {
  let loaded: Matrix | null = null;
  const matrix = (): Matrix => {
    if (!loaded) throw new Error("no matrix loaded");
    return loaded;
  };
  return {
    threads: 1,
    async load(m) {
      loaded = m;
    },
    async kmeans(options) {
      const { data, n, d } = matrix();
      return kmeans(data, n, d, options);
    },
    async sweepFits(ks, options, onFit) {
      const { data, n, d } = matrix();
      const out: FittedRow[] = [];
      for (const k of ks) {
        const fitted = sweepFit(data, n, d, k, {
          ...options,
          onIteration: onIteration ? (run, runs, iteration, max) => onIteration(k, run, runs, iteration, max) : undefined,
        });
        out.push(fitted);
        onFit?.(fitted);
      }
      return out;
    },
    async silhouetteValues(labelings, options, onRows) {
      const { data, n, d } = matrix();
      // In runs of rows, so a long pass still reports progress.
      return sweepSilhouettes(data, n, d, labelings, options, onRows, 8);
    },
    async release() {
      loaded = null;
    },
  };
}
