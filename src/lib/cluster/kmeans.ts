/**
 * k-means: our own seeded k-means++ start on typed arrays, Lloyd iterations, several restarts
 * keeping the lowest inertia, and clusters renumbered by size so labels do not depend on start order.
 *
 * The Lloyd iterations run on a typed-array kernel (`lloyd`) that follows ml-kmeans 7's algorithm:
 * the same assignment rule (nearest centre by squared distance summed in feature order, ties to the
 * lower index), the same centre update (cluster means; an empty cluster keeps its centre) and the
 * same stopping rule (every centre moved by a squared distance ≤ tolerance). From the same start it
 * gives the same labels and iteration count as ml-kmeans, and the same final centroids bit for bit
 * (they are recomputed at the end with ml-kmeans's row-order sums); tests/lib/cluster/kmeans.test.ts checks
 * that against ml-kmeans itself, and `npm run bench` on 10k–1M rows and the Online Retail features.
 *
 * It is faster (at 1M rows × 6 features, k = 8: about 9× ml-kmeans from the same start, and faster
 * than scikit-learn's one-thread Lloyd) because
 * - it works on one row-major Float64Array instead of an array of row arrays;
 * - it skips distance computations that cannot change an assignment (Hamerly 2010): an upper bound
 *   on each row's distance to its centre, a lower bound on its distance to every other centre, and
 *   half the distance from each centre to the nearest other one. The bounds are kept lazily (stored
 *   once, corrected by how far the centres have moved since), in single precision, so a row whose
 *   cluster cannot change costs three small reads. A skip needs the bounds to clear a margin above
 *   their rounding error, so it never changes a label; every distance that decides a label is
 *   computed exactly as ml-kmeans computes it;
 * - between iterations the cluster sums are updated with the rows that changed cluster only (the
 *   means may then differ from ml-kmeans's row-order sums in the last bit, which is why the final
 *   centroids are recomputed);
 * - its inner loops are compiled for the number of features (unrolled, with the row held in
 *   locals) when the runtime allows `new Function`, with a generic fallback that gives identical
 *   results (a page under a strict Content-Security-Policy gets the fallback).
 */
import { seededRandom, type Random } from "../stats/random.js";

export interface KMeansProgress {
  /** Restart (0-based) and how many there are. */
  run: number;
  runs: number;
  /** Lloyd iterations done in this restart. */
  iteration: number;
  maxIterations: number;
}

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Restarts from different seeded starts; the lowest inertia wins. */
  nInit?: number;
  maxIterations?: number;
  /** Stop when every centre moved by a squared distance ≤ tolerance (ml-kmeans's rule); 0 runs until no label changes. */
  tolerance?: number;
  /** Called after every Lloyd iteration (for progress bars). */
  onProgress?: (progress: KMeansProgress) => void;
}

