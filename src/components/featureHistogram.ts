/** The data page's histogram of one feature, its median dashed. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { formatDecimal } from "../lib/io/format.js";
import type { Bin } from "../lib/stats/distribution.js";
import { HIGHLIGHT_COLOR, REVENUE_SHARE_COLOR } from "./colors.js";

export function featureHistogram(bins: readonly Bin[], options: { feature: string; description?: string; median: number; log: boolean; width?: number }): SVGSVGElement | HTMLElement {
  return plot({
    title: options.feature,
    subtitle: options.description,
    width: Math.max(280, options.width ?? 320),
    height: 200,
    marginLeft: 50,
    x: { label: options.feature, type: options.log ? "symlog" : "linear", nice: !options.log },
    y: { label: "Customers", grid: true },
    marks: [
      Plot.rectY(bins, { x1: "x0", x2: "x1", y: "count", fill: REVENUE_SHARE_COLOR, inset: 0.5, tip: { format: { x1: (x: number) => formatDecimal(x), x2: (x: number) => formatDecimal(x) } } }),
      Plot.ruleX([options.median], { stroke: HIGHLIGHT_COLOR, strokeDasharray: "3,2" }),
      Plot.ruleY([0]),
    ],
  });
}
