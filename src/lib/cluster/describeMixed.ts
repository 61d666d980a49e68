/**
 * Describing a mixed-type clustering: per cluster its size and share, its prototype in original
 * units; each numeric feature's mean against the overall mean with the standardized difference
 * (as `describe.ts` does for k-means); each categorical feature's share per category in the
 * cluster against everyone, with its mode and the mode's share. Per feature: for numeric ones the
 * variance the clusters explain and the F statistic, for categorical ones Cramér's V between the
 * feature and the clusters (0: the clusters have the same category mix, 1: each category lies in
 * one cluster).
 */
import { describeClusters, type FeatureProfile, type FeatureStatistic } from "./describe.js";
import type { MixedMatrix, MixedModel } from "./mixed.js";
import { prototypesInOriginalUnits } from "./mixed.js";

export interface CategoryShare {
  value: string;
  count: number;
  /** Share of the cluster. */
  share: number;
  /** Share of everyone. */
  overallShare: number;
  /** share / overallShare. */
  lift: number;
}

export interface CategoricalProfile {
  name: string;
  /** The cluster's most common category (ties: the first level) and its share of the cluster. */
  mode: string;
  modeShare: number;
  /** That category's share of everyone. */
  overallShare: number;
  /** Every category, most common in the cluster first (ties by level order). */
  categories: CategoryShare[];
}

export interface MixedClusterProfile {
  cluster: number;
  size: number;
  share: number;
  /** The prototype: numeric centre in original units and the modes k-prototypes kept. */
  prototype: { numeric: Record<string, number>; categorical: Record<string, string> };
  numeric: FeatureProfile[];
  categorical: CategoricalProfile[];
}

export interface CategoricalStatistic {
  name: string;
  /** Cramér's V of the feature × cluster table. */
  cramersV: number;
}

export interface MixedDescription {
  k: number;
  n: number;
  clusters: MixedClusterProfile[];
  numericFeatures: FeatureStatistic[];
  categoricalFeatures: CategoricalStatistic[];
  /** Between over total sum of squares of the numeric features (prepared space); NaN without any. */
  numericVarianceExplained: number;
}

/** Cramér's V of a k × m contingency table (row-major), over rows and columns that are not empty. */
export function cramersV(table: ArrayLike<number>, k: number, m: number): number {
  const rowSums = new Float64Array(k);
  const colSums = new Float64Array(m);
  let n = 0;
  for (let c = 0; c < k; c++) for (let v = 0; v < m; v++) (rowSums[c] += table[c * m + v]), (colSums[v] += table[c * m + v]), (n += table[c * m + v]);
  const rows = Array.from(rowSums).filter((s) => s > 0).length;
  const cols = Array.from(colSums).filter((s) => s > 0).length;
  const df = Math.min(rows, cols) - 1;
  if (n === 0 || df <= 0) return 0;
  let chi2 = 0;
  for (let c = 0; c < k; c++) {
    for (let v = 0; v < m; v++) {
      const expected = (rowSums[c] * colSums[v]) / n;
      if (expected > 0) chi2 += (table[c * m + v] - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (n * df));
}

/**
 * Describes a fitted mixed-type clustering. `numericColumns` are the original (blank-filled)
 * values of the numeric features for means in original units; without them the prototypes'
 * inverse transforms are used.
 */
export function describeMixed(
  matrix: MixedMatrix,
  model: MixedModel,
  labels: ArrayLike<number>,
  options: { numericColumns?: Record<string, ArrayLike<number>> } = {},
): MixedDescription {
  const { n, p, q, categorical, levels } = matrix;
  const k = model.centroids.length;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[labels[i]]++;
  const numeric = p
    ? describeClusters({ data: matrix.numeric, n, d: p, model: model.numeric }, labels, model.centroids, { columns: options.numericColumns })
    : null;
  const prototypes = prototypesInOriginalUnits(model);
  const counts = matrix.encodings.map((_, s) => {
    const table = new Float64Array(k * levels[s]);
    for (let i = 0; i < n; i++) {
      const code = categorical[i * q + s];
      if (code >= 0) table[labels[i] * levels[s] + code]++;
    }
    return table;
  });
  const overall = matrix.encodings.map((_, s) => {
    const totals = new Float64Array(levels[s]);
    for (let c = 0; c < k; c++) for (let v = 0; v < levels[s]; v++) totals[v] += counts[s][c * levels[s] + v];
    return totals;
  });
  const clusters = prototypes.map((prototype, c): MixedClusterProfile => ({
    cluster: c,
    size: sizes[c],
    share: n ? sizes[c] / n : 0,
    prototype,
    numeric: numeric ? numeric.clusters[c].features : [],
    categorical: matrix.encodings.map((encoding, s): CategoricalProfile => {
      const m = levels[s];
      const categories = encoding.levels
        .map((value, v): CategoryShare => {
          const count = counts[s][c * m + v];
          const share = sizes[c] ? count / sizes[c] : 0;
          const overallShare = n ? overall[s][v] / n : 0;
          return { value, count, share, overallShare, lift: overallShare > 0 ? share / overallShare : 0 };
        })
        .map((category, v) => ({ category, v }))
        .sort((a, b) => b.category.count - a.category.count || a.v - b.v)
        .map(({ category }) => category);
      const top = categories[0];
      return { name: encoding.name, mode: top?.value ?? "", modeShare: top?.share ?? 0, overallShare: top?.overallShare ?? 0, categories };
    }),
  }));
  return {
    k,
    n,
    clusters,
    numericFeatures: numeric ? numeric.features : [],
    categoricalFeatures: matrix.encodings.map((encoding, s) => ({ name: encoding.name, cramersV: cramersV(counts[s], k, levels[s]) })),
    numericVarianceExplained: numeric ? numeric.varianceExplained : NaN,
  };
}