export interface KMeansResult {
  k: number;
  /** Cluster of each row, 0..k-1, numbered by descending size (ties: by first row). */
  labels: Int32Array;
  /** k × d centroids in prepared (scaled) space. */
  centroids: number[][];
  sizes: number[];
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_MAX_ITERATIONS = 300;
export const DEFAULT_TOLERANCE = 1e-8;

// ---------------------------------------------------------------------------------------------
// Kernels: the loops over all rows. `generic` takes any d; `compiled` is the same code unrolled for
// one d. Both do every floating-point operation in the same order, so they agree bit for bit.
//
// Bounds are kept lazily, so a row whose assignment cannot change costs three reads and no write:
// row i is at most upper[i] + drift[labels[i]] from its centre (drift[c]: how far centre c has moved
// in total) and at least lower[i] − maxDrift from every other centre (maxDrift: the sum over
// iterations of the largest move). Only rows that fail the test are measured; a row that changes
// cluster moves its values between the running per-cluster sums.

/** Cluster numbers: one byte each for up to 256 clusters (less memory to stream through every iteration). */
type LabelArray = Uint8Array | Int32Array;

interface Kernels {
  /** Assigns every row to its nearest centre; sets the bounds to the nearest and second-nearest distance. */
  assignAll(data: Float64Array, n: number, centres: Float64Array, k: number, labels: LabelArray, upper: Float32Array, lower: Float32Array): void;
  /** One assignment pass using and updating the bounds and the running sums; returns how many rows changed cluster. */
  assignBounded(
    data: Float64Array, n: number, centres: Float64Array, k: number, labels: LabelArray, upper: Float32Array, lower: Float32Array,
    drift: Float64Array, maxDrift: number, half: Float64Array, margin: number, sums: Float64Array, counts: Float64Array, pending: Int32Array,
  ): number;
  /** The final assignment: as assignBounded, but every row's squared distance to its centre is computed and the sum returned. */
  finish(
    data: Float64Array, n: number, centres: Float64Array, k: number, labels: LabelArray, upper: Float32Array, lower: Float32Array,
    drift: Float64Array, maxDrift: number, half: Float64Array, margin: number,
  ): number;
  /** Per-cluster sums of rows (in row order) and counts, into `sums` and `counts` (zeroed first). */
  accumulate(data: Float64Array, n: number, labels: LabelArray, sums: Float64Array, counts: Float64Array): void;
  /** closest[i] = min(closest[i], squared distance from row i to `centre`); returns Σ closest. */
  closer(data: Float64Array, n: number, centre: Float64Array, closest: Float64Array): number;
}

function genericKernels(d: number): Kernels {
  /** Every distance from row i, ties to the lower index (ml-nearest-vector's rule); returns [best squared distance, index, second]. */
  const nearest = (data: Float64Array, o: number, centres: Float64Array, k: number, out: Float64Array) => {
    let best = Number.MAX_VALUE;
    let second = Number.MAX_VALUE;
    let bestIndex = 0;
    for (let c = 0, co = 0; c < k; c++, co += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[o + t] - centres[co + t];
        s += diff * diff;
      }
      if (s < best) {
        second = best;
        best = s;
        bestIndex = c;
      } else if (s < second) {
        second = s;
      }
    }
    out[0] = best;
    out[1] = bestIndex;
    out[2] = second;
  };
  const toCentre = (data: Float64Array, o: number, centres: Float64Array, co: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[o + t] - centres[co + t];
      s += diff * diff;
    }
    return s;
  };
  const found = new Float64Array(3);
  return {
    assignAll(data, n, centres, k, labels, upper, lower) {
      for (let i = 0; i < n; i++) {
        nearest(data, i * d, centres, k, found);
        labels[i] = found[1];
        upper[i] = Math.sqrt(found[0]);
        lower[i] = k > 1 ? Math.sqrt(found[2]) : Infinity;
      }
    },
    assignBounded(data, n, centres, k, labels, upper, lower, drift, maxDrift, half, margin, sums, counts) {
      // (One pass; the compiled kernel splits it in two with `pending`, with the same result.)
      let moved = 0;
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        const l = lower[i] - maxDrift;
        const m = l > half[a] ? l : half[a];
        if (upper[i] + drift[a] + margin < m) continue;
        const o = i * d;
        const u = Math.sqrt(toCentre(data, o, centres, a * d));
        upper[i] = u - drift[a];
        if (u + margin < m) continue;
        nearest(data, o, centres, k, found);
        const b = found[1];
        labels[i] = b;
        upper[i] = Math.sqrt(found[0]) - drift[b];
        lower[i] = (k > 1 ? Math.sqrt(found[2]) : Infinity) + maxDrift;
        if (b !== a) {
          moved++;
          counts[a]--;
          counts[b]++;
          for (let t = 0; t < d; t++) {
            sums[a * d + t] -= data[o + t];
            sums[b * d + t] += data[o + t];
          }
        }
      }
      return moved;
    },
    finish(data, n, centres, k, labels, upper, lower, drift, maxDrift, half, margin) {
      let inertia = 0;
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        const l = lower[i] - maxDrift;
        const m = l > half[a] ? l : half[a];
        const o = i * d;
        const s = toCentre(data, o, centres, a * d);
        if (Math.sqrt(s) + margin < m) {
          inertia += s;
          continue;
        }
        nearest(data, o, centres, k, found);
        labels[i] = found[1];
        inertia += found[0];
      }
      return inertia;
    },
    accumulate(data, n, labels, sums, counts) {
      sums.fill(0);
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        const c = labels[i];
        counts[c]++;
        const o = i * d;
        const co = c * d;
        for (let t = 0; t < d; t++) sums[co + t] += data[o + t];
      }
    },
    closer(data, n, centre, closest) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[o + t] - centre[t];
          s += diff * diff;
        }
        if (s < closest[i]) closest[i] = s;
        total += closest[i];
      }
      return total;
    },
  };
}

