/** The compare page's cross-tabulation heatmap: A's segments down, B's across. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { formatCount, formatShare } from "../lib/io/format.js";
import type { CrossTab, CrossTabCell } from "../lib/stats/crosstab.js";

export type CrossTabMeasure = "shareOfA" | "shareOfB" | "customers";

export function crossTabHeatmap(table: CrossTab, cells: readonly CrossTabCell[], options: { measure: CrossTabMeasure; title: string; width?: number }): SVGSVGElement | HTMLElement {
  const { measure } = options;
  const count = measure === "customers";
  const max = Math.max(0, ...cells.map((d) => d[measure])) || 1;
  const label = (d: CrossTabCell) => (count ? formatCount(d.customers) : d.customers ? formatShare(d[measure]) : "");
  return plot({
    title: options.title,
    width: Math.min(Math.max(480, options.width ?? 640), 200 + 90 * table.columns.length),
    height: 90 + 34 * table.rows.length,
    marginLeft: 170,
    marginTop: 90,
    x: { label: null, domain: table.columns, axis: "top", tickRotate: -35 },
    y: { label: null, domain: table.rows },
    color: { type: "linear", scheme: "blues", domain: [0, max], legend: true, label: count ? "Customers" : "Share", tickFormat: count ? undefined : "%" },
    marks: [
      Plot.cell(cells, { x: "b", y: "a", fill: measure, inset: 0.5, tip: { channels: { customers: "customers" }, format: { fill: count ? (x: number) => formatCount(x) : (x: number) => formatShare(x) } } }),
      Plot.text(cells, { x: "b", y: "a", text: label, fill: (d: CrossTabCell) => (d[measure] > 0.55 * max ? "white" : "black"), fontSize: 10 }),
    ],
  });
}
