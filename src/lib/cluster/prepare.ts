/**
 * Turns feature columns into the matrix k-means sees, per feature: optional winsorizing (clip to
 * chosen percentiles, in original units), optional log1p (for skewed money and counts), then
 * scaling (z-score, robust median/IQR, min-max or none). The fitted parameters are kept in a
 * PreparedModel, so the same transform can be replayed exactly on new rows (`applyModel`) and
 * centroids mapped back to original units (`toOriginalUnits`).
 */
import type { Scaling } from "../config/config.js";
import { quantilesUnsorted, sortedAt } from "../stats/orderStatistics.js";

export interface FeatureTransform {
  name: string;
  /** Percentiles (0–100) the feature was winsorized at, or null. */
  winsorize: [number, number] | null;
  /** Values were clipped to [low, high] (original units, from those percentiles) first, or null. */
  clip: [number, number] | null;
  log: boolean;
  /** x' = (t(clip(x)) - center) / scale, where t is log1p (with sign) or identity. */
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

/** Winsorizing percentiles (0–100): one pair for every feature, or a pair per feature name. */
export type WinsorizeOption = readonly [number, number] | Readonly<Record<string, readonly [number, number]>>;

export interface PrepareOptions {
  log?: readonly string[];
  scaling: Scaling;
  winsorize?: WinsorizeOption;
}

/** log1p that keeps the sign, so net revenue below zero (returns) stays ordered. */
export function signedLog1p(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}

function signedExpm1(y: number): number {
  return Math.sign(y) * Math.expm1(Math.abs(y));
}

/** Linear-interpolation quantile (type 7, as numpy's default) of ascending values; p in [0, 1]. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
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
  if (scaling === "robust") {
    const [q1, q2, q3] = quantilesUnsorted(values, [0.25, 0.5, 0.75]);
    const iqr = q3 - q1;
    return { center: q2, scale: iqr > 0 ? iqr : 1 };
  }
  const [min, max] = sortedAt(values, [0, n - 1]);
  const range = max - min;
  return { center: min, scale: range > 0 ? range : 1 };
}

function winsorizeFor(option: WinsorizeOption | undefined, name: string): [number, number] | null {
  if (!option) return null;
  const pair = Array.isArray(option) ? (option as readonly [number, number]) : (option as Record<string, readonly [number, number]>)[name];
  if (!pair) return null;
  const [low, high] = pair;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low >= 0 && high <= 100 && low < high)) {
    throw new Error(`feature "${name}": winsorizing percentiles must satisfy 0 ≤ low < high ≤ 100, got ${low}, ${high}`);
  }
  return [low, high];
}

function column(columns: Record<string, ArrayLike<number>>, name: string, n: number | null): ArrayLike<number> {
  const values = columns[name];
  if (!values) throw new Error(`unknown feature "${name}"`);
  if (n !== null && values.length !== n) throw new Error(`feature "${name}" has ${values.length} values, expected ${n}`);
  return values;
}

/** The value after clipping and the log transform, before scaling; throws on a value that is not a finite number. */
function transformed(values: ArrayLike<number>, name: string, clip: [number, number] | null, log: boolean, out: Float64Array): void {
  for (let i = 0; i < out.length; i++) {
    // Number(null) is 0: a blank (a Parquet NULL read as null) must stop here, never count as zero.
    const raw = values[i] as number | null | undefined;
    let x = raw === null || raw === undefined ? NaN : Number(raw);
    if (!Number.isFinite(x)) throw new Error(`feature "${name}" row ${i + 1}: ${values[i]} is not a finite number`);
    if (clip) x = x < clip[0] ? clip[0] : x > clip[1] ? clip[1] : x;
    out[i] = log ? signedLog1p(x) : x;
  }
}

/**
 * Prepares columns (one array per feature, equal lengths; values must be finite) for clustering.
 * Throws naming the feature and row of the first value that is not a finite number.
 */
export function prepare(columns: Record<string, ArrayLike<number>>, features: readonly string[], options: PrepareOptions): PreparedMatrix {
  const d = features.length;
  if (d === 0) throw new Error("choose at least one feature to cluster on");
  const n = column(columns, features[0], null).length;
  const data = new Float64Array(n * d);
  const transforms: FeatureTransform[] = [];
  const logSet = new Set(options.log ?? []);
  const values = new Float64Array(n);
  features.forEach((name, j) => {
    const raw = column(columns, name, n);
    const log = logSet.has(name);
    const winsorize = winsorizeFor(options.winsorize, name);
    let clip: [number, number] | null = null;
    if (winsorize) {
      transformed(raw, name, null, false, values);
      const [low, high] = quantilesUnsorted(values, [winsorize[0] / 100, winsorize[1] / 100]);
      clip = [low, high];
    }
    transformed(raw, name, clip, log, values);
    const { center, scale } = fitScaling(values, options.scaling);
    for (let i = 0; i < n; i++) data[i * d + j] = (values[i] - center) / scale;
    transforms.push({ name, winsorize, clip, log, center, scale });
  });
  return { data, n, d, model: { scaling: options.scaling, features: transforms } };
}

/**
 * Replays a fitted model on (new) rows: the same clipping, log and scaling with the recorded
 * parameters, giving bit for bit the matrix `prepare` gave for the rows it was fitted on.
 * Columns are looked up by the model's feature names.
 */
export function applyModel(model: PreparedModel, columns: Record<string, ArrayLike<number>>): PreparedMatrix {
  const d = model.features.length;
  if (d === 0) throw new Error("the model has no features");
  const n = column(columns, model.features[0].name, null).length;
  const data = new Float64Array(n * d);
  const values = new Float64Array(n);
  model.features.forEach((f, j) => {
    transformed(column(columns, f.name, n), f.name, f.clip ?? null, f.log, values);
    for (let i = 0; i < n; i++) data[i * d + j] = (values[i] - f.center) / f.scale;
  });
  return { data, n, d, model };
}

/** Maps a point in prepared space back to original feature units (clipping cannot be undone). */
export function toOriginalUnits(model: PreparedModel, point: ArrayLike<number>): number[] {
  return model.features.map((f, j) => {
    const t = point[j] * f.scale + f.center;
    return f.log ? signedExpm1(t) : t;
  });
}