/** Source of the kernels unrolled for d features (the row's values held in locals x0…x{d-1}). */
function compiledSource(d: number): Record<keyof Kernels, { params: string[]; body: string }> {
  const ts = Array.from({ length: d }, (_, t) => t);
  const loadRow = ts.map((t) => `const x${t} = data[o + ${t}];`).join("\n");
  const index = (offset: string, t: number) => (offset ? (t ? `${offset} + ${t}` : offset) : `${t}`);
  const distance = (centre: string, offset: string) =>
    `let s = 0, df = 0;\n${ts.map((t) => `df = x${t} - ${centre}[${index(offset, t)}]; s += df * df;`).join("\n")}`;
  const nearest = `
    let best = Number.MAX_VALUE, second = Number.MAX_VALUE, bestIndex = 0;
    for (let c = 0, co = 0; c < k; c++, co += ${d}) {
      ${distance("centres", "co")}
      if (s < best) { second = best; best = s; bestIndex = c; } else if (s < second) { second = s; }
    }`;
  const test = `
    const a = labels[i];
    const l = lower[i] - maxDrift;
    const m = l > half[a] ? l : half[a];`;
  return {
    assignAll: {
      params: ["data", "n", "centres", "k", "labels", "upper", "lower"],
      body: `for (let i = 0, o = 0; i < n; i++, o += ${d}) {
        ${loadRow}
        ${nearest}
        labels[i] = bestIndex;
        upper[i] = Math.sqrt(best);
        lower[i] = k > 1 ? Math.sqrt(second) : Infinity;
      }`,
    },
    assignBounded: {
      params: ["data", "n", "centres", "k", "labels", "upper", "lower", "drift", "maxDrift", "half", "margin", "sums", "counts", "pending"],
      // Two passes: the first only reads the bounds (sequentially) and lists the rows that fail the
      // test; the second measures those. Rows fail sparsely and at random, so fetching their values
      // inside the first loop would stall on each; listed first, the fetches can overlap.
      body: `
        let count = 0;
        for (let i = 0; i < n; i++) {
          ${test}
          if (upper[i] + drift[a] + margin < m) continue;
          pending[count++] = i;
        }
        let moved = 0;
        for (let p = 0; p < count; p++) {
          const i = pending[p], o = i * ${d};
          ${test}
          ${loadRow}
          {
            const co = a * ${d};
            ${distance("centres", "co")}
            const u = Math.sqrt(s);
            upper[i] = u - drift[a];
            if (u + margin < m) continue;
          }
          ${nearest}
          labels[i] = bestIndex;
          upper[i] = Math.sqrt(best) - drift[bestIndex];
          lower[i] = (k > 1 ? Math.sqrt(second) : Infinity) + maxDrift;
          if (bestIndex !== a) {
            moved++;
            counts[a]--;
            counts[bestIndex]++;
            const ao = a * ${d}, bo = bestIndex * ${d};
            ${ts.map((t) => `sums[ao + ${t}] -= x${t}; sums[bo + ${t}] += x${t};`).join("\n")}
          }
        }
        return moved;`,
    },
    finish: {
      params: ["data", "n", "centres", "k", "labels", "upper", "lower", "drift", "maxDrift", "half", "margin"],
      body: `
        let inertia = 0;
        for (let i = 0, o = 0; i < n; i++, o += ${d}) {
          ${test}
          ${loadRow}
          {
            const co = a * ${d};
            ${distance("centres", "co")}
            if (Math.sqrt(s) + margin < m) { inertia += s; continue; }
          }
          ${nearest}
          labels[i] = bestIndex;
          inertia += best;
        }
        return inertia;`,
    },
    accumulate: {
      params: ["data", "n", "labels", "sums", "counts"],
      body: `
        sums.fill(0);
        counts.fill(0);
        for (let i = 0, o = 0; i < n; i++, o += ${d}) {
          const c = labels[i];
          counts[c]++;
          const co = c * ${d};
          ${ts.map((t) => `sums[co + ${t}] += data[o + ${t}];`).join("\n")}
        }`,
    },
    closer: {
      params: ["data", "n", "centre", "closest"],
      body: `
        let total = 0;
        for (let i = 0, o = 0; i < n; i++, o += ${d}) {
          ${loadRow}
          ${distance("centre", "")}
          if (s < closest[i]) closest[i] = s;
          total += closest[i];
        }
        return total;`,
    },
  };
}

