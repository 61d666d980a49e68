/** One measure of the sweep over k (a small multiple), the recommended k marked. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import type { SweepRow } from "../lib/cluster/sweep.js";
import { HIGHLIGHT_COLOR } from "./colors.js";

export type SweepMeasure = "inertia" | "silhouette" | "calinskiHarabasz" | "daviesBouldin";

export const SWEEP_MEASURES: readonly (readonly [string, SweepMeasure])[] = [
  ["Inertia (look for the elbow)", "inertia"],
  ["Silhouette (higher is better)", "silhouette"],
  ["Calinski–Harabasz (higher is better)", "calinskiHarabasz"],
  ["Davies–Bouldin (lower is better)", "daviesBouldin"],
];

export function sweepChart(rows: readonly SweepRow[], options: { title: string; measure: SweepMeasure; recommended: number; width?: number }): SVGSVGElement | HTMLElement {
  const key = options.measure;
  return plot({
    title: options.title,
    width: Math.max(280, options.width ?? 320),
    height: 180,
    grid: true,
    x: { label: "k", ticks: rows.map((r) => r.k) },
    y: { label: null },
    marks: [
      Plot.line(rows, { x: "k", y: key }),
      Plot.dot(rows, { x: "k", y: key, r: 3, fill: (r: SweepRow) => (r.k === options.recommended ? HIGHLIGHT_COLOR : "currentColor"), tip: true }),
    ],
  });
}
