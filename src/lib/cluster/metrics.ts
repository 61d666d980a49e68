/**
 * Clustering quality measures on a row-major n × d matrix and labels 0..k-1 (the same conventions
 * as scikit-learn's, so the numbers can be compared):
 * - silhouette: mean over rows of (b − a) / max(a, b), a = mean distance to the rest of the row's
 *   cluster, b = lowest mean distance to another cluster; a row alone in its cluster scores 0.
 *   Exact up to `sampleSize` rows, above that on a seeded sample of that many rows (the sample's
 *   own silhouette, as scikit-learn's `sample_size`).
 * - Calinski–Harabasz: (between-cluster SS / (k − 1)) / (within-cluster SS / (n − k)); higher is better.
 * - Davies–Bouldin: mean over clusters of the worst (s_a + s_b) / ‖μ_a − μ_b‖, s = mean distance
 *   to the centroid; lower is better.
 * - adjusted Rand index between two labelings (Hubert & Arabie 1985): 1 for the same partition,
 *   about 0 for unrelated ones.
 * Cluster means are taken from the labels (not from given centroids); empty clusters are ignored.
 */
import { compiledOnce, compileFunction } from "./compiledOnce.js";
import { seededRandom } from "../stats/random.js";

/** Rows per cluster and per-cluster means (k × d) from labels. */
export function clusterMeans(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number): { sizes: Float64Array; means: Float64Array } {
  const sizes = new Float64Array(k);
  const means = new Float64Array(k * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    sizes[c]++;
    for (let t = 0; t < d; t++) means[c * d + t] += data[i * d + t];
  }
  for (let c = 0; c < k; c++) if (sizes[c]) for (let t = 0; t < d; t++) means[c * d + t] /= sizes[c];
  return { sizes, means };
}

export interface SumsOfSquares {
  /** Σ over rows of the squared distance to the overall mean. */
  total: number;
  /** Σ over rows of the squared distance to the row's cluster mean. */
  within: number;
  /** total − within, computed directly: Σ over clusters of size × ‖cluster mean − overall mean‖². */
  between: number;
  /** The same three per feature (length d). */
  totalByFeature: Float64Array;
  withinByFeature: Float64Array;
  betweenByFeature: Float64Array;
  sizes: Float64Array;
  means: Float64Array;
  overallMean: Float64Array;
}

export function sumsOfSquares(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number): SumsOfSquares {
  const { sizes, means } = clusterMeans(data, n, d, labels, k);
  const overallMean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overallMean[t] += data[i * d + t];
  for (let t = 0; t < d; t++) overallMean[t] /= n;
  const totalByFeature = new Float64Array(d);
  const withinByFeature = new Float64Array(d);
  const betweenByFeature = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    for (let t = 0; t < d; t++) {
      const x = data[i * d + t];
      totalByFeature[t] += (x - overallMean[t]) ** 2;
      withinByFeature[t] += (x - means[c * d + t]) ** 2;
    }
  }
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) betweenByFeature[t] += sizes[c] * (means[c * d + t] - overallMean[t]) ** 2;
  const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);
  return {
    total: sum(totalByFeature),
    within: sum(withinByFeature),
    between: sum(betweenByFeature),
    totalByFeature,
    withinByFeature,
    betweenByFeature,
    sizes,
    means,
    overallMean,
  };
}

function nonEmpty(sizes: Float64Array): number {
  let m = 0;
  for (const s of sizes) if (s > 0) m++;
  return m;
}

/** Calinski–Harabasz index; NaN with fewer than 2 non-empty clusters, 1 when every cluster is a single point value (as scikit-learn). */
export function calinskiHarabasz(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number, ss = sumsOfSquares(data, n, d, labels, k)): number {
  const m = nonEmpty(ss.sizes);
  if (m < 2 || n <= m) return NaN;
  if (ss.within === 0) return 1;
  return (ss.between / (m - 1)) / (ss.within / (n - m));
}

