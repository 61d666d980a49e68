/**
 * k-means: our own seeded k-means++ start on typed arrays, Lloyd iterations, several restarts
 * keeping the lowest inertia, and clusters renumbered by size so labels do not depend on start order.
 *
 * The Lloyd iterations run on a typed-array kernel (`lloyd`) that reproduces ml-kmeans 7 exactly:
 * the same assignment rule (nearest centre by squared distance summed in feature order, ties to the
 * lower index), the same centre update (sums in row order, then divide; an empty cluster keeps its
 * centre) and the same stopping rule (every centre moved by a squared distance ≤ tolerance). So it
 * gives the same labels, centroids and iteration count as ml-kmeans from the same start, bit for
 * bit; tests/lib/kmeans.test.ts checks that against ml-kmeans itself.
 *
 * It is faster because
 * - it works on one row-major Float64Array instead of an array of row arrays;
 * - it skips distance computations that cannot change an assignment (Hamerly 2010): an upper bound
 *   on each row's distance to its centre, a lower bound on its distance to every other centre, and
 *   half the distance from each centre to the nearest other one. A skip needs the bounds to clear a
 *   margin far above floating-point error, so it never changes a label; every distance that decides
 *   a label is computed exactly as ml-kmeans computes it;
 * - its inner loops are compiled for the number of features (unrolled, with the row held in
 *   locals) when the runtime allows `new Function`, with a generic fallback that gives identical
 *   results (a page under a strict Content-Security-Policy gets the fallback).
 */
import { seededRandom, type Random } from "./random.js";

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
// one d. Both compute every sum in the same order, so they agree bit for bit.

interface Kernels {
  /** Assigns every row to its nearest centre; sets the bounds to the nearest and second-nearest distance. */
  assignAll(data: Float64Array, n: number, centres: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array): void;
  /**
   * One assignment pass after the centres moved by `shift`, using and updating the bounds. With
   * `withInertia` every row's squared distance to its centre is computed and the sum returned.
   */
  assignBounded(
    data: Float64Array, n: number, centres: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array,
    shift: Float64Array, half: Float64Array, margin: number, maxShift: number, secondShift: number, maxAt: number, withInertia: boolean,
  ): number;
  /** Per-cluster sums of rows (in row order) and counts, into `sums` and `counts` (zeroed first). */
  accumulate(data: Float64Array, n: number, labels: Int32Array, sums: Float64Array, counts: Float64Array): void;
  /** closest[i] = min(closest[i], squared distance from row i to `centre`); returns Σ closest. */
  closer(data: Float64Array, n: number, centre: Float64Array, closest: Float64Array): number;
}

