/**
 * The SQL page's `assignments` table (each customer's published segment, RFM segment and, when this
 * browser has workbench settings, workbench segment) as Arrow IPC bytes for DuckDB-WASM. Text columns
 * are plain Utf8 (not dictionaries, which DuckDB would read as ENUM), so they join with `features`.
 */
import { int32, tableFromArrays, tableToIPC, utf8 } from "@uwdata/flechette";

export interface LabelsWithNames {
  labels: Int32Array;
  /** Segment name by label. */
  names: readonly string[];
}

export function assignmentsIpc(ids: readonly (string | null)[], published: LabelsWithNames, rfmSegments: readonly (string | null)[], workbench: LabelsWithNames | null): Uint8Array {
  const n = ids.length;
  for (const [what, length] of [["published labels", published.labels.length], ["RFM segments", rfmSegments.length], ["workbench labels", workbench?.labels.length ?? n]] as const) {
    if (length !== n) throw new Error(`assignments: ${n} customers but ${length} ${what}`);
  }
  const named = (s: LabelsWithNames) => Array.from(s.labels, (c) => s.names[c] ?? null);
  const columns: Record<string, ArrayLike<unknown>> = {
    customer_id: ids,
    segment: published.labels,
    segment_name: named(published),
    rfm_segment: rfmSegments,
    ...(workbench ? { workbench_segment: workbench.labels, workbench_segment_name: named(workbench) } : {}),
  };
  const types = Object.fromEntries(Object.keys(columns).map((name) => [name, name === "segment" || name === "workbench_segment" ? int32() : utf8()]));
  return tableToIPC(tableFromArrays(columns as never, { types }), { format: "stream" })!;
}
