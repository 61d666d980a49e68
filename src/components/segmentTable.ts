/**
 * The per-segment table of the report and the workbench. Built with DOM APIs and textContent,
 * so segment names and actions from config or data are always shown as text, never parsed as HTML.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import type { SegmentFigures } from "../lib/segments/customerSegmentation.js";

export interface SegmentRow extends SegmentFigures {
  name: string;
  action?: string;
}

type Column = { label: string; numeric?: boolean; value: (s: SegmentRow) => string };

/** The columns, money in `currency` (ISO 4217, or null when unknown). */
const or = <T>(x: T | null, text: (x: T) => string) => (x === null ? "–" : text(x));

/** The columns, money in `currency` (ISO 4217, or null when unknown); columns no segment has a value for (a customers-only project's purchases) are left out. */
const columnsIn = (currency: string | null, segments: readonly SegmentRow[]): Column[] =>
  (
    [
      [{ label: "Segment", value: (s) => s.name }, null],
      [{ label: "Customers", numeric: true, value: (s) => formatCount(s.customers) }, null],
      [{ label: "Share of customers", numeric: true, value: (s) => formatShare(s.customerShare) }, null],
      [{ label: "Revenue", numeric: true, value: (s) => or(s.revenue, (x) => formatMoney(x, currency)) }, "revenue"],
      [{ label: "Share of revenue", numeric: true, value: (s) => or(s.revenueShare, formatShare) }, "revenueShare"],
      [{ label: "Avg order value", numeric: true, value: (s) => or(s.avgOrderValue, (x) => formatMoney(x, currency)) }, "avgOrderValue"],
      [{ label: "Median recency (days)", numeric: true, value: (s) => or(s.medianRecencyDays, formatDecimal) }, "medianRecencyDays"],
      [{ label: "Median orders", numeric: true, value: (s) => or(s.medianFrequency, formatDecimal) }, "medianFrequency"],
    ] as [Column, keyof SegmentRow | null][]
  )
    .filter(([, key]) => key === null || segments.some((s) => s[key] !== null))
    .map(([column]) => column);

export function segmentTable(segments: readonly SegmentRow[], options: { colors?: readonly string[]; actions?: boolean; currency?: string | null } = {}): HTMLTableElement {
  const base = columnsIn(options.currency ?? null, segments);
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
