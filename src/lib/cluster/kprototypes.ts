/**
 * k-prototypes (Huang 1997, 1998): clustering rows that have numeric and categorical features
 * together. The dissimilarity between a row x and a prototype (μ, m) is
 *
 *   d(x, (μ, m)) = Σ_t (x_t − μ_t)²  +  γ · #{ s : x_s ≠ m_s }
 *
 * squared Euclidean distance on the (prepared) numeric features plus γ per categorical feature
 * that does not match. A prototype's numeric part is its rows' mean and its categorical part their
 * mode, each the minimiser of its part of the cost, so every iteration can only lower the cost.
 * γ weighs one categorical mismatch against squared numeric units; `mixed.ts` chooses its default.
 *
 * Unlike the `kmodes` Python package (which moves one row at a time and starts from Huang's or
 * Cao's categorical seeds with random numeric centres), this is the batch form: assign every row,
 * then update every prototype, until no row moves. Starts are k-means++ (Arthur & Vassilvitskii
 * 2007) under the same dissimilarity: it is the squared Euclidean distance in the space where each
 * categorical feature is one-hot encoded and scaled by √(γ/2), so the D² weighting carries over.
 *
 * Deterministic: `nInit` starts drawn one after another from `seededRandom(seed)`, the lowest cost
 * wins (the first on a tie), assignment ties go to the lower cluster, mode ties to the lower code,
 * and clusters are numbered by descending size (ties by the order they were found).
 */
import { seededRandom, type Random } from "../stats/random.js";

/** Rows with numeric and categorical features, as the algorithm sees them. */
export interface MixedData {
  n: number;
  /** Row-major n × p numeric matrix (already prepared: scaled, logged, …). */
  numeric: Float64Array;
  p: number;
  /** Row-major n × q category codes, 0 … levels[s] − 1; −1 is a category the model never saw (mismatches every mode). */
  categorical: Int32Array;
  q: number;
  /** Number of categories of each categorical feature (length q). */
  levels: readonly number[];
}

export interface KPrototypesProgress {
  run: number;
  runs: number;
  iteration: number;
  maxIterations: number;
}

export interface KPrototypesOptions {
  k: number;
  seed: number;
  /** Weight of one categorical mismatch, in squared numeric units (> 0 when there are categorical features). */
  gamma: number;
  /** Restarts from different seeded starts; the lowest cost wins. Default 1. */
  nInit?: number;
  /** Default 300. */
  maxIterations?: number;
  onProgress?: (progress: KPrototypesProgress) => void;
}

export interface Prototypes {
  /** k × p numeric centres (prepared space). */
  centroids: number[][];
  /** k × q category codes. */
  modes: number[][];
}

export interface KPrototypesResult extends Prototypes {
  k: number;
  /** Cluster of each row, numbered by descending size. */
  labels: Int32Array;
  sizes: number[];
  /** Σ over rows of d(row, its prototype), and its two parts (cost = numericCost + γ × mismatches). */
  cost: number;
  numericCost: number;
  mismatches: number;
  iterations: number;
  /** False when maxIterations ran out before no row moved. */
  converged: boolean;
  gamma: number;
  seed: number;
}

export const DEFAULT_MAX_ITERATIONS = 300;

function checkData(data: MixedData): void {
  const { n, p, q, numeric, categorical, levels } = data;
  if (numeric.length !== n * p) throw new Error(`numeric matrix has ${numeric.length} values, expected ${n} × ${p}`);
  if (categorical.length !== n * q) throw new Error(`categorical matrix has ${categorical.length} codes, expected ${n} × ${q}`);
  if (levels.length !== q) throw new Error(`expected ${q} category counts, got ${levels.length}`);
  if (p + q === 0) throw new Error("choose at least one feature to cluster on");
}

/** d(row i, prototype c): squared numeric distance + γ × categorical mismatches. */
function dissimilarity(data: MixedData, i: number, centroid: ArrayLike<number>, mode: ArrayLike<number>, gamma: number): number {
  const { numeric, categorical, p, q } = data;
  let s = 0;
  for (let t = 0, o = i * p; t < p; t++) {
    const diff = numeric[o + t] - centroid[t];
    s += diff * diff;
  }
  let miss = 0;
  for (let t = 0, o = i * q; t < q; t++) if (categorical[o + t] !== mode[t]) miss++;
  return s + gamma * miss;
}

