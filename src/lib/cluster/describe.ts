/**
 * Describing a clustering: each cluster's size and share, centroid in original units, each
 * feature's mean in the cluster against the overall mean, an automatic name from that profile;
 * per feature the share of variance the clusters explain and the one-way ANOVA F statistic; the
 * overall variance explained (between-cluster over total sum of squares); and stability, the
 * adjusted Rand index between the clustering and k-means runs from other seeds.
 *
 * Variance, F and the standardized differences are measured in the prepared space (after
 * winsorizing, log and scaling), the space k-means saw; means and centroids are in original units.
 */
import { featureLabel } from "./featureLabel.js";
import { kmeans } from "./kmeans.js";
import { adjustedRandIndex, sumsOfSquares } from "./metrics.js";
import { toOriginalUnits, type PreparedMatrix } from "./prepare.js";

export interface FeatureProfile {
  name: string;
  /** Mean of the feature's original values in the cluster, and over all rows. */
  mean: number;
  overallMean: number;
  /** mean − overallMean, and mean / overallMean (null when the overall mean is 0). */
  difference: number;
  ratio: number | null;
  /** (cluster mean − overall mean) / overall standard deviation, in prepared space. */
  standardized: number;
}

export interface ClusterProfile {
  cluster: number;
  size: number;
  share: number;
  /** The given name (config or playbook) or, without one, `profileName`. */
  name: string;
  /** A name from the profile: the one or two features that stand out most, e.g. "High monetary, low recency days". */
  profileName: string;
  /** Centroid in original units, by feature. */
  centroid: Record<string, number>;
  features: FeatureProfile[];
}

export interface FeatureStatistic {
  name: string;
  /** Between-cluster, within-cluster and total sum of squares (prepared space). */
  between: number;
  within: number;
  total: number;
  /** between / total. */
  varianceExplained: number;
  /** One-way ANOVA F: (between / (k − 1)) / (within / (n − k)); Infinity when within is 0. */
  F: number;
}

export interface ClusterDescription {
  k: number;
  n: number;
  /** Between-cluster over total sum of squares, all features (prepared space). */
  varianceExplained: number;
  clusters: ClusterProfile[];
  features: FeatureStatistic[];
}

export { featureLabel };

/** The one or two features that set a cluster apart (|standardized difference| ≥ 0.5), as a name. */
export function profileName(features: readonly Pick<FeatureProfile, "name" | "standardized">[]): string {
  const standouts = [...features]
    .filter((f) => Math.abs(f.standardized) >= 0.5)
    .sort((a, b) => Math.abs(b.standardized) - Math.abs(a.standardized) || a.name.localeCompare(b.name))
    .slice(0, 2)
    .map((f) => `${f.standardized > 0 ? "high" : "low"} ${featureLabel(f.name)}`);
  if (!standouts.length) return "Close to average";
  const text = standouts.join(", ");
  return text[0].toUpperCase() + text.slice(1);
}

export interface DescribeOptions {
  /** Names by cluster number (e.g. from the playbook or `segmentation.names`); missing ones get the profile name. */
  names?: readonly (string | undefined)[] | Readonly<Record<string, string>>;
  /** Original values by feature name, for means in original units; without them, the centroids' inverse transform is used. */
  columns?: Record<string, ArrayLike<number>>;
}

