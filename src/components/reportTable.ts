/**
 * The overview's table: every segment's size and value, linked to its page, with the change since
 * the earlier as-of date. Built with DOM APIs and textContent; each row carries data-segment and each
 * number cell data-figure / data-value with the raw value.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import { formatPoints, formatSignedCount } from "./reportFigures.js";

export interface OverviewSegment {
  segment: number;
  name: string;
  path: string;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
  avgOrderValue: number;
  medianRecencyDays: number;
  medianFrequency: number;
  revenuePerCustomer: number;
  change: { customers: number; customerShare: number; revenueShare: number };
}

type Column = { key: string; label: string; title?: string; value: (s: OverviewSegment) => number; text: (x: number) => string };

/** The overview's columns, money in `currency` (ISO 4217, or null when unknown). */
export function overviewColumns(currency: string | null): Column[] {
  const money = (x: number) => formatMoney(x, currency);
  return [
    { key: "customers", label: "Customers", value: (s) => s.customers, text: formatCount },
    { key: "customerShare", label: "Share of customers", value: (s) => s.customerShare, text: formatShare },
    { key: "revenue", label: "Revenue", value: (s) => s.revenue, text: money },
    { key: "revenueShare", label: "Share of revenue", value: (s) => s.revenueShare, text: formatShare },
    { key: "avgOrderValue", label: "Avg order value", value: (s) => s.avgOrderValue, text: money },
    { key: "medianRecencyDays", label: "Median recency (days)", value: (s) => s.medianRecencyDays, text: formatDecimal },
    { key: "medianFrequency", label: "Median orders", value: (s) => s.medianFrequency, text: formatDecimal },
    { key: "revenuePerCustomer", label: "Revenue per customer", value: (s) => s.revenuePerCustomer, text: money },
    { key: "change.customers", label: "Customers vs then", title: "Change in customers since the earlier as-of date", value: (s) => s.change.customers, text: formatSignedCount },
    { key: "change.customerShare", label: "Customer share vs then", title: "Change in share of customers, percentage points", value: (s) => s.change.customerShare, text: formatPoints },
    { key: "change.revenueShare", label: "Revenue share vs then", title: "Change in share of revenue, percentage points", value: (s) => s.change.revenueShare, text: formatPoints },
  ];
}

/** The overview's columns with no currency known. */
export const OVERVIEW_COLUMNS: Column[] = overviewColumns(null);

/** `href(s)` gives the link to a segment's page (relative to the current page). */
export function overviewTable(segments: readonly OverviewSegment[], options: { colors: readonly string[]; href: (s: OverviewSegment) => string; currency?: string | null }): HTMLTableElement {
  const columns = overviewColumns(options.currency ?? null);
  const table = document.createElement("table");
  table.className = "segment-table report-table";
  const head = table.createTHead().insertRow();
  const first = document.createElement("th");
  first.textContent = "Segment";
  head.append(first);
  for (const column of columns) {
    const th = document.createElement("th");
    th.className = "num";
    th.textContent = column.label;
    if (column.title) th.title = column.title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const s of segments) {
    const row = body.insertRow();
    row.dataset.segment = String(s.segment);
    const cell = row.insertCell();
    const swatch = document.createElement("span");
    swatch.className = "segment-swatch";
    swatch.style.background = options.colors[s.segment % options.colors.length];
    const link = document.createElement("a");
    link.href = options.href(s);
    link.textContent = s.name;
    cell.append(swatch, link);
    for (const column of columns) {
      const td = row.insertCell();
      td.className = "num";
      const value = column.value(s);
      td.dataset.figure = column.key;
      td.dataset.value = String(value);
      td.textContent = column.text(value);
    }
  }
  return table;
}
