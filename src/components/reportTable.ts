/**
 * The overview's table: every segment's size and value, linked to its page, with the change since
 * the earlier as-of date, and then the groups kept out of the clustering (net returners, …: no page,
 * so no link), so the rows add up to every customer. Built with DOM APIs and textContent; each row
 * carries data-segment (a group: data-group, its id) and each number cell data-figure / data-value
 * with the raw value.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import { rowsCsv } from "../lib/io/tableCsv.js";
import { isListedGroup, listedGroups } from "../lib/segments/outside.js";
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

/** A group kept out of the clustering as an overview row: its label and code, no page. */
export interface OverviewGroup extends Omit<OverviewSegment, "segment" | "name" | "path"> {
  id: string;
  label: string;
  code: number;
  reason: string;
}

type Column = { key: string; label: string; title?: string; value: (s: OverviewSegment) => number | null; text: (x: number) => string };

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

/** The table's rows as CSV: segment number (a group's code), name, kind, then every column's raw value (the columns overviewTable shows). */
export function overviewCsv(segments: readonly OverviewSegment[], groups: readonly OverviewGroup[] = [], options: { mode?: "transactions" | "customers"; hasValue?: boolean } = {}): string {
  const rows = [...segments.map((s) => ({ row: s, kind: "segment" })), ...listedGroups(groups).map((g) => ({ row: { ...g, segment: g.code, name: g.label, path: "" }, kind: g.label }))];
  return rowsCsv(rows, [
    { label: "segment", value: (r) => r.row.segment },
    { label: "name", value: (r) => r.row.name },
    { label: "kept out of the clustering", value: (r) => (r.kind === "segment" ? "no" : "yes") },
    ...overviewColumns(null, options.mode, options.hasValue ?? true).map((c) => ({ label: c.key, value: (r: (typeof rows)[number]) => { const v = c.value(r.row); return v === null || !Number.isFinite(v) ? null : v; } })),
  ]);
}

/**
 * `href(s)` gives the link to a segment's page (relative to the current page); `groups` with
 * customers follow the segments, under a row saying they are kept out of the clustering.
 */
export function overviewTable(
  segments: readonly OverviewSegment[],
  options: { colors: readonly string[]; href: (s: OverviewSegment) => string; groups?: readonly OverviewGroup[]; groupColors?: readonly string[]; currency?: string | null; mode?: "transactions" | "customers"; hasValue?: boolean },
): HTMLTableElement {
  const columns = overviewColumns(options.currency ?? null, options.mode, options.hasValue ?? true);
  const table = document.createElement("table");
  table.className = "segment-table report-table";
  const caption = table.createCaption();
  caption.className = "sr-only";
  caption.textContent = "Every segment's customers, revenue and change, then the customers kept out of the clustering";
  const head = table.createTHead().insertRow();
  const first = document.createElement("th");
  first.textContent = "Segment";
  first.scope = "col";
  head.append(first);
  for (const column of columns) {
    const th = document.createElement("th");
    th.className = "num";
    th.scope = "col";
    th.textContent = column.label;
    if (column.title) th.title = column.title;
    head.append(th);
  }
  const body = table.createTBody();
  const figures = (row: HTMLTableRowElement, s: OverviewSegment) => {
    for (const column of columns) {
      const td = row.insertCell();
      td.className = "num";
      const value = column.value(s);
      td.dataset.figure = column.key;
      td.dataset.value = String(value);
      td.textContent = value === null || !Number.isFinite(value) ? "–" : column.text(value);
    }
  };
  const swatch = (color: string) => {
    const span = document.createElement("span");
    span.className = "segment-swatch";
    span.style.background = color;
    return span;
  };
  for (const s of segments) {
    const row = body.insertRow();
    row.dataset.segment = String(s.segment);
    const cell = document.createElement("th");
    cell.scope = "row";
    row.append(cell);
    const link = document.createElement("a");
    link.href = options.href(s);
    link.textContent = s.name;
    cell.append(swatch(options.colors[s.segment % options.colors.length]), link);
    figures(row, s);
  }
  // Groups with customers only (isListedGroup); each keeps its colour, from its place among all groups.
  const groups = options.groups ?? [];
  if (groups.some(isListedGroup)) {
    const divider = body.insertRow();
    divider.className = "group-divider";
    const cell = document.createElement("th");
    cell.scope = "rowgroup";
    cell.colSpan = columns.length + 1;
    cell.textContent = "Kept out of the clustering";
    divider.append(cell);
  }
  groups.forEach((g, i) => {
    if (!isListedGroup(g)) return;
    const row = body.insertRow();
    row.dataset.segment = String(g.code);
    row.dataset.group = g.id;
    row.className = "outside-group";
    const cell = document.createElement("th");
    cell.scope = "row";
    cell.title = g.reason;
    row.append(cell);
    cell.append(swatch(options.groupColors?.[i] ?? "#5F5F5F"), document.createTextNode(g.label));
    figures(row, { ...g, segment: g.code, name: g.label, path: "" });
  });
  return table;
}
