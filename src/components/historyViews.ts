/**
 * The history's charts and tables (src/history.md, and a segment's trend on src/segments/[segment].md):
 * stacked sizes per snapshot, revenue per segment per period, the drift of a refit at each snapshot
 * against the review threshold, a segment's members and active customers per period, and their tables.
 * Every chart and table comes with its downloads (CSV of the records behind it; SVG and PNG of charts).
 * Records come from src/lib/report/historyPage.ts; cells are set with textContent.
 */
import * as Plot from "npm:@observablehq/plot";
// Plot.plot with the accessibility fix (its named mark groups get a role): plot.ts.
import { plot } from "./plot.js";
import { formatCount, formatShare, moneyFormatter, moneyLabel } from "../lib/io/format.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import { categoryRows, driftRows, OTHER_REVENUE_LABEL, revenueRecords, sizeRecords } from "../lib/report/historyPage.js";
import type { History, HistoryCategory, PeriodKpis } from "../lib/report/types.js";
import { HIGHLIGHT_COLOR, segmentColor } from "./colors.js";
import { downloadable, downloadTable } from "./download.js";

/** Labelled groups (net returners, not segmented) in greys, after the segments' colours. */
const GROUP_COLORS = ["#79706e", "#a0a0a0", "#c7c7c7", "#5f5f5f"];
const OTHER_COLOR = "#d4a6a6";

/** A colour per category: its segment's, or a grey for a labelled group. */
export function categoryColors(categories: readonly HistoryCategory[]): string[] {
  let group = 0;
  return categories.map((c) => (c.segment === null ? GROUP_COLORS[group++ % GROUP_COLORS.length] : segmentColor(c.segment)));
}

const dash = (x: number | null, text: (x: number) => string) => (x === null ? "–" : text(x));

/** Snapshot dates along x, as written (one band each): slanted past 8, at most about 24 ticks, the as-of date always one. */
function dateAxis(dates: readonly string[], label: string) {
  const step = Math.ceil(dates.length / 24);
  return { label, domain: [...dates], tickRotate: dates.length > 8 ? -40 : 0, ticks: dates.filter((_, i) => (dates.length - 1 - i) % step === 0) };
}

const snapshotAxis = (history: History, label: string) => dateAxis(history.snapshots.map((s) => s.asOf), label);

/** Stacked customers per category at each snapshot. */
export function historySizesChart(history: History, options: { width?: number } = {}): HTMLElement {
  const records = sizeRecords(history);
  const labels = history.categories.map((c) => c.label);
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 340,
    marginBottom: history.snapshots.length > 8 ? 70 : 40,
    marginLeft: 60,
    x: snapshotAxis(history, "Snapshot (customers with a purchase before the date)"),
    y: { label: "Customers", grid: true },
    color: { legend: true, domain: labels, range: categoryColors(history.categories) },
    marks: [
      Plot.barY(records, { x: "asOf", y: "customers", fill: "label", order: labels, tip: true, channels: { Share: (d: (typeof records)[number]) => formatShare(d.share) } }),
      Plot.ruleY([0]),
    ],
  });
  return downloadable(chart, { name: "Segment sizes over time", csv: () => recordsCsv(records.map(({ asOf, label, segment, customers, share }) => ({ asOf, label, segment, customers, share }))) });
}

/** Net revenue per category in each period (returns below zero), by the period's end. */
export function historyRevenueChart(history: History, options: { width?: number; currency?: string | null } = {}): HTMLElement {
  const records = revenueRecords(history);
  const money = moneyFormatter(options.currency ?? null);
  const labels = [...history.categories.map((c) => c.label), ...(records.some((r) => r.category === null) ? [OTHER_REVENUE_LABEL] : [])];
  const colors = [...categoryColors(history.categories), OTHER_COLOR].slice(0, labels.length);
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 340,
    marginBottom: history.snapshots.length > 8 ? 70 : 40,
    marginLeft: 70,
    x: snapshotAxis(history, "Period ending (each period runs from the previous snapshot)"),
    y: { label: moneyLabel("Net revenue", options.currency ?? null), grid: true, tickFormat: money },
    color: { legend: true, domain: labels, range: colors },
    marks: [Plot.barY(records, { x: "asOf", y: "revenue", fill: "label", order: labels, tip: true }), Plot.ruleY([0])],
  });
  return downloadable(chart, { name: "Revenue per segment per period", csv: () => recordsCsv(records.map(({ periodStart, asOf, label, segment, revenue }) => ({ periodStart, asOf, label, segment, revenue }))) });
}

