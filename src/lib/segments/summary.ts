/**
 * Segment summaries: what each cluster is worth (customers, revenue, their shares) and what it
 * looks like (median recency, frequency, monetary, average order value), from feature columns
 * and cluster labels. The same function feeds the workbench page and the published report.
 */
import { sortedAt } from "../stats/orderStatistics.js";

export interface FeatureColumns {
  customer_id: ArrayLike<string>;
  recency_days: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  tenure_days?: ArrayLike<number>;
}

export interface SegmentSummary {
  segment: number;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
  revenuePerCustomer: number;
  avgOrderValue: number;
  medianRecencyDays: number;
  medianFrequency: number;
  medianMonetary: number;
  medianTenureDays: number | null;
}

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  if (n % 2) return sortedAt(values, [(n - 1) / 2])[0];
  const [a, b] = sortedAt(values, [n / 2 - 1, n / 2]);
  return (a + b) / 2;
}

/** Rounds for presentation and stable JSON (no 0.30000000000000004 in published files). */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function summariseSegments(columns: FeatureColumns, labels: ArrayLike<number>, k: number): SegmentSummary[] {
  const n = labels.length;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]].push(i);
  let totalRevenue = 0;
  for (let i = 0; i < n; i++) totalRevenue += columns.monetary[i];
  return members.map((rows, segment) => {
    const pluck = (column: ArrayLike<number>) => rows.map((i) => Number(column[i]));
    const revenue = pluck(columns.monetary).reduce((s, x) => s + x, 0);
    const orders = pluck(columns.frequency).reduce((s, x) => s + x, 0);
    return {
      segment,
      customers: rows.length,
      customerShare: round(rows.length / n, 4),
      revenue: round(revenue),
      revenueShare: round(totalRevenue ? revenue / totalRevenue : 0, 4),
      revenuePerCustomer: round(rows.length ? revenue / rows.length : 0),
      avgOrderValue: round(orders ? revenue / orders : 0),
      medianRecencyDays: median(pluck(columns.recency_days)),
      medianFrequency: median(pluck(columns.frequency)),
      medianMonetary: round(median(pluck(columns.monetary))),
      medianTenureDays: columns.tenure_days ? median(pluck(columns.tenure_days)) : null,
    };
  });
}
