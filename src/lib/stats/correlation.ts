/**
 * Correlations between feature columns: Pearson (linear) or Spearman (Pearson on ranks, for
 * monotonic relations in skewed features like revenue). Values that are not finite numbers (NULL
 * read as NaN) are left out pairwise: each pair uses the rows where both values are finite.
 */

export type CorrelationMethod = "pearson" | "spearman";

/** Pearson's r of the rows where both are finite; null with fewer than 2 such rows or a constant column. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new Error(`columns differ in length: ${x.length} and ${y.length}`);
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    n++;
    mx += (a - mx) / n;
    my += (b - my) / n;
  }
  if (n < 2) return null;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i];
    const b = y[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/** Ranks 1..m of the finite values (ties get their average rank); NaN where the value is not finite. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) order.push(i);
  order.sort((a, b) => values[a] - values[b]);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let t = start; t < end; t++) out[order[t]] = rank;
    start = end;
  }
  return out;
}

/**
 * Spearman's ρ: Pearson's r of the ranks, ranked over the rows where both values are finite (so
 * each pair is ranked on the same rows, as pairwise deletion requires).
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length !== y.length) throw new Error(`columns differ in length: ${x.length} and ${y.length}`);
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) keep.push(i);
  if (keep.length === x.length) return pearson(ranks(x), ranks(y));
  return pearson(ranks(keep.map((i) => x[i])), ranks(keep.map((i) => y[i])));
}

export interface CorrelationMatrix {
  names: string[];
  method: CorrelationMethod;
  /** matrix[i][j]: correlation of names[i] and names[j]; null where undefined (constant column). */
  matrix: (number | null)[][];
}

/** Every pair of the named columns. Spearman ranks each column once when no value is missing. */
export function correlationMatrix(columns: Readonly<Record<string, ArrayLike<number>>>, names: readonly string[], method: CorrelationMethod = "pearson"): CorrelationMatrix {
  for (const name of names) if (!columns[name]) throw new Error(`unknown column "${name}"`);
  const complete = (name: string) => {
    const v = columns[name];
    for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
    return true;
  };
  const ranked = new Map<string, Float64Array>();
  if (method === "spearman") for (const name of names) if (complete(name)) ranked.set(name, ranks(columns[name]));
  const pair = (a: string, b: string) => {
    if (method === "pearson") return pearson(columns[a], columns[b]);
    const ra = ranked.get(a);
    const rb = ranked.get(b);
    return ra && rb ? pearson(ra, rb) : spearman(columns[a], columns[b]);
  };
  const matrix = names.map(() => names.map((): number | null => null));
  names.forEach((a, i) => {
    for (let j = i; j < names.length; j++) {
      const r = i === j ? (pair(a, a) === null ? null : 1) : pair(a, names[j]);
      matrix[i][j] = r;
      matrix[j][i] = r;
    }
  });
  return { names: [...names], method, matrix };
}

/** The matrix as records (one per pair), for a heatmap and CSV. */
export function correlationCells(m: CorrelationMatrix): { x: string; y: string; r: number | null }[] {
  return m.names.flatMap((y, i) => m.names.map((x, j) => ({ x, y, r: m.matrix[i][j] })));
}

/** The strongest correlations between different columns, by |r|, strongest first. */
export function strongestPairs(m: CorrelationMatrix, count = 5): { a: string; b: string; r: number }[] {
  const pairs: { a: string; b: string; r: number }[] = [];
  m.names.forEach((a, i) => {
    for (let j = i + 1; j < m.names.length; j++) {
      const r = m.matrix[i][j];
      if (r !== null) pairs.push({ a, b: m.names[j], r });
    }
  });
  return pairs.sort((p, q) => Math.abs(q.r) - Math.abs(p.r) || p.a.localeCompare(q.a) || p.b.localeCompare(q.b)).slice(0, count);
}
