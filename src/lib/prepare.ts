/**
 * Turns feature columns into the matrix k-means sees: optional log1p per feature, then scaling.
 * The fitted parameters are kept in a PreparedModel so the same transform can be replayed
 * (new customers, centroids back to original units).
 */
import type { Scaling } from "./config.js";

export interface FeatureTransform {
  name: string;
  log: boolean;
  /** x' = (t(x) - center) / scale, where t is log1p (with sign) or identity. */
  center: number;
  scale: number;
}

export interface PreparedModel {
  scaling: Scaling;
  features: FeatureTransform[];
}

export interface PreparedMatrix {
  /** Row-major n × d. */
  data: Float64Array;
  n: number;
  d: number;
  model: PreparedModel;
}

/** log1p that keeps the sign, so net revenue below zero (returns) stays ordered. */
export function signedLog1p(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

function signedExpm1(y: number): number {
  return Math.sign(y) * Math.expm1(Math.abs(y));
}

function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

function fitScaling(values: Float64Array, scaling: Scaling): { center: number; scale: number } {
  const n = values.length;
  if (scaling === "none" || n === 0) return { center: 0, scale: 1 };
  if (scaling === "zscore") {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
    const sd = Math.sqrt(ss / n);
    return { center: mean, scale: sd > 0 ? sd : 1 };
  }
  const sorted = Float64Array.from(values).sort();
  if (scaling === "robust") {
    const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    return { center: quantile(sorted, 0.5), scale: iqr > 0 ? iqr : 1 };
  }
  const range = sorted[n - 1] - sorted[0];
  return { center: sorted[0], scale: range > 0 ? range : 1 };
}

/**
 * Prepares columns (one array per feature, equal lengths; values must be finite) for clustering.
 * Throws naming the feature and row of the first value that is not a finite number.
 */
export function prepare(
  columns: Record<string, ArrayLike<number>>,
  features: readonly string[],
  options: { log?: readonly string[]; scaling: Scaling },
): PreparedMatrix {
  const d = features.length;
  if (d === 0) throw new Error("choose at least one feature to cluster on");
  const n = columns[features[0]]?.length ?? 0;
  const data = new Float64Array(n * d);
  const transforms: FeatureTransform[] = [];
  const logSet = new Set(options.log ?? []);
  features.forEach((name, j) => {
    const column = columns[name];
    if (!column) throw new Error(`unknown feature "${name}"`);
    if (column.length !== n) throw new Error(`feature "${name}" has ${column.length} values, expected ${n}`);
    const log = logSet.has(name);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = Number(column[i]);
      if (!Number.isFinite(x)) throw new Error(`feature "${name}" row ${i + 1}: ${column[i]} is not a finite number`);
      values[i] = log ? signedLog1p(x) : x;
    }
    const { center, scale } = fitScaling(values, options.scaling);
    for (let i = 0; i < n; i++) data[i * d + j] = (values[i] - center) / scale;
    transforms.push({ name, log, center, scale });
  });
  return { data, n, d, model: { scaling: options.scaling, features: transforms } };
}

/** Maps a point in prepared space back to original feature units. */
export function toOriginalUnits(model: PreparedModel, point: ArrayLike<number>): number[] {
  return model.features.map((f, j) => {
    const t = point[j] * f.scale + f.center;
    return f.log ? signedExpm1(t) : t;
  });
}