/** Unrolling stops paying (and the generated code grows) beyond this many features. */
const MAX_COMPILED_FEATURES = 32;
const compiledCache = new Map<number, Kernels | null>();

function compiledKernels(d: number): Kernels | null {
  if (d < 1 || d > MAX_COMPILED_FEATURES) return null;
  if (!compiledCache.has(d)) {
    let kernels: Kernels | null = null;
    try {
      const source = compiledSource(d);
      const build = (name: keyof Kernels) => new Function(...source[name].params, `"use strict";\n${source[name].body}`);
      kernels = {
        assignAll: build("assignAll") as Kernels["assignAll"],
        assignBounded: build("assignBounded") as Kernels["assignBounded"],
        finish: build("finish") as Kernels["finish"],
        accumulate: build("accumulate") as Kernels["accumulate"],
        closer: build("closer") as Kernels["closer"],
      };
    } catch {
      kernels = null; // e.g. a Content-Security-Policy without 'unsafe-eval': use the generic loops
    }
    compiledCache.set(d, kernels);
  }
  return compiledCache.get(d)!;
}

/** Which kernel to run: `auto` compiles for d when it can; `generic` forces the plain loops (tests compare the two). */
export type KernelChoice = "auto" | "generic";

/** Which kernels `auto` runs for d features: "compiled", or "generic" where `new Function` is not allowed. */
export function kernelKind(d: number): "compiled" | "generic" {
  return compiledKernels(d) ? "compiled" : "generic";
}

function kernelsFor(d: number, choice: KernelChoice = "auto"): Kernels {
  return (choice === "auto" ? compiledKernels(d) : null) ?? genericKernels(d);
}

// ---------------------------------------------------------------------------------------------

function squaredDistance(data: Float64Array, i: number, d: number, centre: ArrayLike<number>): number {
  let s = 0;
  const o = i * d;
  for (let j = 0; j < d; j++) {
    const diff = data[o + j] - centre[j];
    s += diff * diff;
  }
  return s;
}

/** k-means++ (Arthur & Vassilvitskii 2007) on a row-major matrix; deterministic for a given random source. */
export function kmeansPlusPlus(data: Float64Array, n: number, d: number, k: number, random: Random, kernel: KernelChoice = "auto"): number[][] {
  if (n < k) throw new Error(`cannot make ${k} clusters from ${n} customers`);
  const kernels = kernelsFor(d, kernel);
  const centres: number[][] = [];
  const first = Math.floor(random() * n);
  centres.push(Array.from(data.subarray(first * d, first * d + d)));
  const closest = new Float64Array(n).fill(Infinity);
  let total = kernels.closer(data, n, Float64Array.from(centres[0]), closest);
  while (centres.length < k) {
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
    // All remaining points coincide with a centre (or rounding ran past the end): take the farthest.
    if (pickIndex < 0) {
      let best = -1;
      for (let i = 0; i < n; i++) if (closest[i] > best) (best = closest[i]), (pickIndex = i);
    }
    const centre = data.slice(pickIndex * d, pickIndex * d + d);
    centres.push(Array.from(centre));
    total = kernels.closer(data, n, centre, closest);
  }
  return centres;
}

