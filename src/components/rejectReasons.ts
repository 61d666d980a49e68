/** The quality page's rejected rows by reason, coloured by input. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";

export interface ReasonCount {
  input: string;
  reason: string;
  rows: number;
}

export function rejectReasons(reasons: readonly ReasonCount[]): SVGSVGElement | HTMLElement {
  return plot({
    marginLeft: 170,
    x: { label: "Rows rejected", grid: true },
    y: { label: null },
    color: { legend: true },
    marks: [Plot.barX(reasons, { x: "rows", y: "reason", fill: "input", sort: { y: "-x" }, tip: true }), Plot.ruleX([0])],
  });
}
