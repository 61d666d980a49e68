/**
 * Segments' customer and revenue shares in long form, one record per segment and measure, for the
 * share chart (src/components/shareBars.ts) and its CSV: arquero's fold of the two share columns.
 */
import { from } from "arquero";

export interface SegmentShares {
  name: string;
  customerShare: number;
  /** Null without a value measure (a customers-only project without report.valueColumns): no revenue record. */
  revenueShare: number | null;
}

export interface ShareRecord {
  name: string;
  measure: "Share of customers" | "Share of revenue";
  value: number;
}

const MEASURE: Record<string, ShareRecord["measure"]> = { customerShare: "Share of customers", revenueShare: "Share of revenue" };

/** Two records per segment (customers, then revenue), segments in the order given; customers only when no segment has a revenue share. */
export function shareRecords(segments: readonly SegmentShares[]): ShareRecord[] {
  if (!segments.length) return [];
  const measures = segments.every((s) => s.revenueShare !== null) ? ["customerShare", "revenueShare"] : ["customerShare"];
  return from(segments.map((s, order) => ({ order, name: s.name, customerShare: s.customerShare, revenueShare: s.revenueShare ?? 0 })))
    .fold(measures, { as: ["key", "value"] })
    .orderby("order", "key")
    .objects()
    .map((row) => row as Record<string, unknown>)
    .map((d) => ({ name: String(d.name), measure: MEASURE[String(d.key)], value: Number(d.value) }));
}
