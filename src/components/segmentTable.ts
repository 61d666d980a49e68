/**
 * The per-segment table of the report and the workbench, with the groups kept out of the clustering
 * (net returners, …) after the segments, so its rows add up to every customer. Built with DOM APIs and
 * textContent, so segment names and actions from config or data are always shown as text, never
 * parsed as HTML.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import type { OutsideGroup, SegmentFigures } from "../lib/segments/customerSegmentation.js";

export interface SegmentRow extends Omit<SegmentFigures, "medianRecencyDays" | "medianFrequency"> {
  name: string;
  action?: string;
  /** Null for an empty group. */
  medianRecencyDays: number | null;
  medianFrequency: number | null;
}

type Column = { label: string; numeric?: boolean; value: (s: SegmentRow) => string };

const decimal = (x: number | null) => (x === null ? "–" : formatDecimal(x));

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

/** A group kept out of the clustering as a row of the segment table. */
export function groupRow(g: OutsideGroup): SegmentRow & { group: string } {
  return { ...g, segment: g.code, name: g.label, action: `Kept out of the clustering: ${g.reason}`, group: g.id };
}

export function segmentTable(segments: readonly (SegmentRow & { group?: string })[], options: { colors?: readonly string[]; actions?: boolean; currency?: string | null } = {}): HTMLTableElement {
  const base = columnsIn(options.currency ?? null, segments);
  const columns = options.actions ? [...base, { label: "Recommended action", value: (s: SegmentRow) => s.action ?? "" }] : base;
  const table = document.createElement("table");
  table.className = "segment-table";
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = column.label;
    if (column.numeric) th.className = "num";
    head.append(th);
  }
  const body = table.createTBody();
  segments.forEach((segment, i) => {
    const row = body.insertRow();
    row.dataset.segment = String(segment.segment);
    if (segment.group) {
      row.dataset.group = segment.group;
      row.className = "outside-group";
    }
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
