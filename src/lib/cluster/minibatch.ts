/**
 * Mini-batch k-means (Sculley 2010, "Web-scale k-means clustering"), for inputs too large for
 * full Lloyd iterations (the CLI's `cluster --mini-batch [SIZE]`, 10M customers and more). It
 * follows scikit-learn 1.2's MiniBatchKMeans, seeded from `src/lib/stats/random.ts`:
 *
 * - **Start:** `nInit` k-means++ starts, each on its own random sample of `initSize` rows
 *   (default 3 × batch size, at least k); the one with the lowest inertia on one random validation
 *   batch is kept.
 * - **Steps:** each step draws `batchSize` rows at random (with replacement), assigns them to the
 *   nearest centre and moves each centre to the running mean of every row ever assigned to it
 *   (per-centre learning rate 1 / count, Sculley's update).
 * - **Reassignment:** after each step, a centre whose count is below `reassignmentRatio` (0.01)
 *   of the largest count is moved to a random row of the batch (at most half a batch of them) and
 *   its count set to the smallest count among the others, as scikit-learn does, so a centre
 *   stranded at a start never stays empty.
 * - **Stop:** when the batch inertia per row, smoothed by an exponentially weighted average
 *   (weight 2 × batch / (n + 1)), has not improved for `maxNoImprovement` (10) steps; or after
 *   `maxEpochs` (100) passes' worth of rows. The first step's batch (judging the start) is left out.
 * - **Result:** every row assigned to the nearest final centre (ties to the lower index); the
 *   inertia is that assignment's. Clusters numbered by size as `kmeans` does.
 *
 * It costs O(steps × batch × k × d) plus one pass over all rows, against Lloyd's O(iterations × n ×
 * k × d); the inertia is a little higher than full k-means's (the benchmark prints both).
 */
import { assign, kmeansPlusPlus, type KMeansResult } from "./kmeans.js";
import { seededRandom, type Random } from "../stats/random.js";

export interface MiniBatchOptions {
  k: number;
  seed: number;
  /** Rows per step (scikit-learn's default 1024). */
  batchSize?: number;
  /** k-means++ starts compared on a validation batch (scikit-learn's default 3). */
  nInit?: number;
  /** Rows each start is drawn from (default 3 × batchSize, at least k). */
  initSize?: number;
  /** Steps without improvement of the smoothed batch inertia before stopping. */
  maxNoImprovement?: number;
  /** Upper bound on the rows seen, in passes over the data. */
  maxEpochs?: number;
  /** Centres with fewer than this share of the largest count are moved to a random batch row. */
  reassignmentRatio?: number;
  onProgress?: (step: number, maxSteps: number) => void;
}

export interface MiniBatchResult extends KMeansResult {
  /** Mini-batch steps taken (`iterations` holds the same number). */
  steps: number;
  batchSize: number;
  /** Why it stopped: no improvement for maxNoImprovement steps, or maxEpochs reached. */
  stoppedBy: "no-improvement" | "max-epochs";
}

export const DEFAULT_BATCH_SIZE = 1024;

/** Nearest centre of row o (ties to the lower index); its squared distance goes to found[0]. */
function nearest(data: Float64Array, o: number, d: number, centres: Float64Array, k: number, found: Float64Array): number {
  let best = Infinity;
  let index = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[o + t] - centres[c * d + t];
      s += diff * diff;
    }
    if (s < best) (best = s), (index = c);
  }
  found[0] = best;
  return index;
}

function draw(random: Random, n: number, count: number): Int32Array {
  const rows = new Int32Array(count);
  for (let j = 0; j < count; j++) rows[j] = Math.floor(random() * n);
  return rows;
}

function inertiaOf(data: Float64Array, d: number, rows: Int32Array, centres: Float64Array, k: number): number {
  const found = new Float64Array(1);
  let total = 0;
  for (const i of rows) {
    nearest(data, i * d, d, centres, k, found);
    total += found[0];
  }
  return total;
}

