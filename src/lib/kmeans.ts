/**
 * k-means: our own seeded k-means++ start on typed arrays (ml-kmeans's built-in start copies
 * rows and dominates its run time), Lloyd iterations by ml-kmeans, several restarts keeping the
 * lowest inertia, and clusters renumbered by size so labels do not depend on start order.
 */
import { kmeans as mlKmeans } from "ml-kmeans";
import { seededRandom, type Random } from "./random.js";

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Restarts from different seeded starts; the lowest inertia wins. */
  nInit?: number;
  maxIterations?: number;
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
export function kmeansPlusPlus(data: Float64Array, n: number, d: number, k: number, random: Random): number[][] {
  if (n < k) throw new Error(`cannot make ${k} clusters from ${n} customers`);
  const centres: number[][] = [];
  const first = Math.floor(random() * n);
  centres.push(Array.from(data.subarray(first * d, first * d + d)));
  const closest = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) total += closest[i] = squaredDistance(data, i, d, centres[0]);
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
    const centre = Array.from(data.subarray(pickIndex * d, pickIndex * d + d));
    centres.push(centre);
    total = 0;
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(data, i, d, centre);
      if (dist < closest[i]) closest[i] = dist;
      total += closest[i];
    }
  }
  return centres;
}

function toRows(data: Float64Array, n: number, d: number): number[][] {
  const rows = new Array<number[]>(n);
  for (let i = 0; i < n; i++) rows[i] = Array.from(data.subarray(i * d, i * d + d));
  return rows;
}

function assignAndMeasure(data: Float64Array, n: number, d: number, centroids: number[][]) {
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

export function kmeans(data: Float64Array, n: number, d: number, options: KMeansOptions): KMeansResult {
  const { k, seed, nInit = 1, maxIterations = 300 } = options;
  const rows = toRows(data, n, d);
  const random = seededRandom(seed);
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const start = kmeansPlusPlus(data, n, d, k, random);
    const fit = mlKmeans(rows, k, { initialization: start, maxIterations, tolerance: 1e-8 });
    const { labels, inertia } = assignAndMeasure(data, n, d, fit.centroids);
    if (!best || inertia < best.inertia) {
      const ordered = renumber(labels, fit.centroids);
      best = { k, ...ordered, inertia, iterations: fit.iterations, seed };
    }
  }
  return best!;
}
