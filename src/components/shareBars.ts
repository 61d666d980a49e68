/**
 * Customer share against revenue share, two bars per segment (the report, the workbench and the RFM
 * page): a segment whose revenue bar is longer than its customer bar is worth more than its size.
 */
import * as Plot from "npm:@observablehq/plot";
import { plot } from "./plot.js";
import { formatShare } from "../lib/io/format.js";
import type { ShareRecord } from "../lib/segments/shareRecords.js";
import { CUSTOMER_SHARE_COLOR, REVENUE_SHARE_COLOR } from "./colors.js";

const MEASURES = ["Share of customers", "Share of revenue"];

/** `records` from shareRecords(segments): two per segment, in segment order. */
export function shareBars(records: readonly ShareRecord[], options: { width?: number; title?: string; valueLabel?: string } = {}): SVGSVGElement | HTMLElement {
  const names = [...new Set(records.map((d) => d.name))];
  const measures = MEASURES.filter((m) => records.some((d) => d.measure === m));
  const max = Math.max(0, ...records.map((d) => d.value));
  // Net returners' share of revenue is below zero.
  const min = Math.min(0, ...records.map((d) => d.value));
  return plot({
    title: options.title,
    width: Math.max(480, options.width ?? 640),
    height: 30 * measures.length * names.length + 40,
    x: { label: "Share", tickFormat: "%", grid: true, domain: [min, max || 1] },
    y: { axis: null, domain: measures },
    fy: { label: null, domain: names, axis: "left" },
    color: { legend: true, domain: MEASURES, range: [CUSTOMER_SHARE_COLOR, REVENUE_SHARE_COLOR], tickFormat: (m: string) => (m === "Share of revenue" && options.valueLabel ? `Share of ${options.valueLabel}` : m) },
    marginLeft: 150,
    marginRight: 50,
    marks: [
      Plot.barX(records, { x: "value", y: "measure", fy: "name", fill: "measure", tip: true }),
      Plot.text(records, { x: "value", y: "measure", fy: "name", text: (d: ShareRecord) => formatShare(d.value), dx: 4, textAnchor: "start", fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}
