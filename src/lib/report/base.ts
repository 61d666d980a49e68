/** The whole customer base in the report: summarised like one segment, and its totals. */
import { round, summariseSegments, type FeatureColumns, type SegmentSummary } from "../segments/summary.js";
import type { Totals } from "./types.js";

/** Everyone as one segment (segment = -1), so a segment's figures can be read against the base's. */
export function summariseBase(columns: FeatureColumns): SegmentSummary {
  const n = columns.customer_id.length;
  return { ...summariseSegments(columns, new Int32Array(n), 1)[0], segment: -1 };
}

/** Customers and revenue over all segments (the sum of the segments' rounded revenues, rounded again). */
export function totalsOf(segments: readonly Pick<SegmentSummary, "customers" | "revenue">[]): Totals {
  let customers = 0;
  let revenue = 0;
  for (const s of segments) {
    customers += s.customers;
    revenue += s.revenue;
  }
  return { customers, revenue: round(revenue) };
}