function genericKernels(d: number): Kernels {
  const assignRow = (data: Float64Array, i: number, centres: Float64Array, k: number, labels: Int32Array, upper: Float64Array, lower: Float64Array) => {
    const o = i * d;
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
    labels[i] = bestIndex;
    upper[i] = Math.sqrt(best);
    lower[i] = k > 1 ? Math.sqrt(second) : Infinity;
    return best;
  };
  return {
    assignAll(data, n, centres, k, labels, upper, lower) {
      for (let i = 0; i < n; i++) assignRow(data, i, centres, k, labels, upper, lower);
    },
    assignBounded(data, n, centres, k, labels, upper, lower, shift, half, margin, maxShift, secondShift, maxAt, withInertia) {
      let inertia = 0;
      for (let i = 0; i < n; i++) {
        const a = labels[i];
        let u = upper[i] + shift[a];
        const l = lower[i] - (a === maxAt ? secondShift : maxShift);
        lower[i] = l;
        const m = l > half[a] ? l : half[a];
        if (!withInertia && u + margin < m) {
          upper[i] = u;
          continue;
        }
        const o = i * d;
        const co = a * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[o + t] - centres[co + t];
          s += diff * diff;
        }
        u = Math.sqrt(s);
        if (u + margin < m) {
          upper[i] = u;
          inertia += s;
          continue;
        }
        inertia += assignRow(data, i, centres, k, labels, upper, lower);
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
  const distance = (centre: string, offset: string) =>
    `let s = 0, df = 0;\n${ts.map((t) => `df = x${t} - ${centre}[${offset}${t ? ` + ${t}` : ""}]; s += df * df;`).join("\n")}`;
  const assignRow = `
    let best = Number.MAX_VALUE, second = Number.MAX_VALUE, bestIndex = 0;
    for (let c = 0, co = 0; c < k; c++, co += ${d}) {
      ${distance("centres", "co")}
      if (s < best) { second = best; best = s; bestIndex = c; } else if (s < second) { second = s; }
    }
    labels[i] = bestIndex;
    upper[i] = Math.sqrt(best);
    lower[i] = k > 1 ? Math.sqrt(second) : Infinity;`;
  return {
    assignAll: {
      params: ["data", "n", "centres", "k", "labels", "upper", "lower"],
      body: `for (let i = 0, o = 0; i < n; i++, o += ${d}) {\n${loadRow}\n${assignRow}\n}`,
    },
    assignBounded: {
      params: ["data", "n", "centres", "k", "labels", "upper", "lower", "shift", "half", "margin", "maxShift", "secondShift", "maxAt", "withInertia"],
      body: `
        let inertia = 0;
        for (let i = 0, o = 0; i < n; i++, o += ${d}) {
          const a = labels[i];
          let u = upper[i] + shift[a];
          const l = lower[i] - (a === maxAt ? secondShift : maxShift);
          lower[i] = l;
          const m = l > half[a] ? l : half[a];
          if (!withInertia && u + margin < m) { upper[i] = u; continue; }
          ${loadRow}
          {
            const co = a * ${d};
            ${distance("centres", "co")}
            u = Math.sqrt(s);
            if (u + margin < m) { upper[i] = u; inertia += s; continue; }
          }
          ${assignRow}
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
  if (data.length < n * d) throw new Error(`expected ${n} × ${d} values, got ${data.length}`);
  const kernels = kernelsFor(d, kernel);
  let centres = new Float64Array(k * d);
  let next = new Float64Array(k * d);
  initial.forEach((c, j) => {
    if (c.length !== d) throw new Error(`starting centre ${j} has ${c.length} values, expected ${d}`);
    for (let t = 0; t < d; t++) centres[j * d + t] = c[t];
  });
  const labels = new Int32Array(n);
  const upper = new Float64Array(n); // ≥ distance from row i to its centre
  const lower = new Float64Array(n); // ≤ distance from row i to every other centre
  const counts = new Float64Array(k);
  const shift = new Float64Array(k); // how far each centre moved in the last update
  const half = new Float64Array(k); // half the distance from each centre to its nearest other centre
  // A skip needs the bounds to clear this margin, far above the rounding error the bound updates
  // can accumulate (≈ iterations × 1e-16 × the data's extent), so skips never change a label.
  const margin = 1e-9 * extentOf(data, n, d) + 1e-300;

  const bounded = (withInertia: boolean): number => {
    let maxShift = 0;
    let secondShift = 0;
    let maxAt = -1;
    for (let c = 0; c < k; c++) {
      if (shift[c] > maxShift) {
        secondShift = maxShift;
        maxShift = shift[c];
        maxAt = c;
      } else if (shift[c] > secondShift) {
        secondShift = shift[c];
      }
    }
    halfGaps(centres, k, d, half);
    return kernels.assignBounded(data, n, centres, k, labels, upper, lower, shift, half, margin, maxShift, secondShift, maxAt, withInertia);
  };

  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    if (iterations === 1) kernels.assignAll(data, n, centres, k, labels, upper, lower);
    else bounded(false);
    // Centre update: sums in row order, then divide (as ml-kmeans does); an empty cluster keeps its centre.
    kernels.accumulate(data, n, labels, next, counts);
    converged = true;
    for (let c = 0; c < k; c++) {
      const co = c * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        if (counts[c]) next[co + t] /= counts[c];
        else next[co + t] = centres[co + t];
        const diff = next[co + t] - centres[co + t];
        s += diff * diff;
      }
      if (s > tolerance) converged = false;
      shift[c] = Math.sqrt(s);
    }
    const swap = centres;
    centres = next;
    next = swap;
    onIteration?.(iterations);
  }
  const stepLabels = Int32Array.from(labels);
  const inertia = bounded(true);
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(centres.subarray(c * d, c * d + d)));
  return { labels: stepLabels, centroids, iterations, converged, finalLabels: labels, inertia };
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
