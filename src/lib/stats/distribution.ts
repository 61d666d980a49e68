/**
 * A feature's distribution for the data page: summary statistics and a histogram, with bins of equal
 * width either in the values themselves or on a log scale. The log scale is Plot's symlog (sign(x) ·
 * log1p(|x|)), so zeros and negative values (returns) have a place on it; its bins are equal width
 * in log1p space and drawn on a symlog axis they look equal too.
 */
import { quantile } from "../cluster/prepare.js";

export interface Bin {
  x0: number;
  x1: number;
  count: number;
}

export interface Summary {
  /** Rows with a finite value, and rows without one (NULL, NaN). */
  count: number;
  missing: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
  mean: number;
  /** Rows at zero: many features (returns, one-order customers) pile up there. */
  zeros: number;
}

const symlog = (x: number) => Math.sign(x) * Math.log1p(Math.abs(x));
const symexp = (y: number) => Math.sign(y) * Math.expm1(Math.abs(y));

/**
 * The finite values in ascending order. Sorting is the costly step: pages sort each column once and
 * pass the result to `summarise` and `histogram` (with `sorted: true`) as bins or scale change.
 */
export function finiteSorted(values: ArrayLike<number>): Float64Array {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m++;
  const out = new Float64Array(m);
  let t = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out[t++] = values[i];
  return out.sort();
}

export function summarise(values: ArrayLike<number>, options: { sorted?: Float64Array } = {}): Summary {
  const sorted = options.sorted ?? finiteSorted(values);
  const m = sorted.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += sorted[i];
    if (sorted[i] === 0) zeros++;
  }
  return {
    count: m,
    missing: values.length - m,
    min: m ? sorted[0] : NaN,
    p25: quantile(sorted, 0.25),
    median: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    max: m ? sorted[m - 1] : NaN,
    mean: m ? sum / m : NaN,
    zeros,
  };
}

/**
 * `bins` bins of equal width from the smallest to the largest finite value (on the log scale: equal
 * width in sign(x)·log1p(|x|)). Whole-number columns with few distinct values get one bin per value
 * on the linear scale, so counts like orders are not split across bins. Every finite value falls in
 * exactly one bin (the last bin includes its upper edge). An empty or constant column gives one bin.
 */
export function histogram(values: ArrayLike<number>, options: { bins?: number; log?: boolean; sorted?: boolean } = {}): Bin[] {
  const bins = Math.max(1, Math.floor(options.bins ?? 30));
  const sorted = options.sorted ? values : finiteSorted(values);
  if (sorted.length === 0) return [];
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (lo === hi) return [{ x0: lo - 0.5, x1: hi + 0.5, count: sorted.length }];
  let integers = true;
  for (let i = 0; i < sorted.length && integers; i++) integers = Number.isInteger(sorted[i]);
  if (!options.log && integers && hi - lo + 1 <= bins) {
    const out: Bin[] = Array.from({ length: hi - lo + 1 }, (_, i) => ({ x0: lo + i - 0.5, x1: lo + i + 0.5, count: 0 }));
    for (let i = 0; i < sorted.length; i++) out[sorted[i] - lo].count++;
    return out;
  }
  const f = options.log ? symlog : (x: number) => x;
  const g = options.log ? symexp : (y: number) => y;
  const a = f(lo);
  const b = f(hi);
  const width = (b - a) / bins;
  const out: Bin[] = Array.from({ length: bins }, (_, i) => ({ x0: g(a + i * width), x1: g(i === bins - 1 ? b : a + (i + 1) * width), count: 0 }));
  out[0].x0 = lo;
  out[bins - 1].x1 = hi;
  for (let t = 0; t < sorted.length; t++) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor((f(sorted[t]) - a) / width)));
    out[i].count++;
  }
  return out;
}

/**
 * Where `x` stands among the finite values: the share with a lower value, ties counting half (so the
 * median customer is at 50%). Null when `x` is not finite or there is no finite value.
 */
export function percentileRank(values: ArrayLike<number>, x: number): number | null {
  if (!Number.isFinite(x)) return null;
  let below = 0;
  let equal = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    count++;
    if (v < x) below++;
    else if (v === x) equal++;
  }
  return count ? (below + equal / 2) / count : null;
}
