/**
 * Customers as dots coloured by segment: a feature against another, or the first two principal
 * components. The chart (axes, legend) is drawn at once and its dots follow a slice per task, in
 * order, so thousands of dots never make one long task.
 */
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

/** Dots per slice: a slice is drawn in a few milliseconds. */
const SLICE = 1000;

type RenderNext = (index: number[], scales: unknown, values: unknown, dimensions: unknown, context: unknown) => SVGElement | null;

/**
 * A mark's render option that draws its dots a slice at a time (Plot's render transform, `next`
 * being the mark's own render): each slice in a task of its own, appended in order, so the
 * finished chart has the same dots in the same order as one pass.
 */
function inSlices(size: number) {
  return (index: number[], scales: unknown, values: unknown, dimensions: unknown, context: unknown, next: RenderNext): SVGElement => {
    const group = document.createElementNS("http://www.w3.org/2000/svg", "g");
    group.setAttribute("aria-label", "dot");
    const draw = (from: number) => {
      const slice = next(index.slice(from, from + size), scales, values, dimensions, context);
      if (!slice) return;
      slice.removeAttribute("aria-label"); // one group for the assistive technologies, not one per slice
      group.append(slice);
      if (from + size < index.length) setTimeout(() => draw(from + size), 0);
    };
    // Even the first slice waits: the task that makes the chart draws only its axes and legend.
    setTimeout(() => draw(0), 0);
    return group;
  };
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
    marks: [Plot.dot(points, { x: "x", y: "y", stroke: "segment", r: 1.5, strokeOpacity: 0.6, render: inSlices(SLICE) as Plot.RenderFunction })],
  });
}