/** Row i as a prototype. */
function rowPrototype(data: MixedData, i: number): { centroid: number[]; mode: number[] } {
  return {
    centroid: Array.from(data.numeric.subarray(i * data.p, (i + 1) * data.p)),
    mode: Array.from(data.categorical.subarray(i * data.q, (i + 1) * data.q)),
  };
}

/** k-means++ starts under the k-prototypes dissimilarity (the first row uniformly, then ∝ distance to the nearest start). */
export function kPrototypesPlusPlus(data: MixedData, k: number, gamma: number, random: Random): Prototypes {
  const { n } = data;
  if (n < k) throw new Error(`cannot make ${k} clusters from ${n} customers`);
  const centroids: number[][] = [];
  const modes: number[][] = [];
  const add = (i: number) => {
    const { centroid, mode } = rowPrototype(data, i);
    centroids.push(centroid);
    modes.push(mode);
  };
  add(Math.floor(random() * n));
  const closest = new Float64Array(n).fill(Infinity);
  let total = 0;
  const update = () => {
    total = 0;
    const c = centroids.length - 1;
    for (let i = 0; i < n; i++) {
      const dist = dissimilarity(data, i, centroids[c], modes[c], gamma);
      if (dist < closest[i]) closest[i] = dist;
      total += closest[i];
    }
  };
  update();
  while (centroids.length < k) {
    let pickIndex = -1;
    if (total > 0) {
      let r = random() * total;
      for (let i = 0; i < n; i++) {
        r -= closest[i];
        if (r <= 0 && closest[i] > 0) {
          pickIndex = i;
          break;
        }
      }
    }
    if (pickIndex < 0) {
      // Rounding ran past the end, or every row coincides with a start: the farthest row.
      let best = -1;
      for (let i = 0; i < n; i++) if (closest[i] > best) (best = closest[i]), (pickIndex = i);
    }
    add(pickIndex);
    update();
  }
  return { centroids, modes };
}

/** Each row's nearest prototype (ties to the lower cluster) and the cost. */
export function assignPrototypes(data: MixedData, prototypes: Prototypes, gamma: number, labels = new Int32Array(data.n)): { labels: Int32Array; cost: number; numericCost: number; mismatches: number; distances: Float64Array } {
  const { n, p, q, numeric, categorical } = data;
  const { centroids, modes } = prototypes;
  const k = centroids.length;
  const distances = new Float64Array(n);
  let numericCost = 0;
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let bestC = 0;
    let bestNum = 0;
    let bestMiss = 0;
    for (let c = 0; c < k; c++) {
      const centroid = centroids[c];
      let s = 0;
      for (let t = 0, o = i * p; t < p; t++) {
        const diff = numeric[o + t] - centroid[t];
        s += diff * diff;
      }
      const mode = modes[c];
      let miss = 0;
      for (let t = 0, o = i * q; t < q; t++) if (categorical[o + t] !== mode[t]) miss++;
      const dist = s + gamma * miss;
      if (dist < best) (best = dist), (bestC = c), (bestNum = s), (bestMiss = miss);
    }
    labels[i] = bestC;
    distances[i] = best;
    numericCost += bestNum;
    mismatches += bestMiss;
  }
  return { labels, cost: numericCost + gamma * mismatches, numericCost, mismatches, distances };
}

/** Means and modes of the clusters given by labels; an empty cluster keeps its prototype. */
function updatePrototypes(data: MixedData, labels: Int32Array, prototypes: Prototypes): number[] {
  const { n, p, q, numeric, categorical, levels } = data;
  const k = prototypes.centroids.length;
  const sizes = new Array<number>(k).fill(0);
  const sums = new Float64Array(k * p);
  const offsets: number[] = [];
  let width = 0;
  for (let s = 0; s < q; s++) (offsets[s] = width), (width += levels[s]);
  const counts = new Int32Array(k * width);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let t = 0; t < p; t++) sums[c * p + t] += numeric[i * p + t];
    for (let s = 0; s < q; s++) {
      const code = categorical[i * q + s];
      if (code >= 0) counts[c * width + offsets[s] + code]++;
    }
  }
  for (let c = 0; c < k; c++) {
    if (!sizes[c]) continue;
    for (let t = 0; t < p; t++) prototypes.centroids[c][t] = sums[c * p + t] / sizes[c];
    for (let s = 0; s < q; s++) {
      let best = -1;
      let bestCode = prototypes.modes[c][s];
      for (let code = 0; code < levels[s]; code++) {
        const count = counts[c * width + offsets[s] + code];
        if (count > best) (best = count), (bestCode = code);
      }
      prototypes.modes[c][s] = bestCode;
    }
  }
  return sizes;
}