/** Davies–Bouldin index; NaN with fewer than 2 non-empty clusters, 0 in scikit-learn's degenerate cases. */
export function daviesBouldin(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number): number {
  const { sizes, means } = clusterMeans(data, n, d, labels, k);
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    let s = 0;
    for (let t = 0; t < d; t++) s += (data[i * d + t] - means[c * d + t]) ** 2;
    spread[c] += Math.sqrt(s);
  }
  const clusters: number[] = [];
  for (let c = 0; c < k; c++) if (sizes[c]) (spread[c] /= sizes[c]), clusters.push(c);
  if (clusters.length < 2) return NaN;
  let allSpreadZero = true;
  let allGapsZero = true;
  const gap = (a: number, b: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (means[a * d + t] - means[b * d + t]) ** 2;
    return Math.sqrt(s);
  };
  for (const a of clusters) if (spread[a] !== 0) allSpreadZero = false;
  for (const a of clusters) for (const b of clusters) if (a !== b && gap(a, b) !== 0) allGapsZero = false;
  if (allSpreadZero || allGapsZero) return 0;
  let total = 0;
  for (const a of clusters) {
    let worst = 0;
    for (const b of clusters) {
      if (a === b) continue;
      const g = gap(a, b);
      const r = g === 0 ? 0 : (spread[a] + spread[b]) / g;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / clusters.length;
}

export interface SilhouetteOptions {
  /** Exact up to this many rows; above, the silhouette of a seeded sample of this many rows. */
  sampleSize?: number;
  seed?: number;
}

export interface Silhouette {
  score: number;
  /** Rows it was computed on (n, or the sample size). */
  rows: number;
  sampled: boolean;
  /** Mean silhouette per cluster (NaN for a cluster with no row in the sample). */
  byCluster: number[];
}

export const DEFAULT_SILHOUETTE_SAMPLE = 10_000;

/** `size` distinct row indices out of n, seeded, in ascending order (partial Fisher–Yates). */
export function sampleRows(n: number, size: number, seed: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  if (size * 8 < n) {
    // The same shuffle with only the moved entries of the pool held (a map), not all n: a 5,000-row
    // sample of a million customers then costs the page's main thread microseconds, not a pass over n.
    const moved = new Map<number, number>();
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random() * (n - i));
      out[i] = moved.get(j) ?? j;
      // Position i is never read again; position j now holds what position i held.
      moved.set(j, moved.get(i) ?? i);
    }
    return out.sort();
  }
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}

type PairwiseSums = (x: Float64Array, m: number, labels: Int32Array, starts: Int32Array, k: number, out: Float64Array) => void;

/**
 * Σ of distances from each row to every other row, per cluster of the other row: out[c * m + i]
 * (cluster-major, so the inner loop's writes are contiguous).
 * Rows must be grouped by cluster (`starts[c]`..`starts[c + 1]`); each pair is computed once.
 */
function genericPairwiseSums(d: number): PairwiseSums {
  return (x, m, labels, starts, k, out) => {
    for (let i = 0; i < m; i++) {
      const li = labels[i];
      const lo = li * m;
      const oi = i * d;
      for (let c = li; c < k; c++) {
        let acc = 0;
        const end = starts[c + 1];
        for (let j = Math.max(i + 1, starts[c]); j < end; j++) {
          const oj = j * d;
          let s = 0;
          for (let t = 0; t < d; t++) {
            const diff = x[oi + t] - x[oj + t];
            s += diff * diff;
          }
          const dist = Math.sqrt(s);
          acc += dist;
          out[lo + j] += dist;
        }
        out[c * m + i] += acc;
      }
    }
  };
}

const compiledPairwise = new Map<string, PairwiseSums | null>();

