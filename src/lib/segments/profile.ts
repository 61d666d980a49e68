/**
 * Segment profiles for the report: each segment's feature distributions against everyone's, the
 * make-up of its customers by the customers export's attributes (demographics, geography,
 * acquisition channel), and its top categories and products. Pure: arrays in, small JSON out,
 * rounded so the published files are stable.
 *
 * Attribute values held by fewer than `minCustomers` customers in the whole base are folded into
 * "Other", so a rare value (a small town, an odd free-text entry) cannot single anyone out.
 */
import { escape, from, op, table } from "arquero";
import { quantile } from "../cluster/prepare.js";

export interface Quantiles {
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  mean: number;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r; // never -0 in JSON
}

export function quantilesOf(values: ArrayLike<number>): Quantiles | null {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return null;
  let sum = 0;
  for (const x of sorted) sum += x;
  const q = (p: number) => round(quantile(sorted, p), 2);
  return { p10: q(0.1), p25: q(0.25), median: q(0.5), p75: q(0.75), p90: q(0.9), mean: round(sum / sorted.length, 2) };
}

export interface Bins {
  /** Bin edges, ascending; bin i is [edges[i], edges[i + 1]); values beyond the ends count in the end bins. */
  edges: number[];
  /** "log": edges evenly spaced in log1p (for long-tailed, non-negative features). */
  scale: "linear" | "log";
}

/**
 * Histogram edges for a feature over everyone: `count` bins from the minimum to the 99th percentile
 * (the long tail lands in the last bin), evenly spaced in log1p when the values are non-negative
 * and the 99th percentile is over 10 times the median; whole-number edges for whole-number features.
 */
export function binsFor(values: ArrayLike<number>, count = 20): Bins {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return { edges: [0, 1], scale: "linear" };
  const lo = sorted[0];
  let hi = quantile(sorted, 0.99);
  if (!(hi > lo)) hi = sorted[sorted.length - 1];
  if (!(hi > lo)) return { edges: [lo, lo + 1], scale: "linear" };
  const integral = sorted.every((x) => Number.isInteger(x));
  const median = quantile(sorted, 0.5);
  const log = lo >= 0 && hi > 10 * Math.max(median, 1e-9);
  let edges: number[];
  if (log) {
    const a = Math.log1p(lo);
    const b = Math.log1p(hi);
    edges = Array.from({ length: count + 1 }, (_, i) => Math.expm1(a + ((b - a) * i) / count));
  } else {
    edges = Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
  }
  edges = edges.map((x) => (integral ? Math.round(x) : round(x, 4)));
  edges[0] = lo;
  edges = edges.filter((x, i) => i === 0 || x > edges[i - 1]);
  if (edges.length < 2) edges = [lo, hi];
  return { edges, scale: log ? "log" : "linear" };
}

/** Index of the bin a value falls in (the end bins take everything beyond them). */
export function binIndex(edges: readonly number[], x: number): number {
  const last = edges.length - 2;
  if (x < edges[1]) return 0;
  if (x >= edges[last]) return last;
  let a = 1;
  let b = last;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (x >= edges[m]) a = m;
    else b = m;
  }
  return a;
}

export interface Distribution {
  /** Over the customers with a value. */
  quantiles: Quantiles | null;
  /** Share of the group's customers with a value in each bin. */
  shares: number[];
  /** The group's customers without a value (a blank in the export): counted here, never read as 0. */
  missing: number;
}

export interface NumericProfile {
  feature: string;
  bins: Bins;
  everyone: Distribution;
  /** By segment number. */
  segments: Distribution[];
}

/**
 * A feature's distribution for everyone and for each of the k segments, over shared bins. Blanks
 * (null, NaN) are counted per group and left out of the bins and quantiles.
 */
