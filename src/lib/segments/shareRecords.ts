/**
 * Segments' customer and revenue shares in long form, one record per segment and measure, for the
 * share chart (src/components/shareBars.ts) and its CSV: arquero's fold of the two share columns.
 */
import { from } from "arquero";

export interface SegmentShares {
  name: string;
  customerShare: number;
  revenueShare: number;
}

export interface ShareRecord {
  name: string;
  measure: "Share of customers" | "Share of revenue";
  value: number;
}

const MEASURE: Record<string, ShareRecord["measure"]> = { customerShare: "Share of customers", revenueShare: "Share of revenue" };

/** Two records per segment (customers, then revenue), segments in the order given. */
export function shareRecords(segments: readonly SegmentShares[]): ShareRecord[] {
  if (!segments.length) return [];
  return from(segments.map((s, order) => ({ order, name: s.name, customerShare: s.customerShare, revenueShare: s.revenueShare })))
    .fold(["customerShare", "revenueShare"], { as: ["key", "value"] })
    .orderby("order", "key")
    .objects()
    .map((row) => row as Record<string, unknown>)
    .map((d) => ({ name: String(d.name), measure: MEASURE[String(d.key)], value: Number(d.value) }));
}
