/**
 * The history page's data (src/history.md, loaded by src/data/history.json.ts) and the records its
 * charts and tables show, one record per row or mark, so a chart, its CSV download and the tests read
 * the same values. Pure.
 */
import { qualityCurrency } from "../ingest/quality.js";
import type { History, PublishedReport } from "./types.js";

export interface HistoryPageData {
  /** Null only in a customers-only project without any date. */
  asOf: string | null;
  /** ISO 4217 code of the money (the report's quality.transactions.currency), or null when unknown. */
  currency: string | null;
  /** Every segment's number, name and page, for labels and links. */
  index: { segment: number; name: string; path: string }[];
  /** null when report.history is null (or no snapshot could be built: historyNote says why). */
  history: History | null;
  /** Why the history starts later than asked, or is missing although asked for; null otherwise. */
  historyNote: string | null;
}

/** The slice of the report the history page shows. */
export function historyPageData(report: PublishedReport): HistoryPageData {
  return {
    asOf: report.asOf,
    currency: qualityCurrency(report.quality),
    index: report.segments.map((s) => ({ segment: s.segment, name: s.name, path: s.path })),
    history: report.history,
    historyNote: report.historyNote,
  };
}

/** The label of revenue from customers with no purchase before a snapshot (only returns or cancellations). */
export const OTHER_REVENUE_LABEL = "No purchase yet (returns only)";

export interface SizeRecord {
  asOf: string;
  /** Index into history.categories, its label, and its segment (null for a labelled group). */
  category: number;
  label: string;
  segment: number | null;
  customers: number;
  /** Of the snapshot's customers (0 when it has none). */
  share: number;
}

/** Each category's customers at each snapshot, oldest first, categories in order. */
export function sizeRecords(history: History): SizeRecord[] {
  return history.snapshots.flatMap((s) =>
    history.categories.map((c, i) => ({
      asOf: s.asOf,
      category: i,
      label: c.label,
      segment: c.segment,
      customers: s.sizes[i],
      share: s.customers ? Math.round((s.sizes[i] / s.customers) * 1e4) / 1e4 : 0,
    })),
  );
}

export interface RevenueRecord {
  periodStart: string;
  asOf: string;
  /** Index into history.categories, or null for OTHER_REVENUE_LABEL. */
  category: number | null;
  label: string;
  segment: number | null;
  revenue: number;
}

/** Each category's net revenue in each period, and that of customers with no purchase yet where there is some. */
export function revenueRecords(history: History): RevenueRecord[] {
  return history.snapshots.flatMap((s) => [
    ...history.categories.map((c, i) => ({ periodStart: s.periodStart, asOf: s.asOf, category: i, label: c.label, segment: c.segment, revenue: s.revenue[i] })),
    ...(s.otherRevenue.customers ? [{ periodStart: s.periodStart, asOf: s.asOf, category: null, label: OTHER_REVENUE_LABEL, segment: null, revenue: s.otherRevenue.revenue }] : []),
  ]);
}

export interface CategoryPeriodRow {
  periodStart: string;
  asOf: string;
  label: string;
  segment: number | null;
  customers: number;
  added: number;
  dropped: number;
  revenue: number;
}

/** One row per snapshot and category: its customers, those added and dropped since the previous snapshot, its revenue in the period. */
export function categoryRows(history: History): CategoryPeriodRow[] {
  return history.snapshots.flatMap((s) =>
    history.categories.map((c, i) => ({
      periodStart: s.periodStart,
      asOf: s.asOf,
      label: c.label,
      segment: c.segment,
      customers: s.sizes[i],
      added: s.added[i],
      dropped: s.dropped[i],
      revenue: s.revenue[i],
    })),
  );
}

export interface DriftRow {
  asOf: string;
  customers: number;
  /** null when the refit was skipped (see status). */
  ari: number | null;
  moved: number | null;
  maxCentroidShift: number | null;
  /** Below report.history.reviewBelowAri (never for the as-of date: its refit is today's model). */
  below: boolean;
  status: string;
}

/** The drift of each snapshot, with what it means against the threshold. */
export function driftRows(history: History): DriftRow[] {
  const last = history.snapshots.length - 1;
  return history.snapshots.map((s, i) => {
    if (!("ari" in s.drift)) return { asOf: s.asOf, customers: s.customers, ari: null, moved: null, maxCentroidShift: null, below: false, status: s.drift.skipped };
    const below = i < last && s.drift.ari < history.reviewBelowAri;
    const status = i === last ? "today's model" : below ? `below ${history.reviewBelowAri}` : "agrees";
    return { asOf: s.asOf, customers: s.customers, ari: s.drift.ari, moved: s.drift.moved, maxCentroidShift: s.drift.maxCentroidShift, below, status };
  });
}