export interface LloydOptions {
  maxIterations?: number;
  tolerance?: number;
  onIteration?: (iteration: number) => void;
  kernel?: KernelChoice;
}

export interface LloydResult {
  /** ml-kmeans's `clusters`: each row's nearest centre at the start of the last iteration. */
  labels: Int32Array;
  /** ml-kmeans's `centroids`: the means of those clusters (an empty cluster keeps its centre). */
  centroids: number[][];
  iterations: number;
  converged: boolean;
  /** Each row's nearest returned centroid (ties to the lower index): a final assignment step. */
  finalLabels: Int32Array;
  /** Sum of squared distances from each row to its `finalLabels` centroid. */
  inertia: number;
}

/** Half the distance from each centre to its nearest other centre. */
function halfGaps(centres: Float64Array, k: number, d: number, half: Float64Array): void {
  half.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = centres[a * d + t] - centres[b * d + t];
        s += diff * diff;
      }
      const h = Math.sqrt(s) / 2;
      if (h < half[a]) half[a] = h;
      if (h < half[b]) half[b] = h;
    }
  }
}

/** The length of the diagonal of the data's bounding box. */
function extentOf(data: Float64Array, n: number, d: number): number {
  let extent = 0;
  for (let t = 0; t < d; t++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0, o = t; i < n; i++, o += d) {
      const x = data[o];
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    extent += (hi - lo) * (hi - lo);
  }
  return Math.sqrt(extent);
}

/**
 * Lloyd's algorithm from given starting centres on a row-major n × d matrix, with ml-kmeans 7's
 * semantics (see the module comment) and Hamerly's bounds to skip distances that cannot matter.
 */
