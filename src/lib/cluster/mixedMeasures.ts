/**
 * Measures of a mixed-type clustering, and choosing k for it, with the same criteria as k-means
 * (`metrics.ts`, `sweep.ts`). They are computed on the embedding of `mixed.ts` (numeric features,
 * then one-hot categories scaled by √(γ/2)), where squared Euclidean distance is exactly the
 * k-prototypes dissimilarity:
 *
 * - silhouette: with the distance √(Σ numeric² + γ × mismatches), exact up to the sample size and
 *   on a seeded sample above, as for k-means;
 * - Calinski–Harabasz and Davies–Bouldin: with cluster means in that space, so a categorical
 *   feature's "mean" is its category shares (scaled), not the mode k-prototypes uses;
 * - the elbow: on the k-prototypes cost.
 *
 * Stability is the adjusted Rand index against runs from other seeds.
 */
import { adjustedRandIndex, DEFAULT_SILHOUETTE_SAMPLE, evaluate, type ClusterMetrics, type SilhouetteOptions } from "./metrics.js";
import { kprototypes, type MixedData } from "./kprototypes.js";
import { embedMixed } from "./mixed.js";
import { recommendK, type SweepResult, type SweepRow } from "./sweep.js";
import type { Stability } from "./describe.js";

/** Silhouette, Calinski–Harabasz and Davies–Bouldin of a mixed-type clustering (see the module comment). */
export function evaluateMixed(data: MixedData, labels: ArrayLike<number>, k: number, gamma: number, options: SilhouetteOptions = {}): ClusterMetrics {
  const embedded = embedMixed(data, gamma);
  return evaluate(embedded.data, embedded.n, embedded.d, labels, k, options);
}

export interface MixedSweepOptions {
  kMin?: number;
  kMax?: number;
  seed: number;
  gamma: number;
  nInit?: number;
  silhouetteSample?: number;
  onProgress?: (done: number, total: number, row: SweepRow) => void;
}

/** k-prototypes for each k in [kMin, kMax], the four criteria and the recommended k (as `sweep` for k-means). */
export function sweepMixed(data: MixedData, options: MixedSweepOptions): SweepResult {
  const { kMin = 2, kMax = 10, seed, gamma, nInit = 1, silhouetteSample = DEFAULT_SILHOUETTE_SAMPLE, onProgress } = options;
  if (!(Number.isInteger(kMin) && Number.isInteger(kMax) && kMin >= 2 && kMax >= kMin)) {
    throw new Error(`expected whole numbers 2 ≤ kMin ≤ kMax, got ${kMin}..${kMax}`);
  }
  if (kMax > data.n) throw new Error(`cannot make ${kMax} clusters from ${data.n} customers`);
  const embedded = embedMixed(data, gamma);
  const rows: SweepRow[] = [];
  let silhouetteRows = data.n;
  let silhouetteSampled = false;
  for (let k = kMin; k <= kMax; k++) {
    const fit = kprototypes(data, { k, seed, gamma, nInit });
    const metrics = evaluate(embedded.data, embedded.n, embedded.d, fit.labels, k, { sampleSize: silhouetteSample, seed });
    silhouetteRows = metrics.silhouetteRows;
    silhouetteSampled = metrics.silhouetteSampled;
    const row: SweepRow = {
      k,
      inertia: fit.cost,
      silhouette: metrics.silhouette,
      calinskiHarabasz: metrics.calinskiHarabasz,
      daviesBouldin: metrics.daviesBouldin,
      iterations: fit.iterations,
      sizes: fit.sizes,
    };
    rows.push(row);
    onProgress?.(rows.length, kMax - kMin + 1, row);
  }
  return { rows, ...recommendK(rows), silhouetteRows, silhouetteSampled };
}

/** Adjusted Rand index between `labels` and k-prototypes runs (one start each) from seeds seed + 1 … seed + runs. */
export function stabilityMixed(data: MixedData, labels: ArrayLike<number>, options: { k: number; seed: number; gamma: number; runs?: number }): Stability {
  const { k, seed, gamma, runs = 3 } = options;
  const seeds: number[] = [];
  const ari: number[] = [];
  for (let r = 1; r <= runs; r++) {
    const other = kprototypes(data, { k, seed: seed + r, gamma, nInit: 1 });
    seeds.push(seed + r);
    ari.push(adjustedRandIndex(labels, other.labels));
  }
  return {
    seeds,
    ari,
    mean: ari.length ? ari.reduce((s, x) => s + x, 0) / ari.length : NaN,
    min: ari.length ? Math.min(...ari) : NaN,
  };
}