/** The adjusted Rand index of a refit at each snapshot against today's model, with the review threshold. */
export function historyDriftChart(history: History, options: { width?: number } = {}): HTMLElement {
  const rows = driftRows(history).filter((r) => r.ari !== null);
  const low = Math.min(0, ...rows.map((r) => r.ari!));
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 260,
    marginBottom: history.snapshots.length > 8 ? 70 : 40,
    x: snapshotAxis(history, "Snapshot"),
    y: { label: "Adjusted Rand index (1 = today's segments)", domain: [low, 1], grid: true },
    marks: [
      Plot.ruleY([history.reviewBelowAri], { stroke: HIGHLIGHT_COLOR, strokeDasharray: "4,3" }),
      Plot.text([history.reviewBelowAri], { y: (d: number) => d, frameAnchor: "left", dy: -6, text: () => `review below ${history.reviewBelowAri}`, fill: HIGHLIGHT_COLOR, fontSize: 10 }),
      Plot.line(rows, { x: "asOf", y: "ari" }),
      Plot.dot(rows, { x: "asOf", y: "ari", r: 3.5, fill: (r: (typeof rows)[number]) => (r.below ? HIGHLIGHT_COLOR : "currentColor"), tip: true }),
    ],
  });
  return downloadable(chart, { name: "Drift of a refit", csv: () => recordsCsv(driftRows(history).map((r) => ({ ...r }))) });
}

/** One row per snapshot: customers, new, stayed, moved, revenue, and customers without a purchase yet. */
export function historySnapshotTable(history: History, options: { currency?: string | null } = {}): HTMLElement {
  const money = moneyFormatter(options.currency ?? null);
  return downloadTable(
    history.snapshots,
    [
      { label: "Snapshot", value: (s) => s.asOf },
      { label: "Period from", value: (s) => s.periodStart },
      { label: "Customers", numeric: true, value: (s) => formatCount(s.customers), csv: (s) => s.customers },
      { label: "New", numeric: true, value: (s) => formatCount(s.newCustomers), csv: (s) => s.newCustomers },
      { label: "Same segment", numeric: true, value: (s) => formatCount(s.stayed), csv: (s) => s.stayed },
      { label: "Moved", numeric: true, value: (s) => formatCount(s.moved), csv: (s) => s.moved },
      { label: "Net revenue in the period", numeric: true, value: (s) => money(s.periodRevenue), csv: (s) => s.periodRevenue },
      { label: "No purchase yet: customers", numeric: true, value: (s) => formatCount(s.otherRevenue.customers), csv: (s) => s.otherRevenue.customers },
      { label: "No purchase yet: revenue", numeric: true, value: (s) => money(s.otherRevenue.revenue), csv: (s) => s.otherRevenue.revenue },
    ],
    { name: "Snapshots", className: "history-snapshots" },
  );
}

/** One row per segment (or group) at one snapshot: customers, added, dropped, revenue in the period. */
export function historyFlowTable(history: History, snapshot: number, options: { currency?: string | null } = {}): HTMLElement {
  const s = history.snapshots[snapshot];
  const money = moneyFormatter(options.currency ?? null);
  return downloadTable(
    categoryRows(history).filter((r) => r.asOf === s.asOf),
    [
      { label: "Segment", value: (r) => r.label },
      { label: "Customers", numeric: true, value: (r) => formatCount(r.customers), csv: (r) => r.customers },
      { label: `Added since ${s.periodStart}`, numeric: true, value: (r) => formatCount(r.added), csv: (r) => r.added },
      { label: `Dropped since ${s.periodStart}`, numeric: true, value: (r) => formatCount(r.dropped), csv: (r) => r.dropped },
      { label: "Net revenue in the period", numeric: true, value: (r) => money(r.revenue), csv: (r) => r.revenue },
    ],
    { name: `Segments on ${s.asOf}`, className: "history-flows" },
  );
}