/** The same loops unrolled for d features (as the k-means kernels; generic fallback where `new Function` is not allowed). */
function pairwiseSumsFor(d: number): PairwiseSums {
  if (d > 32) return genericPairwiseSums(d);
  const compile = () => {
    const ts = Array.from({ length: d }, (_, t) => t);
    const body = `
      for (let i = 0; i < m; i++) {
        const li = labels[i];
        const lo = li * m;
        const oi = i * ${d};
        ${ts.map((t) => `const x${t} = x[oi + ${t}];`).join(" ")}
        for (let c = li; c < k; c++) {
          let acc = 0;
          const end = starts[c + 1];
          let j = Math.max(i + 1, starts[c]), oj = j * ${d};
          // Two rows a turn: their distances are independent, so the processor overlaps them; acc
          // still adds them in row order (the same bits as one row a turn).
          for (; j + 1 < end; j += 2, oj += ${2 * d}) {
            let s = 0, u = 0, df = 0, dg = 0;
            ${ts.map((t) => `df = x${t} - x[oj + ${t}]; s += df * df; dg = x${t} - x[oj + ${d + t}]; u += dg * dg;`).join(" ")}
            const dist = Math.sqrt(s);
            const dist2 = Math.sqrt(u);
            acc += dist;
            acc += dist2;
            out[lo + j] += dist;
            out[lo + j + 1] += dist2;
          }
          if (j < end) {
            let s = 0, df = 0;
            ${ts.map((t) => `df = x${t} - x[oj + ${t}]; s += df * df;`).join(" ")}
            const dist = Math.sqrt(s);
            acc += dist;
            out[lo + j] += dist;
          }
          out[c * m + i] += acc;
        }
      }`;
    return compileFunction<PairwiseSums>(["x", "m", "labels", "starts", "k", "out"], body);
  };
  return compiledOnce(compiledPairwise, String(d), compile) ?? genericPairwiseSums(d);
}

/** Mean silhouette (see the module comment). NaN with fewer than 2 non-empty clusters among the rows used. */
export function silhouette(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number, options: SilhouetteOptions = {}): Silhouette {
  const { sampleSize = DEFAULT_SILHOUETTE_SAMPLE, seed = 0 } = options;
  const rows = sampleRows(n, sampleSize, seed);
  const m = rows.length;
  // Group the rows used by cluster, so each cluster is one contiguous block.
  const counts = new Int32Array(k + 1);
  for (let r = 0; r < m; r++) counts[labels[rows[r]] + 1]++;
  const starts = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) starts[c + 1] = starts[c] + counts[c + 1];
  const fill = starts.slice(0, k);
  const x = new Float64Array(m * d);
  const grouped = new Int32Array(m);
  for (let r = 0; r < m; r++) {
    const row = rows[r];
    const c = labels[row];
    const at = fill[c]++;
    grouped[at] = c;
    for (let t = 0; t < d; t++) x[at * d + t] = data[row * d + t];
  }
  const byClusterSum = new Float64Array(k);
  const byClusterCount = new Float64Array(k);
  const present = Array.from({ length: k }, (_, c) => starts[c + 1] - starts[c]).filter((s) => s > 0).length;
  if (present < 2) return { score: NaN, rows: m, sampled: m < n, byCluster: Array.from({ length: k }, () => NaN) };
  const sums = new Float64Array(m * k);
  pairwiseSumsFor(d)(x, m, grouped, starts, k, sums);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const li = grouped[i];
    const own = starts[li + 1] - starts[li];
    let s = 0;
    if (own > 1) {
      const a = sums[li * m + i] / (own - 1);
      let b = Infinity;
      for (let c = 0; c < k; c++) {
        const size = starts[c + 1] - starts[c];
        if (c === li || size === 0) continue;
        const mean = sums[c * m + i] / size;
        if (mean < b) b = mean;
      }
      const top = Math.max(a, b);
      s = top > 0 ? (b - a) / top : 0;
    }
    total += s;
    byClusterSum[li] += s;
    byClusterCount[li]++;
  }
  return {
    score: total / m,
    rows: m,
    sampled: m < n,
    byCluster: Array.from(byClusterSum, (s, c) => (byClusterCount[c] ? s / byClusterCount[c] : NaN)),
  };
}

