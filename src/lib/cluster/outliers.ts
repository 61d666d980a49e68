/**
 * Extreme values in the clustered features, and what the preparation did with them, so a
 * segmentation says how many customers its winsorizing or log transform touched instead of
 * letting a handful of them form clusters of their own unnoticed.
 *
 * A value is extreme when it lies beyond Tukey's far-out fences of the feature's original values,
 * Q1 − 3 × IQR and Q3 + 3 × IQR (quartiles of the clustered customers, type-7 as prepare.ts). The
 * same fences are then taken of the values k-means saw (after winsorizing and the log, before the
 * scaling, which is linear and moves no value across a fence): an extreme customer back within
 * those is one the transforms brought in. Winsorizing's own count is the customers whose value it
 * clipped. With equal quartiles (IQR 0) there are no fences and nothing is counted as extreme.
 *
 * Small segments: a segment with fewer customers than `report.minSegmentSize` is flagged; it is
 * usually a few extreme customers, which a log transform or winsorizing would fold into others.
 */
import { formatCount, formatDecimal } from "../io/format.js";
import { featureLabel } from "./featureLabel.js";
import { quantilesUnsorted } from "../stats/orderStatistics.js";
import { signedLog1p, type PreparedModel } from "./prepare.js";

export const FENCE_IQRS = 3;

export interface FeatureOutliers {
  feature: string;
  /** Far-out fences of the original values, or null when the quartiles are equal. */
  fences: [number, number] | null;
  /** Customers beyond the fences. */
  extreme: number;
  /** Of those, customers within the fences of the transformed values (what k-means saw). */
  broughtIn: number;
  /** Customers still beyond the fences after the transforms. */
  remaining: number;
  /** Customers whose value winsorizing clipped (0 without winsorizing). */
  clipped: number;
  log: boolean;
  winsorize: [number, number] | null;
}

function fencesOf(values: Float64Array): [number, number] | null {
  const [q1, q3] = quantilesUnsorted(values, [0.25, 0.75]);
  const iqr = q3 - q1;
  if (!(iqr > 0)) return null;
  return [q1 - FENCE_IQRS * iqr, q3 + FENCE_IQRS * iqr];
}

const beyond = (x: number, f: [number, number]) => x < f[0] || x > f[1];

/** Per feature of the model: extreme customers and what the winsorizing and log did with them. */
export function featureOutliers(model: PreparedModel, columns: Readonly<Record<string, ArrayLike<number>>>): FeatureOutliers[] {
  return model.features.map((f) => {
    const raw = columns[f.name];
    if (!raw) throw new Error(`unknown feature "${f.name}"`);
    const n = raw.length;
    // Only read here: a number column is used as it is (a mapped copy of a million values costs 100 ms).
    const original = raw instanceof Float64Array ? raw : Float64Array.from(raw, Number);
    const seen = new Float64Array(n);
    let clipped = 0;
    for (let i = 0; i < n; i++) {
      let x = original[i];
      if (f.clip) {
        if (x < f.clip[0] || x > f.clip[1]) clipped++;
        x = x < f.clip[0] ? f.clip[0] : x > f.clip[1] ? f.clip[1] : x;
      }
      seen[i] = f.log ? signedLog1p(x) : x;
    }
    const fences = fencesOf(original);
    const after = fencesOf(seen);
    let extreme = 0;
    let remaining = 0;
    if (fences) {
      for (let i = 0; i < n; i++) {
        if (!beyond(original[i], fences)) continue;
        extreme++;
        if (after && beyond(seen[i], after)) remaining++;
      }
    }
    return { feature: f.name, fences, extreme, broughtIn: extreme - remaining, remaining, clipped, log: f.log, winsorize: f.winsorize };
  });
}

export interface SmallSegment {
  segment: number;
  customers: number;
}

/** Segments with fewer customers than `minSize`. */
export function smallSegments(sizes: readonly { segment: number; customers: number }[], minSize: number): SmallSegment[] {
  return sizes.filter((s) => s.customers < minSize).map((s) => ({ segment: s.segment, customers: s.customers }));
}

/**
 * One feature's outliers in words: "monetary: 219 customers beyond the far-out fences (−3,669 to
 * 5,594); the log transform brought 217 of them within the fences of the values k-means saw, 2
 * remain."
 */
export function describeOutliers(f: FeatureOutliers): string {
  const name = featureLabel(f.feature);
  if (!f.fences) return `${name}: quartiles equal, no fences (nothing counted as extreme).`;
  const range = `${formatDecimal(f.fences[0])} to ${formatDecimal(f.fences[1])}`;
  const clipped = f.winsorize ? ` Winsorizing at percentiles ${f.winsorize[0]} and ${f.winsorize[1]} clipped ${formatCount(f.clipped)} values.` : "";
  if (f.extreme === 0) return `${name}: no customer beyond the far-out fences (${range}).${clipped}`;
  const customers = `${formatCount(f.extreme)} customer${f.extreme === 1 ? "" : "s"}`;
  const how = f.log && f.winsorize ? "winsorizing and the log transform" : f.log ? "the log transform" : f.winsorize ? "winsorizing" : null;
  const after = how
    ? `; ${how} brought ${formatCount(f.broughtIn)} of them within the fences of the values k-means saw, ${formatCount(f.remaining)} remain`
    : "; no transform: they are clustered as they are";
  return `${name}: ${customers} beyond the far-out fences (${range})${after}.${clipped}`;
}
