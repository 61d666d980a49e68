/** The RFM page's grid: customers by recency score (down) and frequency score (across). */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { formatCount } from "../lib/io/format.js";

export interface GridCell {
  r: number;
  f: number;
  customers: number;
}

export function rfmGrid(cells: readonly GridCell[]): SVGSVGElement | HTMLElement {
  const max = Math.max(0, ...cells.map((g) => g.customers));
  return plot({
    width: 520,
    height: 420,
    padding: 0.04,
    x: { label: "Frequency score (F) →", domain: [1, 2, 3, 4, 5] },
    y: { label: "↑ Recency score (R)", domain: [5, 4, 3, 2, 1] },
    color: { type: "sqrt", scheme: "blues", legend: true, label: "Customers" },
    marks: [
      Plot.cell(cells, { x: "f", y: "r", fill: "customers", tip: true }),
      Plot.text(cells, { x: "f", y: "r", text: (d: GridCell) => formatCount(d.customers), fill: (d: GridCell) => (d.customers > 0.45 * max ? "white" : "black") }),
    ],
  });
}
