/**
 * RFM scoring and the named RFM segments.
 *
 * Scores are computed in SQL (rfmScoreSql, rfmSegmentSql) as part of the one feature query, so the
 * loaders (native DuckDB) and the pages (DuckDB-WASM) score customers identically; the TS functions
 * here (rfmScores, rfmSegment) are the same rule written out in plain code, used to test the SQL and
 * to explain it. Summaries for the RFM page (rfmGrid, summariseRfm) are pure TS over feature columns.
 *
 * The score rule, for each of R, F and M over the n scored customers:
 *
 *   score = 1 + floor(5 × w / n), where w = the number of customers with a strictly worse value
 *
 * ("worse" = a longer recency, fewer orders, less net revenue). In SQL, w = RANK() − 1 over the
 * values ordered worst first. So a score is the quintile of the customer's percentile rank, and
 * customers with equal values always get equal scores, whatever their ids or the input order:
 * a tie lands in the quintile where its first member would. With n divisible by 5 and no ties,
 * each score holds exactly n / 5 customers (the same as NTILE(5)). With ties, a score can be larger
 * or empty: if 40% of customers have exactly one order, they all get F = 1 and nobody gets F = 2.
 * The worst value always scores 1; the best value scores 5 only if at least 80% of customers are
 * strictly worse than it.
 */
import type { RfmConfig, RfmRule } from "../config/config.js";
import { formatCount, formatDecimal, formatMoney, formatShare } from "../io/format.js";
import { median, round } from "../segments/summary.js";
import { dialect, type SqlDialect } from "../io/dialect.js";
import { quoteLiteral } from "../io/sql.js";

export type RfmMetric = "r" | "f" | "m";

/** Feature column each score ranks, and which direction is better. */
export const RFM_METRICS: Record<RfmMetric, { column: "recency_days" | "frequency" | "monetary"; higherIsBetter: boolean }> = {
  r: { column: "recency_days", higherIsBetter: false },
  f: { column: "frequency", higherIsBetter: true },
  m: { column: "monetary", higherIsBetter: true },
};

/** SQL for one score (1–5) over all rows of the query it appears in; the column must not be NULL. */
export function rfmScoreSql(metric: RfmMetric, column: string = RFM_METRICS[metric].column, dialectName: SqlDialect = "duckdb"): string {
  // Worst first: the longest recency, the fewest orders, the least revenue.
  const worstFirst = RFM_METRICS[metric].higherIsBetter ? "ASC" : "DESC";
  return `CAST(1 + ${dialect(dialectName).intDivide(`(5 * (rank() OVER (ORDER BY ${column} ${worstFirst}) - 1))`, "count(*) OVER ()")} AS INTEGER)`;
}

/** SQL CASE naming the segment from r_score, f_score and m_score columns: first matching rule wins. */
export function rfmSegmentSql(config: RfmConfig, scores: Record<RfmMetric, string> = { r: "r_score", f: "f_score", m: "m_score" }): string {
  const whens = config.segments.map(
    (rule) =>
      `WHEN ${(["r", "f", "m"] as const).map((k) => `${scores[k]} BETWEEN ${rule[k][0]} AND ${rule[k][1]}`).join(" AND ")} THEN ${quoteLiteral(rule.name)}`,
  );
  return `CASE ${whens.join(" ")} ELSE ${quoteLiteral(config.other)} END`;
}

/** The score rule in TS: 1 + floor(5 × (customers with a strictly worse value) / n). */
export function rfmScores(values: ArrayLike<number>, higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // Strictly worse: smaller when higher is better, larger otherwise.
    const worse = higherIsBetter ? lowerBound(sorted, v) : n - upperBound(sorted, v);
    out[i] = 1 + Math.floor((5 * worse) / n);
  }
  return out;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function matchesRule(rule: RfmRule, r: number, f: number, m: number): boolean {
  return r >= rule.r[0] && r <= rule.r[1] && f >= rule.f[0] && f <= rule.f[1] && m >= rule.m[0] && m <= rule.m[1];
}

/** The segment rule in TS: the first rule the scores match, else config.other. */
export function rfmSegment(config: RfmConfig, r: number, f: number, m: number): string {
  return config.segments.find((rule) => matchesRule(rule, r, f, m))?.name ?? config.other;
}

/** Named rules that no score triple can reach because earlier rules take all of their cells. */
export function unreachableRules(config: RfmConfig): string[] {
  const reached = new Set<string>();
  for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) reached.add(rfmSegment(config, r, f, m));
  return config.segments.map((s) => s.name).filter((name) => !reached.has(name));
}

/** Segment names in display order: the rules' order, then the catch-all. */
export function rfmSegmentNames(config: RfmConfig): string[] {
  return [...config.segments.map((s) => s.name), config.other];
}

export interface RfmGridCell {
  r: number;
  f: number;
  customers: number;
}

