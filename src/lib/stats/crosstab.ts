/**
 * Comparing two segmentations of the same customers: the cross-tabulation (how many customers of
 * each segment of A fall in each segment of B) and the adjusted Rand index (1: the same partition,
 * about 0: no more agreement than chance). Works on k-means labels and on named segments (RFM).
 */
import { op, table } from "arquero";
import { adjustedRandIndex } from "../cluster/metrics.js";

export interface Labeling {
  /** Segment of each customer, 0..names.length − 1. */
  codes: Int32Array;
  /** Segment names by code. */
  names: string[];
}

/**
 * Named segments as codes. Names listed in `order` come first in that order (those with no customer
 * are dropped unless `keepEmpty`), then any other names in order of first appearance.
 */
export function encodeLabels(values: ArrayLike<string>, order: readonly string[] = [], options: { keepEmpty?: boolean } = {}): Labeling {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) seen.add(String(values[i]));
  const names = [...new Set(order)].filter((name) => options.keepEmpty || seen.has(name));
  for (const name of seen) if (!names.includes(name)) names.push(name);
  const index = new Map(names.map((name, i) => [name, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = index.get(String(values[i]))!;
  return { codes, names };
}

export interface CrossTab {
  rows: string[];
  columns: string[];
  /** counts[i][j]: customers in segment i of A and segment j of B. */
  counts: number[][];
  rowTotals: number[];
  columnTotals: number[];
  n: number;
}

/** Throws, naming the first row, when a code has no name (a labeling from another table, say). */
function checkCodes(a: Labeling, b: Labeling): void {
  for (let i = 0; i < a.codes.length; i++) {
    const r = a.codes[i];
    const c = b.codes[i];
    if (!(r >= 0 && r < a.names.length)) throw new Error(`row ${i + 1}: segment ${r} of A has no name`);
    if (!(c >= 0 && c < b.names.length)) throw new Error(`row ${i + 1}: segment ${c} of B has no name`);
  }
}

/** Customers per pair of segments: arquero's count by (A, B), laid out as a matrix with its totals. */
export function crossTab(a: Labeling, b: Labeling): CrossTab {
  const n = a.codes.length;
  if (b.codes.length !== n) throw new Error(`the segmentations cover different customers: ${n} and ${b.codes.length}`);
  checkCodes(a, b);
  const counts = a.names.map(() => b.names.map(() => 0));
  if (n) {
    const pairs = table({ a: a.codes, b: b.codes }).groupby("a", "b").count().objects() as { a: number; b: number; count: number }[];
    for (const p of pairs) counts[p.a][p.b] = p.count;
  }
  const rowTotals = counts.map((row) => row.reduce((s, x) => s + x, 0));
  const columnTotals = b.names.map((_, j) => counts.reduce((s, row) => s + row[j], 0));
  return { rows: [...a.names], columns: [...b.names], counts, rowTotals, columnTotals, n };
}

export interface CrossTabCell {
  a: string;
  b: string;
  customers: number;
  /** Share of A's segment (row) and of B's segment (column) these customers are; 0 for an empty segment. */
  shareOfA: number;
  shareOfB: number;
  shareOfAll: number;
}

/** One record per pair of segments, rows in A's order then B's, for charts and CSV. */
export function crossTabCells(table: CrossTab): CrossTabCell[] {
  return table.rows.flatMap((a, i) =>
    table.columns.map((b, j) => {
      const customers = table.counts[i][j];
      return {
        a,
        b,
        customers,
        shareOfA: table.rowTotals[i] ? customers / table.rowTotals[i] : 0,
        shareOfB: table.columnTotals[j] ? customers / table.columnTotals[j] : 0,
        shareOfAll: table.n ? customers / table.n : 0,
      };
    }),
  );
}

export interface Agreement {
  ari: number;
  /** Customers in the same segment of B as most of their A segment (a matching-free overlap measure). */
  purity: number;
}

/** The adjusted Rand index and purity of B with respect to A. */
export function agreement(a: Labeling, b: Labeling, table: CrossTab = crossTab(a, b)): Agreement {
  let best = 0;
  for (const row of table.counts) best += row.length ? Math.max(...row) : 0;
  return { ari: adjustedRandIndex(a.codes, b.codes), purity: table.n ? best / table.n : 1 };
}

/** For each segment of A, the segment of B most of its customers are in, and that share. */
export function bestMatches(table: CrossTab): { a: string; b: string; share: number }[] {
  return table.rows.map((a, i) => {
    const row = table.counts[i];
    let j = 0;
    for (let c = 1; c < row.length; c++) if (row[c] > row[j]) j = c;
    return { a, b: table.columns[j] ?? "", share: table.rowTotals[i] ? row[j] / table.rowTotals[i] : 0 };
  });
}

export interface LabelingSize {
  name: string;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

/**
 * Customers and revenue (the sum of `revenue`, e.g. monetary) per segment of a labeling: arquero's
 * rollup by segment. A revenue that is not a finite number stops it (a sum would skip or spread it).
 */
export function labelingSizes(labeling: Labeling, revenue: ArrayLike<number>): LabelingSize[] {
  const n = labeling.codes.length;
  if (revenue.length !== n) throw new Error(`${n} labels but ${revenue.length} revenue values`);
  for (let i = 0; i < n; i++) if (!Number.isFinite(revenue[i])) throw new Error(`row ${i + 1}: revenue ${revenue[i]} is not a number`);
  const customers = labeling.names.map(() => 0);
  const sums = labeling.names.map(() => 0);
  let total = 0;
  if (n) {
    const rows = table({ c: labeling.codes, r: revenue }).groupby("c").rollup({ customers: op.count(), revenue: op.sum("r") }).objects() as { c: number; customers: number; revenue: number }[];
    for (const row of rows) {
      customers[row.c] = row.customers;
      sums[row.c] = row.revenue;
    }
    total = (table({ r: revenue }).rollup({ total: op.sum("r") }).object() as { total: number }).total;
  }
  return labeling.names.map((name, c) => ({
    name,
    customers: customers[c],
    customerShare: n ? customers[c] / n : 0,
    revenue: Math.round(sums[c] * 100) / 100,
    revenueShare: total ? sums[c] / total : 0,
  }));
}
