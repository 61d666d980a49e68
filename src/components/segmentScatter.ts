/** Customers as dots coloured by segment: a feature against another, or the first two principal components. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { SEGMENT_COLORS } from "./colors.js";

export interface SegmentPoint {
  x: number;
  y: number;
  segment: string;
}

/** Features whose long right tail reads better on a symlog axis. */
const SKEWED = new Set(["monetary", "frequency", "avg_order_value", "distinct_products"]);

export function axisType(feature: string): "symlog" | "linear" {
  return SKEWED.has(feature) ? "symlog" : "linear";
}

export function segmentScatter(
  points: readonly SegmentPoint[],
  options: { title: string; subtitle?: string; x: string; y: string; xType?: "symlog" | "linear"; yType?: "symlog" | "linear"; segments: readonly string[]; colors?: readonly string[]; width?: number },
): SVGSVGElement | HTMLElement {
  return plot({
    title: options.title,
    subtitle: options.subtitle,
    width: Math.max(480, options.width ?? 640),
    grid: true,
    x: { label: options.x, type: options.xType ?? "linear" },
    y: { label: options.y, type: options.yType ?? "linear" },
    color: { legend: true, domain: [...options.segments], range: [...(options.colors ?? SEGMENT_COLORS)].slice(0, Math.max(1, options.segments.length)) },
    marks: [Plot.dot(points, { x: "x", y: "y", stroke: "segment", r: 1.5, strokeOpacity: 0.6 })],
  });
}