/** Customers in each of the 25 R × F cells (R 5 → 1 rows, F 1 → 5 columns), empty cells included. */
export function rfmGrid(rScores: ArrayLike<number>, fScores: ArrayLike<number>): RfmGridCell[] {
  const counts = new Int32Array(25);
  for (let i = 0; i < rScores.length; i++) counts[(Number(rScores[i]) - 1) * 5 + (Number(fScores[i]) - 1)]++;
  const cells: RfmGridCell[] = [];
  for (let r = 5; r >= 1; r--) for (let f = 1; f <= 5; f++) cells.push({ r, f, customers: counts[(r - 1) * 5 + (f - 1)] });
  return cells;
}

export interface RfmColumns {
  recency_days: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  rfm_segment: ArrayLike<string>;
}

export interface RfmSegmentSummary {
  name: string;
  /** The rule, or null for the catch-all segment. */
  rule: RfmRule | null;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
  /** Net revenue per order (revenue / orders), as on the segment report. */
  avgOrderValue: number;
  /** Medians of recency_days, frequency and monetary; null for an empty segment. */
  medianRecencyDays: number | null;
  medianFrequency: number | null;
  medianMonetary: number | null;
}

/** One row per configured segment (rule order, then the catch-all), empty segments included. */
export function summariseRfm(columns: RfmColumns, config: RfmConfig): RfmSegmentSummary[] {
  const names = rfmSegmentNames(config);
  const members = new Map(names.map((name) => [name, [] as number[]]));
  const n = columns.rfm_segment.length;
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) {
    const rows = members.get(columns.rfm_segment[i]);
    if (!rows) throw new Error(`customer row ${i} has segment "${columns.rfm_segment[i]}", which is not in the rfm config`);
    rows.push(i);
    totalRevenue += Number(columns.monetary[i]);
  }
  return names.map((name, s) => {
    const rows = members.get(name)!;
    const pluck = (column: ArrayLike<number>) => rows.map((i) => Number(column[i]));
    const revenue = pluck(columns.monetary).reduce((a, x) => a + x, 0);
    const orders = pluck(columns.frequency).reduce((a, x) => a + x, 0);
    const med = (column: ArrayLike<number>) => (rows.length ? median(pluck(column)) : null);
    return {
      name,
      rule: s < config.segments.length ? config.segments[s] : null,
      customers: rows.length,
      customerShare: round(n ? rows.length / n : 0, 4),
      revenue: round(revenue),
      revenueShare: round(totalRevenue ? revenue / totalRevenue : 0, 4),
      avgOrderValue: round(orders ? revenue / orders : 0),
      medianRecencyDays: med(columns.recency_days),
      medianFrequency: med(columns.frequency),
      medianMonetary: rows.length ? round(median(pluck(columns.monetary))) : null,
    };
  });
}

/** "4–5" (never broken across lines: word joiners around the dash) or "3" for a score range; "any" for 1–5. */
export function formatRange([lo, hi]: readonly [number, number]): string {
  if (lo === 1 && hi === 5) return "any";
  return lo === hi ? String(lo) : `${lo}\u2060–\u2060${hi}`;
}

export interface SummaryColumn {
  label: string;
  numeric?: boolean;
  value: (s: RfmSegmentSummary) => string;
}

/** Columns of the RFM segment table, as display text (a rule's ranges, then size, value and medians), money in `currency`. */
export function rfmSummaryColumns(currency: string | null): readonly SummaryColumn[] {
  const formatMoneyIn = (x: number) => formatMoney(x, currency);
  return [
    { label: "Segment", value: (s) => s.name },
    { label: "R", value: (s) => (s.rule ? formatRange(s.rule.r) : "none") },
    { label: "F", value: (s) => (s.rule ? formatRange(s.rule.f) : "") },
    { label: "M", value: (s) => (s.rule ? formatRange(s.rule.m) : "") },
    { label: "Customers", numeric: true, value: (s) => formatCount(s.customers) },
    { label: "Share of customers", numeric: true, value: (s) => formatShare(s.customerShare) },
    { label: "Revenue", numeric: true, value: (s) => formatMoneyIn(s.revenue) },
    { label: "Share of revenue", numeric: true, value: (s) => formatShare(s.revenueShare) },
    { label: "Avg order value", numeric: true, value: (s) => (s.customers ? formatMoneyIn(s.avgOrderValue) : "–") },
    { label: "Median recency (days)", numeric: true, value: (s) => (s.medianRecencyDays === null ? "–" : formatDecimal(s.medianRecencyDays)) },
    { label: "Median orders", numeric: true, value: (s) => (s.medianFrequency === null ? "–" : formatDecimal(s.medianFrequency)) },
    { label: "Median revenue", numeric: true, value: (s) => (s.medianMonetary === null ? "–" : formatMoneyIn(s.medianMonetary)) },
  ];
}

/** The RFM segment table's columns with no currency known. */
export const RFM_SUMMARY_COLUMNS: readonly SummaryColumn[] = rfmSummaryColumns(null);
