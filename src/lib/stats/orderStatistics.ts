/**
 * Order statistics without sorting: the values a sorted copy (`Float64Array.from(values).sort()`)
 * would hold at given positions, found by selection (Hoare's FIND with a median-of-three pivot:
 * O(n) on average instead of the sort's O(n log n)). Medians and quantiles of a million customers'
 * features per segment are computed this way on the page's worker, where sorting dominated the job.
 * NaNs go last, as the typed-array sort puts them, so a position among them gives NaN.
 */

/** The values at `positions` (any order, each in 0 … n − 1) of the ascending order of `values`. */
export function sortedAt(values: ArrayLike<number>, positions: readonly number[]): number[] {
  const n = values.length;
  const a = new Float64Array(n);
  // Numbers first, NaNs after them (their count fixes where the numbers end).
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = +values[i];
    if (x === x) a[m++] = x;
  }
  const order = positions.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(positions.length);
  // After position p is placed, everything after it is ≥ it: the next (larger) position is found there.
  let from = 0;
  for (const { p, i } of order) {
    if (!(p >= 0 && p < n && Number.isInteger(p))) throw new Error(`sortedAt: position ${p} is not one of 0 … ${n - 1}`);
    if (p >= m) {
      out[i] = NaN;
      continue;
    }
    out[i] = select(a, from, m - 1, p);
    from = p;
  }
  return out;
}

/** Linear-interpolation (type 7) quantiles, equal to prepare.ts's quantile() over a sorted copy. */
export function quantilesUnsorted(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const n = values.length;
  if (n === 0) return ps.map(() => NaN);
  const at = ps.map((p) => (n - 1) * p);
  const needed = [...new Set(at.flatMap((i) => [Math.floor(i), Math.ceil(i)]))];
  const found = sortedAt(values, needed);
  const value = new Map(needed.map((p, j) => [p, found[j]]));
  return at.map((i) => {
    const lo = value.get(Math.floor(i))!;
    const hi = value.get(Math.ceil(i))!;
    return lo + (hi - lo) * (i - Math.floor(i));
  });
}

/** Places the k-th smallest of a[lo … hi] (no NaNs) at a[k] and returns it. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo], y = a[mid], z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // a[lo … j] ≤ pivot ≤ a[i … hi], and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