export function miniBatchKMeans(data: Float64Array, n: number, d: number, options: MiniBatchOptions): MiniBatchResult {
  const { k, seed, batchSize: requestedBatch = DEFAULT_BATCH_SIZE, nInit = 3, maxNoImprovement = 10, maxEpochs = 100, reassignmentRatio = 0.01, onProgress } = options;
  if (n < k) throw new Error(`cannot make ${k} clusters from ${n} customers`);
  if (!(Number.isInteger(requestedBatch) && requestedBatch >= 1)) throw new Error(`mini-batch size must be a whole number ≥ 1, got ${requestedBatch}`);
  if (!(Number.isInteger(nInit) && nInit >= 1)) throw new Error(`nInit must be a whole number ≥ 1, got ${nInit}`);
  const batchSize = Math.min(requestedBatch, n);
  const random = seededRandom(seed);
  const initSize = Math.min(n, Math.max(options.initSize ?? 3 * batchSize, k));

  // Start: the best of nInit k-means++ starts on random samples, judged on one validation batch.
  const validation = draw(random, n, batchSize);
  let centres = new Float64Array(k * d);
  let bestInertia = Infinity;
  const sample = new Float64Array(initSize * d);
  for (let run = 0; run < nInit; run++) {
    const rows = draw(random, n, initSize);
    rows.forEach((i, j) => sample.set(data.subarray(i * d, i * d + d), j * d));
    const start = Float64Array.from(kmeansPlusPlus(sample, initSize, d, k, random).flat());
    const inertia = inertiaOf(data, d, validation, start, k);
    if (inertia < bestInertia) (bestInertia = inertia), (centres = start);
  }

  const counts = new Float64Array(k);
  const found = new Float64Array(1);
  const batchSums = new Float64Array(k * d);
  const batchCounts = new Float64Array(k);
  const alpha = Math.min(1, (2 * batchSize) / (n + 1));
  const maxSteps = Math.max(1, Math.ceil((maxEpochs * n) / batchSize));
  let smoothed = NaN;
  let bestSmoothed = Infinity;
  let sinceImprovement = 0;
  let steps = 0;
  let stoppedBy: MiniBatchResult["stoppedBy"] = "max-epochs";
  while (steps < maxSteps) {
    steps++;
    const rows = draw(random, n, batchSize);
    batchSums.fill(0);
    batchCounts.fill(0);
    let batchInertia = 0;
    for (const i of rows) {
      const c = nearest(data, i * d, d, centres, k, found);
      batchInertia += found[0];
      batchCounts[c]++;
      for (let t = 0; t < d; t++) batchSums[c * d + t] += data[i * d + t];
    }
    // Sculley's update: each centre becomes the mean of every row assigned to it so far.
    for (let c = 0; c < k; c++) {
      if (!batchCounts[c]) continue;
      const total = counts[c] + batchCounts[c];
      for (let t = 0; t < d; t++) centres[c * d + t] = (centres[c * d + t] * counts[c] + batchSums[c * d + t]) / total;
      counts[c] = total;
    }
    reassign(data, d, k, rows, centres, counts, reassignmentRatio, random);
    onProgress?.(steps, maxSteps);
    // Stop rule on the smoothed batch inertia per row (scikit-learn's _mini_batch_convergence);
    // the first batch's inertia is that of the start, so it is left out.
    if (steps === 1) continue;
    const perRow = batchInertia / batchSize;
    smoothed = Number.isNaN(smoothed) ? perRow : smoothed * (1 - alpha) + perRow * alpha;
    if (smoothed < bestSmoothed) {
      bestSmoothed = smoothed;
      sinceImprovement = 0;
    } else if (++sinceImprovement >= maxNoImprovement) {
      stoppedBy = "no-improvement";
      break;
    }
  }

  const centroids = Array.from({ length: k }, (_, c) => Array.from(centres.subarray(c * d, c * d + d)));
  const { labels, inertia } = assign(data, n, d, centroids);
  const sizes = new Array(k).fill(0);
  const firstRow = new Array(k).fill(Infinity);
  labels.forEach((c, i) => {
    sizes[c]++;
    if (i < firstRow[c]) firstRow[c] = i;
  });
  const order = [...Array(k).keys()].sort((a, b) => sizes[b] - sizes[a] || firstRow[a] - firstRow[b]);
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  return {
    k,
    labels: labels.map((c) => rank[c]),
    centroids: order.map((c) => centroids[c]),
    sizes: order.map((c) => sizes[c]),
    inertia,
    iterations: steps,
    seed,
    steps,
    batchSize,
    stoppedBy,
  };
}

/** Moves starved centres to random rows of the batch (scikit-learn's random reassignment); tells whether any moved. */
function reassign(data: Float64Array, d: number, k: number, rows: Int32Array, centres: Float64Array, counts: Float64Array, ratio: number, random: Random): boolean {
  if (!(ratio > 0) || k < 2) return false;
  let largest = 0;
  for (let c = 0; c < k; c++) if (counts[c] > largest) largest = counts[c];
  let starved = [...Array(k).keys()].filter((c) => counts[c] < ratio * largest);
  if (!starved.length) return false;
  const limit = Math.floor(0.5 * rows.length);
  // At most half a batch of centres move: the ones with the smallest counts.
  if (starved.length > limit) starved = starved.sort((a, b) => counts[a] - counts[b] || a - b).slice(0, limit);
  if (!starved.length) return false;
  // Distinct batch rows, drawn uniformly (a partial Fisher–Yates shuffle of the batch positions).
  const positions = Array.from(rows.keys());
  for (let j = 0; j < starved.length; j++) {
    const pick = j + Math.floor(random() * (positions.length - j));
    [positions[j], positions[pick]] = [positions[pick], positions[j]];
    const row = rows[positions[j]];
    centres.set(data.subarray(row * d, row * d + d), starved[j] * d);
  }
  const moved = new Set(starved);
  let smallest = Infinity;
  for (let c = 0; c < k; c++) if (!moved.has(c) && counts[c] < smallest) smallest = counts[c];
  for (const c of starved) counts[c] = Number.isFinite(smallest) ? smallest : 0;
  return true;
}