/**
 * Batch k-prototypes from given prototypes: assign, update means and modes, until no row moves.
 * An empty cluster takes the row farthest from its prototype (the first such row), so k clusters
 * come back whenever the data has k distinct rows.
 */
export function refinePrototypes(
  data: MixedData,
  start: Prototypes,
  gamma: number,
  options: { maxIterations?: number; onIteration?: (iteration: number) => void } = {},
): { labels: Int32Array; prototypes: Prototypes; iterations: number; converged: boolean } {
  const { maxIterations = DEFAULT_MAX_ITERATIONS, onIteration } = options;
  const prototypes: Prototypes = { centroids: start.centroids.map((c) => [...c]), modes: start.modes.map((m) => [...m]) };
  const k = prototypes.centroids.length;
  let labels: Int32Array = new Int32Array(data.n).fill(-1);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const next = assignPrototypes(data, prototypes, gamma);
    iterations++;
    onIteration?.(iterations);
    // Refill empty clusters with the worst-fitting rows.
    const sizes = new Array<number>(k).fill(0);
    for (const c of next.labels) sizes[c]++;
    for (let c = 0; c < k; c++) {
      if (sizes[c]) continue;
      let worst = -1;
      let row = -1;
      for (let i = 0; i < data.n; i++) if (sizes[next.labels[i]] > 1 && next.distances[i] > worst) (worst = next.distances[i]), (row = i);
      if (row < 0 || worst <= 0) continue; // fewer distinct rows than clusters
      sizes[next.labels[row]]--;
      next.labels[row] = c;
      next.distances[row] = 0;
      sizes[c] = 1;
      const { centroid, mode } = rowPrototype(data, row);
      prototypes.centroids[c] = centroid;
      prototypes.modes[c] = mode;
    }
    let moved = 0;
    for (let i = 0; i < data.n; i++) if (next.labels[i] !== labels[i]) moved++;
    labels = next.labels;
    if (moved === 0) {
      converged = true;
      break;
    }
    updatePrototypes(data, labels, prototypes);
  }
  return { labels, prototypes, iterations, converged };
}

/** Renumbers clusters by descending size (ties keep the order found). */
function renumber(labels: Int32Array, prototypes: Prototypes): { labels: Int32Array; sizes: number[]; centroids: number[][]; modes: number[][] } {
  const k = prototypes.centroids.length;
  const sizes = new Array<number>(k).fill(0);
  for (const c of labels) sizes[c]++;
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => sizes[b] - sizes[a] || a - b);
  const rank = new Int32Array(k);
  order.forEach((c, r) => (rank[c] = r));
  return {
    labels: labels.map((c) => rank[c]),
    sizes: order.map((c) => sizes[c]),
    centroids: order.map((c) => prototypes.centroids[c]),
    modes: order.map((c) => prototypes.modes[c]),
  };
}

/** Seeded k-prototypes with `nInit` restarts (see the module comment). */
export function kprototypes(data: MixedData, options: KPrototypesOptions): KPrototypesResult {
  checkData(data);
  const { k, seed, gamma, nInit = 1, maxIterations = DEFAULT_MAX_ITERATIONS, onProgress } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a whole number ≥ 1, got ${k}`);
  if (!(Number.isFinite(gamma) && gamma >= 0)) throw new Error(`gamma must be a number ≥ 0, got ${gamma}`);
  if (data.q > 0 && gamma === 0 && data.p === 0) throw new Error("gamma must be above 0 when every feature is categorical");
  const runs = Math.max(1, Math.floor(nInit));
  const random = seededRandom(seed);
  let best: KPrototypesResult | undefined;
  for (let run = 0; run < runs; run++) {
    const start = kPrototypesPlusPlus(data, k, gamma, random);
    const onIteration = onProgress ? (iteration: number) => onProgress({ run, runs, iteration, maxIterations }) : undefined;
    const fit = refinePrototypes(data, start, gamma, { maxIterations, onIteration });
    const scored = assignPrototypes(data, fit.prototypes, gamma);
    if (!best || scored.cost < best.cost) {
      const ordered = renumber(scored.labels, fit.prototypes);
      best = {
        k,
        ...ordered,
        cost: scored.cost,
        numericCost: scored.numericCost,
        mismatches: scored.mismatches,
        iterations: fit.iterations,
        converged: fit.converged,
        gamma,
        seed,
      };
    }
  }
  return best!;
}
