/**
 * A segment page's profile charts against everyone: a feature's distribution (shares of customers in
 * the report's bins) and an attribute's make-up (bars for the segment, ticks for everyone).
 */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { formatDecimal, formatShare } from "../lib/io/format.js";
import { rowsCsv } from "../lib/io/tableCsv.js";
import type { SegmentPageData } from "../lib/report/types.js";

type NumericProfileView = SegmentPageData["features"][number];
type CategoricalProfileView = SegmentPageData["attributes"][number];
import { CUSTOMER_SHARE_COLOR } from "./colors.js";

/**
 * Never narrower than its margins: resize() can report a sliver of a width while the page lays out,
 * and Plot would then draw bars of negative width.
 */
const chartWidth = (width: number | undefined, margins: number) => (width === undefined ? undefined : Math.max(margins + 120, width));

/** Round ticks for a symlog axis: 0 and powers of ten within the bins, or Plot's own when fewer than 3. */
export function symlogTicks(edges: readonly number[]): number[] | undefined {
  const ticks = [0, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].filter((t) => t >= edges[0] && t <= edges[edges.length - 1]);
  return ticks.length >= 3 ? ticks : undefined;
}

interface BinShare {
  x1: number;
  x2: number;
  segment: number;
  everyone: number;
}

/** A distribution chart's data: each bin's range and the share of the segment's customers and of everyone's in it. */
export function distributionCsv(f: NumericProfileView, segmentName: string): string {
  const { edges } = f.bins;
  return rowsCsv(edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1], segment: f.segment.shares[i], everyone: f.everyone.shares[i] })), [
    { label: `${f.feature} from`, value: (d) => d.from },
    { label: `${f.feature} to`, value: (d) => d.to },
    { label: `share of ${segmentName}`, value: (d) => d.segment },
    { label: "share of everyone", value: (d) => d.everyone },
  ]);
}

/** An attribute chart's data: each value's share of the segment and of everyone, with the customers. */
export function attributeCsv(a: CategoricalProfileView, segmentName: string): string {
  return rowsCsv(a.values.map((value, i) => ({ value, segment: a.segment[i], everyone: a.everyone[i] })), [
    { label: a.attribute, value: (d) => d.value },
    { label: `customers of ${segmentName}`, value: (d) => d.segment.customers },
    { label: `share of ${segmentName}`, value: (d) => d.segment.share },
    { label: "customers of everyone", value: (d) => d.everyone.customers },
    { label: "share of everyone", value: (d) => d.everyone.share },
  ]);
}

export function distributionChart(f: NumericProfileView, options: { color: string; width?: number }): SVGSVGElement | HTMLElement {
  const { edges, scale } = f.bins;
  const bins: BinShare[] = edges.slice(0, -1).map((x1, i) => ({ x1, x2: edges[i + 1], segment: f.segment.shares[i], everyone: f.everyone.shares[i] }));
  return plot({
    height: 150,
    width: chartWidth(options.width, 40),
    marginLeft: 40,
    x: scale === "log" ? { label: f.label, type: "symlog", ticks: symlogTicks(edges), tickFormat: (d: number) => formatDecimal(d) } : { label: f.label },
    y: { label: "Share", tickFormat: "%", grid: true },
    marks: [
      Plot.rectY(bins, { x1: "x1", x2: "x2", y: "everyone", fill: CUSTOMER_SHARE_COLOR, fillOpacity: 0.45, inset: 0.5 }),
      Plot.rectY(bins, { x1: "x1", x2: "x2", y: "segment", fill: options.color, fillOpacity: 0.7, inset: 0.5 }),
      Plot.ruleY([0]),
    ],
  });
}

interface ValueShare {
  value: string;
  segment: number;
  everyone: number;
}

export function attributeChart(a: CategoricalProfileView, options: { color: string; width?: number }): SVGSVGElement | HTMLElement {
  const rows: ValueShare[] = a.values.map((value, i) => ({ value, segment: a.segment[i].share, everyone: a.everyone[i].share }));
  return plot({
    height: 24 * rows.length + 36,
    width: chartWidth(options.width, 170),
    marginLeft: 130,
    marginRight: 40,
    x: { label: "Share of customers", tickFormat: "%", grid: true, domain: [0, Math.max(0, ...rows.flatMap((d) => [d.segment, d.everyone])) || 1] },
    y: { label: null, domain: [...a.values] },
    marks: [
      Plot.barX(rows, { y: "value", x: "segment", fill: options.color, fillOpacity: 0.75 }),
      Plot.tickX(rows, { y: "value", x: "everyone", stroke: "currentColor", strokeWidth: 2 }),
      Plot.text(rows, { y: "value", x: "segment", text: (d: ValueShare) => formatShare(d.segment), dx: 4, textAnchor: "start", fontSize: 10 }),
    ],
  });
}