export function profileNumeric(feature: string, values: ArrayLike<number | null>, labels: ArrayLike<number>, k: number, binCount = 20): NumericProfile {
  const n = labels.length;
  if (values.length !== n) throw new Error(`feature "${feature}" has ${values.length} values for ${n} customers`);
  const present: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(Number(v))) present.push(Number(v));
  }
  const bins = binsFor(present, binCount);
  const width = bins.edges.length - 1;
  const members: number[][] = Array.from({ length: k }, () => []);
  const counts = Array.from({ length: k }, () => new Array<number>(width).fill(0));
  const missing = new Array<number>(k).fill(0);
  const all = new Array<number>(width).fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || !Number.isFinite(Number(v))) {
      missing[labels[i]]++;
      continue;
    }
    const x = Number(v);
    const b = binIndex(bins.edges, x);
    members[labels[i]].push(x);
    counts[labels[i]][b]++;
    all[b]++;
  }
  const shares = (c: number[], total: number) => c.map((x) => (total ? round(x / total, 4) : 0));
  return {
    feature,
    bins,
    everyone: { quantiles: quantilesOf(present), shares: shares(all, present.length), missing: n - present.length },
    segments: members.map((m, s) => ({ quantiles: quantilesOf(m), shares: shares(counts[s], m.length), missing: missing[s] })),
  };
}

export const OTHER = "Other";
export const MISSING = "(missing)";

export interface ValueShare {
  value: string;
  customers: number;
  share: number;
}

export interface CategoricalProfile {
  attribute: string;
  /** Values in display order (by customers in the whole base), then Other and (missing) when present. */
  values: string[];
  everyone: ValueShare[];
  /** By segment number; every value of `values`, in that order. */
  segments: ValueShare[][];
}

/** Dates (YYYY-MM-DD…) are profiled by year; most other text as is. */
export function isDateLike(values: ArrayLike<string | null | undefined>): boolean {
  let dates = 0;
  let present = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === "") continue;
    present++;
    if (/^\d{4}-\d{2}-\d{2}/.test(String(v))) dates++;
  }
  return present > 0 && dates / present >= 0.9;
}

/**
 * Make-up of each segment by one attribute: the `top` most common values in the whole base held by at
 * least `minCustomers` customers, the rest as "Other", empty values as "(missing)".
 */
export function profileCategorical(
  attribute: string,
  values: ArrayLike<string | null | undefined>,
  labels: ArrayLike<number>,
  k: number,
  options: { top?: number; minCustomers?: number } = {},
): CategoricalProfile {
  const top = options.top ?? 10;
  const minCustomers = options.minCustomers ?? 5;
  const n = labels.length;
  if (values.length !== n) throw new Error(`attribute "${attribute}" has ${values.length} values for ${n} customers`);
  const text = (v: string | null | undefined) => (v === null || v === undefined || String(v).trim() === "" ? null : String(v));
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const customers = table({ value: Array.from({ length: n }, (_, i) => text(values[i])), segment: labels });
  const totals = n ? (customers.filter(escape((d: { value: string | null }) => d.value !== null)).groupby("value").count().objects() as { value: string; count: number }[]) : [];
  const kept = totals
    .filter((t) => t.count >= minCustomers)
    .sort((a, b) => b.count - a.count || byText(a.value, b.value))
    .slice(0, top)
    .map((t) => t.value);
  const keptSet = new Set(kept);
  const bucket = (v: string | null) => (v === null ? MISSING : keptSet.has(v) ? v : OTHER);
  // Each customer's value as shown (kept, Other or missing), counted by value and segment.
  const bucketed = customers.derive({ bucket: escape((d: { value: string | null }) => bucket(d.value)) });
  const cells = n ? (bucketed.groupby("bucket", "segment").count().objects() as { bucket: string; segment: number; count: number }[]) : [];
  const counts = new Map<string, number[]>();
  const all = new Map<string, number>();
  const sizes = new Array<number>(k).fill(0);
  for (const c of cells) {
    if (!counts.has(c.bucket)) counts.set(c.bucket, new Array<number>(k).fill(0));
    counts.get(c.bucket)![c.segment] += c.count;
    all.set(c.bucket, (all.get(c.bucket) ?? 0) + c.count);
    sizes[c.segment] += c.count;
  }
  const order = [...kept];
  if (all.has(OTHER)) order.push(OTHER);
  if (all.has(MISSING)) order.push(MISSING);
  const share = (c: number, total: number) => (total ? round(c / total, 4) : 0);
  return {
    attribute,
    values: order,
    everyone: order.map((value) => ({ value, customers: all.get(value) ?? 0, share: share(all.get(value) ?? 0, n) })),
    segments: sizes.map((size, s) => order.map((value) => {
      const customers = counts.get(value)?.[s] ?? 0;
      return { value, customers, share: share(customers, size) };
    })),
  };
}