/**
 * The silhouettes of several labelings of the same rows in one pass: a sweep's nine values of k share
 * one sample, so each pair's distance is computed once per pass instead of once per k.
 *
 * The numbers are `silhouette`'s bit for bit. That one groups the rows by cluster and visits each
 * pair once, which sums the distances from a row r to cluster c in this order: for c other than r's
 * own, over c's rows in sample order from 0; for r's own cluster, over the rows before r, then the
 * rows after r summed on their own and added. Here every row visits every other row in sample
 * order, accumulating into a slot per (labeling, cluster), and r's own slot restarts at r: the same
 * additions in the same order, for any labeling. Each row's values depend on no other row's, so the
 * rows can be shared out between threads in any ranges (silhouetteRowValues), and
 * silhouetteFromRowValues adds them up in `silhouette`'s order.
 */

/** The rows a silhouette is computed on (all of them up to `sampleSize`, else a seeded sample), with their values. */
export interface SilhouetteRows {
  /** Row indices into the full matrix, ascending. */
  rows: Int32Array;
  /** Their values, m × d row-major. */
  x: Float64Array;
  m: number;
  d: number;
  /** Rows in the full matrix. */
  n: number;
}

export function silhouetteRows(data: Float64Array, n: number, d: number, options: SilhouetteOptions = {}): SilhouetteRows {
  const { sampleSize = DEFAULT_SILHOUETTE_SAMPLE, seed = 0 } = options;
  const rows = sampleRows(n, sampleSize, seed);
  const m = rows.length;
  const x = new Float64Array(m * d);
  for (let r = 0; r < m; r++) x.set(data.subarray(rows[r] * d, rows[r] * d + d), r * d);
  return { rows, x, m, d, n };
}

/** One labeling of the silhouette's rows: labels (0..k-1) of rows 0..m-1 of SilhouetteRows. */
export interface SampleLabeling {
  labels: Int32Array;
  k: number;
}

/** Each labeling's slot offset, and every row's slot per labeling (row-major m × L). */
function slotsOf(labelings: readonly SampleLabeling[], m: number): { slots: Int32Array; total: number } {
  const L = labelings.length;
  const slots = new Int32Array(m * L);
  let total = 0;
  labelings.forEach(({ labels, k }, l) => {
    if (labels.length !== m) throw new Error(`a labeling of ${labels.length} rows for a silhouette of ${m}`);
    for (let r = 0; r < m; r++) slots[r * L + l] = total + labels[r];
    total += k;
  });
  return { slots, total };
}

/** Rows per cluster of each labeling (the sizes silhouette divides by). */
function sampleSizes(labelings: readonly SampleLabeling[]): Float64Array[] {
  return labelings.map(({ labels, k }) => {
    const sizes = new Float64Array(k);
    for (const c of labels) sizes[c]++;
    return sizes;
  });
}

type RowSums = (x: Float64Array, m: number, r: number, slots: Int32Array, acc: Float64Array, own: Float64Array) => void;

/**
 * Row r's sums of distances into acc[slot] for every labeling's every cluster, and in own[l] the sum
 * over the rows before r in r's cluster under labeling l (acc then holds the rows after r there).
 */
function genericRowSums(d: number, L: number): RowSums {
  const dist = (x: Float64Array, a: number, b: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = x[a + t] - x[b + t];
      s += diff * diff;
    }
    return Math.sqrt(s);
  };
  return (x, m, r, slots, acc, own) => {
    acc.fill(0);
    const or = r * d;
    for (let j = 0; j < r; j++) {
      const v = dist(x, or, j * d);
      for (let l = 0; l < L; l++) acc[slots[j * L + l]] += v;
    }
    for (let l = 0; l < L; l++) {
      const slot = slots[r * L + l];
      own[l] = acc[slot];
      acc[slot] = 0;
    }
    for (let j = r + 1; j < m; j++) {
      const v = dist(x, or, j * d);
      for (let l = 0; l < L; l++) acc[slots[j * L + l]] += v;
    }
  };
}

