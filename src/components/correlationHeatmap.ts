/** The data page's correlation heatmap between features. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import type { CorrelationMethod } from "../lib/stats/correlation.js";

export interface CorrelationCell {
  x: string;
  y: string;
  r: number | null;
}

export function correlationHeatmap(cells: readonly CorrelationCell[], options: { names: readonly string[]; method: CorrelationMethod; sampled?: string; width?: number }): SVGSVGElement | HTMLElement {
  const n = options.names.length;
  return plot({
    title: `${options.method === "pearson" ? "Pearson" : "Spearman"} correlation between features${options.sampled ? ` (${options.sampled})` : ""}`,
    width: Math.min(Math.max(480, options.width ?? 640), Math.max(360, 140 + 56 * n)),
    height: 80 + 34 * n,
    marginLeft: 180,
    marginBottom: 110,
    x: { label: null, domain: [...options.names], tickRotate: -40 },
    y: { label: null, domain: [...options.names] },
    color: { type: "linear", scheme: "rdbu", domain: [-1, 1], legend: true, label: "Correlation" },
    marks: [
      Plot.cell(cells, { x: "x", y: "y", fill: (d: CorrelationCell) => d.r, tip: { format: { fill: (r: number | null) => (r == null ? "–" : r.toFixed(3)) } } }),
      Plot.text(cells, { x: "x", y: "y", text: (d: CorrelationCell) => (d.r == null ? "–" : d.r.toFixed(2)), fontSize: 9, fill: (d: CorrelationCell) => (d.r != null && Math.abs(d.r) > 0.6 ? "white" : "black") }),
    ],
  });
}