/** Which part of a profile an attribute belongs to, from its name. */
export type AttributeGroup = "demographics" | "geography" | "acquisition" | "other";

export function attributeGroup(name: string): AttributeGroup {
  const n = name.toLowerCase();
  if (/channel|source|campaign|medium|acquisition|referr|signup|sign_up|registration|cohort/.test(n)) return "acquisition";
  if (/city|town|region|country|state|province|county|district|area|market|territory|locale|postcode|postal|zip/.test(n)) return "geography";
  if (/gender|sex|age|birth|income|household|marital|education|occupation/.test(n)) return "demographics";
  return "other";
}

/** "acquisition_channel" → "Acquisition channel". */
export function humanise(name: string): string {
  const words = name.replace(/[_\s]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

export interface RankedItem {
  /** Category name, or product id. */
  key: string;
  /** Display name (the category, or the product's name). */
  name: string;
  /** Purchase revenue from this segment's customers, and its share of the segment's purchase revenue. */
  revenue: number;
  share: number;
  /** Share of everyone's purchase revenue, for comparison. */
  everyoneShare: number;
  /** Segment's share / everyone's share (> 1: the segment buys more of it than the base does). */
  index: number | null;
  customers: number;
}

/**
 * Ranks items (categories or products) by a segment's purchase revenue: the top `top`, with the
 * segment's share and everyone's share of purchase revenue. `rows` hold revenue by segment and item;
 * ties are broken by key, so the order is stable.
 */
export function rankItems(
  rows: readonly { segment: number; key: string; name: string; revenue: number; customers: number }[],
  k: number,
  top = 10,
): { everyone: RankedItem[]; segments: RankedItem[][] } {
  // Revenue by segment, and by item over everyone (the item's name: the first in text order).
  const segmentTotals = new Array<number>(k).fill(0);
  const everyone = new Map<string, { key: string; name: string; revenue: number; customers: number }>();
  if (rows.length) {
    const items = from(rows);
    for (const t of items.groupby("segment").rollup({ revenue: op.sum("revenue") }).objects() as { segment: number; revenue: number }[]) segmentTotals[t.segment] = t.revenue;
    const byKey = items.groupby("key").rollup({ name: op.min("name"), revenue: op.sum("revenue"), customers: op.sum("customers") }).objects() as { key: string; name: string; revenue: number; customers: number }[];
    for (const e of byKey) everyone.set(e.key, e);
  }
  const total = segmentTotals.reduce((s, x) => s + x, 0);
  const everyoneShare = (key: string) => (total ? (everyone.get(key)?.revenue ?? 0) / total : 0);
  const byRevenue = <T extends { key: string; revenue: number }>(a: T, b: T) => b.revenue - a.revenue || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const item = (key: string, name: string, revenue: number, customers: number, segmentTotal: number): RankedItem => {
    const share = segmentTotal ? revenue / segmentTotal : 0;
    const base = everyoneShare(key);
    return {
      key,
      name,
      revenue: round(revenue, 2),
      share: round(share, 4),
      everyoneShare: round(base, 4),
      index: base > 0 ? round(share / base, 2) : null,
      customers,
    };
  };
  return {
    everyone: [...everyone.values()].sort(byRevenue).slice(0, top).map((e) => item(e.key, e.name, e.revenue, e.customers, total)),
    segments: segmentTotals.map((segmentTotal, s) =>
      rows
        .filter((r) => r.segment === s)
        .map((r) => ({ ...r, name: everyone.get(r.key)!.name }))
        .sort(byRevenue)
        .slice(0, top)
        .map((r) => item(r.key, r.name, r.revenue, r.customers, segmentTotal)),
    ),
  };
}
