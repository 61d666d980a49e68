/** The SQL page's example charts: customers by segment, and net revenue by month and segment. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { REVENUE_SHARE_COLOR } from "./colors.js";
import { moneyLabel } from "../lib/io/format.js";

export function segmentSizesChart(rows: readonly { segment_name: string; customers: number }[]): SVGSVGElement | HTMLElement {
  return plot({
    marginLeft: 150,
    x: { label: "Customers", grid: true },
    y: { label: null, domain: rows.map((d) => d.segment_name) },
    marks: [Plot.barX(rows, { x: "customers", y: "segment_name", fill: REVENUE_SHARE_COLOR, tip: true }), Plot.ruleX([0])],
  });
}

export interface MonthRow {
  /** "YYYY-MM" */
  month: string;
  segment_name: string;
  net_revenue: number;
}

/** Months as dates (first of the month, UTC) on a band scale, labelled "Jan 2024". */
export function monthlyRevenueChart(rows: readonly MonthRow[], options: { width?: number; currency?: string | null } = {}): SVGSVGElement | HTMLElement {
  const months = rows.map((d) => ({ ...d, date: new Date(`${d.month}-01T00:00:00Z`) }));
  return plot({
    width: Math.max(480, options.width ?? 640),
    height: 280,
    marginLeft: 70,
    marginBottom: 50,
    x: { label: null, type: "band", tickFormat: "%b %Y", tickRotate: -45 },
    y: { label: moneyLabel("Net revenue", options.currency ?? null), grid: true },
    color: { legend: true },
    marks: [Plot.barY(months, { x: "date", y: "net_revenue", fill: "segment_name", tip: { format: { x: "%Y-%m" } } }), Plot.ruleY([0])],
  });
}