const compiledRowSums = new Map<string, RowSums | null>();

/** The same loops unrolled for d features and L labelings (generic fallback where `new Function` is not allowed). */
function rowSumsFor(d: number, L: number): RowSums {
  if (d > 32 || L > 32) return genericRowSums(d, L);
  const compile = () => {
    const ts = Array.from({ length: d }, (_, t) => t);
    const ls = Array.from({ length: L }, (_, l) => l);
    const pass = (from: string, to: string) => `
      for (let j = ${from}, oj = j * ${d}, q = j * ${L}; j < ${to}; j++, oj += ${d}, q += ${L}) {
        let s = 0, df = 0;
        ${ts.map((t) => `df = x${t} - x[oj + ${t}]; s += df * df;`).join(" ")}
        const v = Math.sqrt(s);
        ${ls.map((l) => `acc[slots[q + ${l}]] += v;`).join(" ")}
      }`;
    const body = `
      acc.fill(0);
      const or = r * ${d};
      ${ts.map((t) => `const x${t} = x[or + ${t}];`).join(" ")}
      ${pass("0", "r")}
      for (let l = 0; l < ${L}; l++) {
        const slot = slots[r * ${L} + l];
        own[l] = acc[slot];
        acc[slot] = 0;
      }
      ${pass("r + 1", "m")}`;
    return compileFunction<RowSums>(["x", "m", "r", "slots", "acc", "own"], body);
  };
  return compiledOnce(compiledRowSums, `${d}×${L}`, compile) ?? genericRowSums(d, L);
}

/**
 * The silhouette values of rows [from, to) of the silhouette's rows under each labeling:
 * out[(r − from) × L + l] for labeling l. A row alone in its cluster scores 0 (as in `silhouette`).
 */
export function silhouetteRowValues(rows: Pick<SilhouetteRows, "x" | "m" | "d">, labelings: readonly SampleLabeling[], from = 0, to = rows.m): Float64Array {
  const { x, m, d } = rows;
  const L = labelings.length;
  if (!(0 <= from && from <= to && to <= m)) throw new Error(`rows ${from}..${to} of a silhouette of ${m}`);
  const { slots, total } = slotsOf(labelings, m);
  const sizes = sampleSizes(labelings);
  const offsets = labelings.map((_, l) => labelings.slice(0, l).reduce((s, g) => s + g.k, 0));
  const acc = new Float64Array(total);
  const own = new Float64Array(L);
  const out = new Float64Array((to - from) * L);
  const sums = rowSumsFor(d, L);
  for (let r = from; r < to; r++) {
    sums(x, m, r, slots, acc, own);
    for (let l = 0; l < L; l++) {
      const { k } = labelings[l];
      const base = offsets[l];
      const li = slots[r * L + l] - base;
      const size = sizes[l];
      let s = 0;
      if (size[li] > 1) {
        const a = (own[l] + acc[base + li]) / (size[li] - 1);
        let b = Infinity;
        for (let c = 0; c < k; c++) {
          if (c === li || size[c] === 0) continue;
          const mean = acc[base + c] / size[c];
          if (mean < b) b = mean;
        }
        const top = Math.max(a, b);
        s = top > 0 ? (b - a) / top : 0;
      }
      out[(r - from) * L + l] = s;
    }
  }
  return out;
}

/**
 * A labeling's silhouette from its rows' values (`values[r]` for row r of the silhouette's rows),
 * added up in `silhouette`'s order (cluster by cluster, rows in sample order).
 */