/** The drift of each snapshot: ARI, customers a refit moves, the largest centroid shift, and the status. */
export function historyDriftTable(history: History): HTMLElement {
  return downloadTable(
    driftRows(history),
    [
      { label: "Snapshot", value: (r) => r.asOf },
      { label: "Customers", numeric: true, value: (r) => formatCount(r.customers), csv: (r) => r.customers },
      { label: "ARI", numeric: true, value: (r) => dash(r.ari, (x) => x.toFixed(2)), csv: (r) => r.ari },
      { label: "Moved by a refit", numeric: true, value: (r) => dash(r.moved, formatShare), csv: (r) => r.moved },
      { label: "Largest centroid shift", numeric: true, value: (r) => dash(r.maxCentroidShift, (x) => x.toFixed(2)), csv: (r) => r.maxCentroidShift },
      { label: "Status", value: (r) => r.status },
    ],
    { name: "Drift per snapshot", className: "history-drift" },
  );
}

/** A segment's members and active customers at each snapshot. */
export function segmentTrendChart(trend: readonly PeriodKpis[], options: { color: string; name: string; width?: number }): HTMLElement {
  const records = trend.flatMap((t) => [
    { asOf: t.asOf, measure: "Customers in the segment", value: t.customers },
    { asOf: t.asOf, measure: "Active in the period (an order)", value: t.active },
  ]);
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 260,
    marginBottom: trend.length > 8 ? 70 : 40,
    marginLeft: 60,
    x: dateAxis(trend.map((t) => t.asOf), "Snapshot"),
    y: { label: "Customers", grid: true, zero: true },
    color: { legend: true, domain: ["Customers in the segment", "Active in the period (an order)"], range: [options.color, "#9aa5b1"] },
    marks: [
      Plot.line(records, { x: "asOf", y: "value", stroke: "measure" }),
      Plot.dot(records, { x: "asOf", y: "value", fill: "measure", r: 3, tip: true }),
      Plot.ruleY([0]),
    ],
  });
  return downloadable(chart, { name: `${options.name} over time`, csv: () => recordsCsv(records) });
}

/** A segment's KPIs per period. */
export function segmentKpiTable(trend: readonly PeriodKpis[], options: { name: string; currency?: string | null }): HTMLElement {
  const money = moneyFormatter(options.currency ?? null);
  return downloadTable(
    trend,
    [
      { label: "From", value: (t) => t.periodStart },
      { label: "To", value: (t) => t.asOf },
      { label: "Customers", numeric: true, value: (t) => formatCount(t.customers), csv: (t) => t.customers },
      { label: "Added", numeric: true, value: (t) => formatCount(t.added), csv: (t) => t.added },
      { label: "Dropped", numeric: true, value: (t) => formatCount(t.dropped), csv: (t) => t.dropped },
      { label: "Active", numeric: true, value: (t) => formatCount(t.active), csv: (t) => t.active },
      { label: "Repeat rate", numeric: true, value: (t) => dash(t.repeatRate, formatShare), csv: (t) => t.repeatRate },
      { label: "Retention", numeric: true, value: (t) => dash(t.retention, formatShare), csv: (t) => t.retention },
      { label: "Net revenue", numeric: true, value: (t) => money(t.revenue), csv: (t) => t.revenue },
      { label: "Average order value", numeric: true, value: (t) => dash(t.avgOrderValue, money), csv: (t) => t.avgOrderValue },
    ],
    { name: `${options.name} KPIs per period`, className: "segment-kpis" },
  );
}
