/** The workbench's centroid heatmap: each segment's mean of every clustering feature, as a z-score. */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import type { ClusterDescription } from "../lib/cluster/describe.js";
import { formatDecimal } from "../lib/io/format.js";

export interface CentroidCell {
  segment: string;
  feature: string;
  /** (segment mean − overall mean) ÷ standard deviation, after log and scaling. */
  z: number;
  mean: number;
  overall: number;
}

/** One cell per segment and feature; `names` by segment number. */
export function centroidCells(description: ClusterDescription, names: readonly string[]): CentroidCell[] {
  return description.clusters.flatMap((c) => c.features.map((f) => ({ segment: names[c.cluster], feature: f.name, z: f.standardized, mean: f.mean, overall: f.overallMean })));
}

export function centroidHeatmap(cells: readonly CentroidCell[], options: { features: readonly string[]; segments: readonly string[]; width?: number }): SVGSVGElement | HTMLElement {
  const extent = Math.max(1, ...cells.map((d) => Math.abs(d.z)));
  return plot({
    title: "Centroids: each segment's mean of every feature, as z-scores",
    subtitle: "(segment mean − overall mean) ÷ standard deviation, after log and scaling; blue above average, red below",
    width: Math.min(Math.max(480, options.width ?? 640), 200 + 110 * options.features.length),
    height: 60 + 38 * options.segments.length,
    marginLeft: 160,
    marginBottom: 50,
    x: { label: null, domain: [...options.features], axis: "top", tickRotate: 0 },
    y: { label: null, domain: [...options.segments] },
    color: { type: "linear", scheme: "rdbu", domain: [-extent, extent], legend: true, label: "z-score" },
    marks: [
      Plot.cell(cells, {
        x: "feature",
        y: "segment",
        fill: "z",
        inset: 0.5,
        tip: { channels: { "segment mean": "mean", "overall mean": "overall" }, format: { z: (z: number) => z.toFixed(2), "segment mean": (x: number) => formatDecimal(x), "overall mean": (x: number) => formatDecimal(x) } },
      }),
      Plot.text(cells, { x: "feature", y: "segment", text: (d: CentroidCell) => d.z.toFixed(2), fill: (d: CentroidCell) => (Math.abs(d.z) > 0.6 * extent ? "white" : "black"), fontSize: 10 }),
    ],
  });
}