export function describeClusters(
  prepared: PreparedMatrix,
  labels: ArrayLike<number>,
  centroids: readonly ArrayLike<number>[],
  options: DescribeOptions = {},
): ClusterDescription {
  const { data, n, d, model } = prepared;
  const k = centroids.length;
  const ss = sumsOfSquares(data, n, d, labels, k);
  const m = Array.from(ss.sizes).filter((s) => s > 0).length;
  const names = model.features.map((f) => f.name);
  // Original-unit means per cluster and overall.
  const rawMeans = new Float64Array(k * d);
  const rawOverall = new Float64Array(d);
  names.forEach((name, t) => {
    const values = options.columns?.[name];
    if (values) {
      for (let i = 0; i < n; i++) {
        const x = Number(values[i]);
        rawMeans[labels[i] * d + t] += x;
        rawOverall[t] += x;
      }
      for (let c = 0; c < k; c++) rawMeans[c * d + t] = ss.sizes[c] ? rawMeans[c * d + t] / ss.sizes[c] : NaN;
      rawOverall[t] /= n;
    } else {
      for (let c = 0; c < k; c++) rawMeans[c * d + t] = toOriginalUnits(model, ss.means.subarray(c * d, c * d + d))[t];
      rawOverall[t] = toOriginalUnits(model, ss.overallMean)[t];
    }
  });
  const sd = Array.from(ss.totalByFeature, (tot) => Math.sqrt(tot / n));
  const given = (c: number): string | undefined => {
    const source = options.names;
    if (!source) return undefined;
    return Array.isArray(source) ? (source as (string | undefined)[])[c] : (source as Record<string, string>)[String(c)];
  };
  const clusters = centroids.map((centroid, c): ClusterProfile => {
    const features = names.map((name, t): FeatureProfile => {
      const mean = rawMeans[c * d + t];
      const overallMean = rawOverall[t];
      return {
        name,
        mean,
        overallMean,
        difference: mean - overallMean,
        ratio: overallMean !== 0 ? mean / overallMean : null,
        standardized: sd[t] > 0 && ss.sizes[c] ? (ss.means[c * d + t] - ss.overallMean[t]) / sd[t] : 0,
      };
    });
    const auto = profileName(features);
    const original = toOriginalUnits(model, centroid);
    return {
      cluster: c,
      size: ss.sizes[c],
      share: ss.sizes[c] / n,
      name: given(c) ?? auto,
      profileName: auto,
      centroid: Object.fromEntries(names.map((name, t) => [name, original[t]])),
      features,
    };
  });
  const features = names.map((name, t): FeatureStatistic => {
    const between = ss.betweenByFeature[t];
    const within = ss.withinByFeature[t];
    const total = ss.totalByFeature[t];
    const F = m > 1 && n > m ? (within > 0 ? between / (m - 1) / (within / (n - m)) : between > 0 ? Infinity : NaN) : NaN;
    return { name, between, within, total, varianceExplained: total > 0 ? between / total : 0, F };
  });
  return { k, n, varianceExplained: ss.total > 0 ? ss.between / ss.total : 0, clusters, features };
}

export interface Stability {
  /** Seeds of the comparison runs. */
  seeds: number[];
  /** Adjusted Rand index between the clustering and each run. */
  ari: number[];
  mean: number;
  min: number;
}

/** The seeds of the stability runs after `seed`: seed + 1 … seed + runs. */
export function stabilitySeeds(seed: number, runs: number): number[] {
  return Array.from({ length: runs }, (_, r) => seed + r + 1);
}

/** Stability from the labels of the runs from `seeds` (in that order), however they were computed. */
export function stabilityOf(labels: ArrayLike<number>, seeds: readonly number[], runs: readonly ArrayLike<number>[]): Stability {
  const ari = runs.map((other) => adjustedRandIndex(labels, other));
  return {
    seeds: [...seeds],
    ari,
    mean: ari.length ? ari.reduce((s, x) => s + x, 0) / ari.length : NaN,
    min: ari.length ? Math.min(...ari) : NaN,
  };
}

/**
 * Stability: runs k-means (one k-means++ start each) from seeds seed + 1 … seed + runs and compares
 * each partition with `labels` by the adjusted Rand index. Near 1: the same clusters come back
 * whatever the start; well below 1: the partition depends on the start. (The clustering jobs run
 * the same k-means on every core and call stabilityOf.)
 */
export function stability(
  data: Float64Array,
  n: number,
  d: number,
  labels: ArrayLike<number>,
  options: { k: number; seed: number; runs?: number; onRun?: (done: number, runs: number) => void },
): Stability {
  const { k, seed, runs = 3, onRun } = options;
  const seeds = stabilitySeeds(seed, runs);
  const others = seeds.map((s, r) => {
    const other = kmeans(data, n, d, { k, seed: s, nInit: 1 });
    onRun?.(r + 1, runs);
    return other.labels;
  });
  return stabilityOf(labels, seeds, others);
}