export function lloyd(data: Float64Array, n: number, d: number, initial: readonly ArrayLike<number>[], options: LloydOptions = {}): LloydResult {
  const { maxIterations = DEFAULT_MAX_ITERATIONS, tolerance = DEFAULT_TOLERANCE, onIteration, kernel = "auto" } = options;
  const k = initial.length;
  if (k < 1) throw new Error("k-means needs at least one starting centre");
  if (n < 1) throw new Error("k-means needs at least one row");
  if (!(maxIterations >= 1)) throw new Error(`maxIterations must be at least 1, got ${maxIterations}`);
  if (data.length < n * d) throw new Error(`expected ${n} × ${d} values, got ${data.length}`);
  const kernels = kernelsFor(d, kernel);
  let centres = new Float64Array(k * d);
  let next = new Float64Array(k * d);
  initial.forEach((c, j) => {
    if (c.length !== d) throw new Error(`starting centre ${j} has ${c.length} values, expected ${d}`);
    for (let t = 0; t < d; t++) centres[j * d + t] = c[t];
  });
  const labels: LabelArray = k <= 256 ? new Uint8Array(n) : new Int32Array(n);
  // Bounds in single precision: every row's are read each iteration, so half the bytes is faster;
  // the margin below covers their rounding.
  const upper = new Float32Array(n);
  const lower = new Float32Array(n);
  const pending = new Int32Array(n); // rows to measure in an assignment pass
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const drift = new Float64Array(k); // total distance each centre has moved
  let maxDrift = 0; // Σ over updates of the largest move
  const half = new Float64Array(k); // half the distance from each centre to its nearest other centre
  // A skip needs the bounds to clear a margin above their rounding error, so skips never change a
  // label. Stored bounds are at most extent + maxDrift in size (every centre lies in the data's
  // bounding box), rounded to single precision (relative error 2^-24); the double-precision updates
  // add about iterations × 1e-16 × extent. The margin is 4 times the first plus far more than the second.
  const extent = extentOf(data, n, d);
  const margin = () => 2 ** -21 * (extent + maxDrift) + 1e-9 * extent + 1e-300;

  /** Moves the centres to `next`, records how far they moved, and tells whether every move was ≤ tolerance (squared). */
  const moveTo = (): boolean => {
    let converged = true;
    let largest = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = next[c * d + t] - centres[c * d + t];
        s += diff * diff;
      }
      if (s > tolerance) converged = false;
      const move = Math.sqrt(s);
      drift[c] += move;
      if (move > largest) largest = move;
    }
    maxDrift += largest;
    const swap = centres;
    centres = next;
    next = swap;
    return converged;
  };

  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    if (iterations === 1) {
      kernels.assignAll(data, n, centres, k, labels, upper, lower);
      kernels.accumulate(data, n, labels, sums, counts);
    } else {
      halfGaps(centres, k, d, half);
      kernels.assignBounded(data, n, centres, k, labels, upper, lower, drift, maxDrift, half, margin(), sums, counts, pending);
    }
    // New centres: the cluster means (an empty cluster keeps its centre).
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < d; t++) {
        if (counts[c]) next[c * d + t] = sums[c * d + t] / counts[c];
        else (next[c * d + t] = centres[c * d + t]), (sums[c * d + t] = 0);
      }
    }
    converged = moveTo();
    onIteration?.(iterations);
  }
  const stepLabels = Int32Array.from(labels);
  // The running sums have drifted from row-order sums by rounding: return the exact means of the
  // last clusters, summed in row order as ml-kmeans sums them, then assign every row to them.
  kernels.accumulate(data, n, labels, sums, counts);
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < d; t++) next[c * d + t] = counts[c] ? sums[c * d + t] / counts[c] : centres[c * d + t];
  }
  moveTo();
  halfGaps(centres, k, d, half);
  const inertia = kernels.finish(data, n, centres, k, labels, upper, lower, drift, maxDrift, half, margin());
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(centres.subarray(c * d, c * d + d)));
  return { labels: stepLabels, centroids, iterations, converged, finalLabels: Int32Array.from(labels), inertia };
}

/** Each row's nearest centroid (ties to the lower index) and the sum of squared distances to it. */
export function assign(data: Float64Array, n: number, d: number, centroids: readonly ArrayLike<number>[]): { labels: Int32Array; inertia: number } {
  const labels = new Int32Array(n);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0; c < centroids.length; c++) {
      const dist = squaredDistance(data, i, d, centroids[c]);
      if (dist < bestDist) (bestDist = dist), (best = c);
    }
    labels[i] = best;
    inertia += bestDist;
  }
  return { labels, inertia };
}

/** Renumbers clusters by descending size (ties by first row), so label order is stable. */
function renumber(labels: Int32Array, centroids: number[][]) {
  const k = centroids.length;
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
    labels: labels.map((c) => rank[c]),
    centroids: order.map((c) => centroids[c]),
    sizes: order.map((c) => sizes[c]),
  };
}

/**
 * Seeded k-means: `nInit` k-means++ starts drawn one after another from `seededRandom(seed)`,
 * each refined by `lloyd`; the lowest inertia wins (the first on a tie).
 */
export function kmeans(data: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  const { k, seed, nInit = 1, maxIterations = DEFAULT_MAX_ITERATIONS, tolerance = DEFAULT_TOLERANCE, onProgress } = options;
  const random = seededRandom(seed);
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const start = kmeansPlusPlus(data, n, d, k, random);
    const onIteration = onProgress ? (iteration: number) => onProgress({ run, runs: nInit, iteration, maxIterations }) : undefined;
    const fit = lloyd(data, n, d, start, { maxIterations, tolerance, onIteration });
    if (!best || fit.inertia < best.inertia) {
      const ordered = renumber(fit.finalLabels, fit.centroids);
      best = { k, ...ordered, inertia: fit.inertia, iterations: fit.iterations, seed };
    }
  }
  return best!;
}
