/**
 * The per-segment table of the report and the workbench. Built with DOM APIs and textContent,
 * so segment names and actions from config or data are always shown as text, never parsed as HTML.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import type { SegmentSummary } from "../lib/segments/summary.js";

export interface SegmentRow extends SegmentSummary {
  name: string;
  action?: string;
}

type Column = { label: string; numeric?: boolean; value: (s: SegmentRow) => string };

/** The columns, money in `currency` (ISO 4217, or null when unknown). */
const columnsIn = (currency: string | null): Column[] => [
  { label: "Segment", value: (s) => s.name },
  { label: "Customers", numeric: true, value: (s) => formatCount(s.customers) },
  { label: "Share of customers", numeric: true, value: (s) => formatShare(s.customerShare) },
  { label: "Revenue", numeric: true, value: (s) => formatMoney(s.revenue, currency) },
  { label: "Share of revenue", numeric: true, value: (s) => formatShare(s.revenueShare) },
  { label: "Avg order value", numeric: true, value: (s) => formatMoney(s.avgOrderValue, currency) },
  { label: "Median recency (days)", numeric: true, value: (s) => formatDecimal(s.medianRecencyDays) },
  { label: "Median orders", numeric: true, value: (s) => formatDecimal(s.medianFrequency) },
];

export function segmentTable(segments: readonly SegmentRow[], options: { colors?: readonly string[]; actions?: boolean; currency?: string | null } = {}): HTMLTableElement {
  const base = columnsIn(options.currency ?? null);
  const columns = options.actions ? [...base, { label: "Recommended action", value: (s: SegmentRow) => s.action ?? "" }] : base;
  const table = document.createElement("table");
  table.className = "segment-table";
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column.label;
    if (column.numeric) th.className = "num";
    head.append(th);
  }
  const body = table.createTBody();
  segments.forEach((segment, i) => {
    const row = body.insertRow();
    row.dataset.segment = String(segment.segment);
    columns.forEach((column, j) => {
      const cell = row.insertCell();
      if (column.numeric) cell.className = "num";
      else if (column.label === "Recommended action") cell.className = "action";
      if (j === 0 && options.colors) {
        const swatch = document.createElement("span");
        swatch.className = "segment-swatch";
        swatch.style.background = options.colors[i % options.colors.length];
        cell.append(swatch);
      }
      cell.append(document.createTextNode(column.value(segment)));
    });
  });
  return table;
}