export function silhouetteFromRowValues(values: ArrayLike<number>, labeling: SampleLabeling, n: number): Silhouette {
  const { labels, k } = labeling;
  const m = labels.length;
  const byClusterSum = new Float64Array(k);
  const byClusterCount = new Float64Array(k);
  for (let r = 0; r < m; r++) byClusterCount[labels[r]]++;
  let present = 0;
  for (const c of byClusterCount) if (c > 0) present++;
  if (present < 2) return { score: NaN, rows: m, sampled: m < n, byCluster: Array.from({ length: k }, () => NaN) };
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let r = 0; r < m; r++) members[labels[r]].push(r);
  let total = 0;
  for (let c = 0; c < k; c++) {
    for (const r of members[c]) {
      total += values[r];
      byClusterSum[c] += values[r];
    }
  }
  return {
    score: total / m,
    rows: m,
    sampled: m < n,
    byCluster: Array.from(byClusterSum, (s, c) => (byClusterCount[c] ? s / byClusterCount[c] : NaN)),
  };
}

/** The labels of the silhouette's rows, from labels of every row. */
export function sampleLabels(rows: Pick<SilhouetteRows, "rows">, labels: ArrayLike<number>, k: number): SampleLabeling {
  return { labels: Int32Array.from(rows.rows, (i) => labels[i]), k };
}

/** Each labeling's silhouette, on one shared sample, in this thread: `silhouette` for each, bit for bit, in one pass. */
export function silhouettes(data: Float64Array, n: number, d: number, labelings: readonly { labels: ArrayLike<number>; k: number }[], options: SilhouetteOptions = {}): Silhouette[] {
  const rows = silhouetteRows(data, n, d, options);
  const sample = labelings.map(({ labels, k }) => sampleLabels(rows, labels, k));
  const values = silhouetteRowValues(rows, sample);
  const L = sample.length;
  return sample.map((labeling, l) => silhouetteFromRowValues(Array.from({ length: rows.m }, (_, r) => values[r * L + l]), labeling, n));
}

/** Adjusted Rand index of two labelings of the same rows (labels are small non-negative integers). */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`labelings differ in length: ${n} and ${b.length}`);
  let ka = 0;
  let kb = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] + 1 > ka) ka = a[i] + 1;
    if (b[i] + 1 > kb) kb = b[i] + 1;
  }
  const table = new Float64Array(ka * kb);
  const rowSums = new Float64Array(ka);
  const colSums = new Float64Array(kb);
  for (let i = 0; i < n; i++) {
    table[a[i] * kb + b[i]]++;
    rowSums[a[i]]++;
    colSums[b[i]]++;
  }
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const x of table) index += pairs(x);
  let sumA = 0;
  let sumB = 0;
  for (const x of rowSums) sumA += pairs(x);
  for (const x of colSums) sumB += pairs(x);
  const expected = n > 1 ? (sumA * sumB) / pairs(n) : 0;
  const max = (sumA + sumB) / 2;
  // Both labelings trivial in the same way (one cluster each, or all singletons): identical partitions.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

export interface ClusterMetrics {
  /** Within-cluster sum of squares about the cluster means. */
  within: number;
  silhouette: number;
  silhouetteRows: number;
  silhouetteSampled: boolean;
  silhouetteByCluster: number[];
  calinskiHarabasz: number;
  daviesBouldin: number;
}

/** All the measures at once (the sums of squares are shared). */
export function evaluate(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number, options: SilhouetteOptions = {}): ClusterMetrics {
  const ss = sumsOfSquares(data, n, d, labels, k);
  const sil = silhouette(data, n, d, labels, k, options);
  return {
    within: ss.within,
    silhouette: sil.score,
    silhouetteRows: sil.rows,
    silhouetteSampled: sil.sampled,
    silhouetteByCluster: sil.byCluster,
    calinskiHarabasz: calinskiHarabasz(data, n, d, labels, k, ss),
    daviesBouldin: daviesBouldin(data, n, d, labels, k),
  };
}
