/**
 * The SQL page's `assignments` table (each customer's published segment, RFM segment and, when this
 * browser has workbench settings, workbench segment) as Arrow IPC bytes for DuckDB-WASM. Text columns
 * are plain Utf8 (not dictionaries, which DuckDB would read as ENUM), so they join with `features`.
 * A customer kept out of the clustering (a net returner, …) has no segment number (NULL) and its
 * group's label as the segment name, so counts by `segment_name` add up to every customer.
 */
import { int32, tableFromArrays, tableToIPC, utf8 } from "@uwdata/flechette";

export interface LabelsWithNames {
  labels: Int32Array;
  /** Segment name by label: the segments', then the groups kept out of the clustering. */
  names: readonly string[];
  /** How many of the names are segments (labels from this on are groups); default: all. */
  segments?: number;
}

export function assignmentsIpc(ids: readonly (string | null)[], published: LabelsWithNames, rfmSegments: readonly (string | null)[], workbench: LabelsWithNames | null): Uint8Array {
  const n = ids.length;
  for (const [what, length] of [["published labels", published.labels.length], ["RFM segments", rfmSegments.length], ["workbench labels", workbench?.labels.length ?? n]] as const) {
    if (length !== n) throw new Error(`assignments: ${n} customers but ${length} ${what}`);
  }
  const named = (s: LabelsWithNames) => Array.from(s.labels, (c) => s.names[c] ?? null);
  const numbered = (s: LabelsWithNames) => Array.from(s.labels, (c) => (c < (s.segments ?? s.names.length) ? c : null));
  const columns: Record<string, ArrayLike<unknown>> = {
    customer_id: ids,
    segment: numbered(published),
    segment_name: named(published),
    rfm_segment: rfmSegments,
    ...(workbench ? { workbench_segment: numbered(workbench), workbench_segment_name: named(workbench) } : {}),
  };
  const types = Object.fromEntries(Object.keys(columns).map((name) => [name, name === "segment" || name === "workbench_segment" ? int32() : utf8()]));
  return tableToIPC(tableFromArrays(columns as never, { types }), { format: "stream" })!;
}
