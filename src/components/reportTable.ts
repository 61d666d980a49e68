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
  revenue: number | null;
  revenueShare: number | null;
  avgOrderValue: number | null;
  medianRecencyDays: number | null;
  medianFrequency: number | null;
  revenuePerCustomer: number | null;
  change: { customers: number; customerShare: number; revenueShare: number } | null;
}

type Column = { key: string; label: string; title?: string; value: (s: OverviewSegment) => number; text: (x: number) => string };

/**
 * The overview's columns, money in `currency` (ISO 4217, or null when unknown). A customers-only
 * report (`mode` "customers") has no purchase or change columns, and value columns only with a value
 * measure (report.valueColumns).
 */
export function overviewColumns(currency: string | null, mode: "transactions" | "customers" = "transactions", hasValue = true): Column[] {
  const money = (x: number) => formatMoney(x, currency);
  if (mode === "customers") {
    return [
      { key: "customers", label: "Customers", value: (s) => s.customers, text: formatCount },
      { key: "customerShare", label: "Share of customers", value: (s) => s.customerShare, text: formatShare },
      ...(hasValue
        ? [
            { key: "revenue", label: "Value", value: (s: OverviewSegment) => s.revenue ?? NaN, text: money },
            { key: "revenueShare", label: "Share of value", value: (s: OverviewSegment) => s.revenueShare ?? NaN, text: formatShare },
            { key: "revenuePerCustomer", label: "Value per customer", value: (s: OverviewSegment) => s.revenuePerCustomer ?? NaN, text: money },
          ]
        : []),
    ];
  }
  return [
    { key: "customers", label: "Customers", value: (s) => s.customers, text: formatCount },
    { key: "customerShare", label: "Share of customers", value: (s) => s.customerShare, text: formatShare },
    { key: "revenue", label: "Revenue", value: (s) => s.revenue ?? NaN, text: money },
    { key: "revenueShare", label: "Share of revenue", value: (s) => s.revenueShare ?? NaN, text: formatShare },
    { key: "avgOrderValue", label: "Avg order value", value: (s) => s.avgOrderValue ?? NaN, text: money },
    { key: "medianRecencyDays", label: "Median recency (days)", value: (s) => s.medianRecencyDays ?? NaN, text: formatDecimal },
    { key: "medianFrequency", label: "Median orders", value: (s) => s.medianFrequency ?? NaN, text: formatDecimal },
    { key: "revenuePerCustomer", label: "Revenue per customer", value: (s) => s.revenuePerCustomer ?? NaN, text: money },
    { key: "change.customers", label: "Customers vs then", title: "Change in customers since the earlier as-of date", value: (s) => s.change?.customers ?? NaN, text: formatSignedCount },
    { key: "change.customerShare", label: "Customer share vs then", title: "Change in share of customers, percentage points", value: (s) => s.change?.customerShare ?? NaN, text: formatPoints },
    { key: "change.revenueShare", label: "Revenue share vs then", title: "Change in share of revenue, percentage points", value: (s) => s.change?.revenueShare ?? NaN, text: formatPoints },
  ];
}

/** The overview's columns with no currency known. */
export const OVERVIEW_COLUMNS: Column[] = overviewColumns(null);

/** `href(s)` gives the link to a segment's page (relative to the current page). */
export function overviewTable(
  segments: readonly OverviewSegment[],
  options: { colors: readonly string[]; href: (s: OverviewSegment) => string; currency?: string | null; mode?: "transactions" | "customers"; hasValue?: boolean },
): HTMLTableElement {
  const columns = overviewColumns(options.currency ?? null, options.mode, options.hasValue ?? true);
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
      td.textContent = Number.isFinite(value) ? column.text(value) : "–";
    }
  }
  return table;
}
