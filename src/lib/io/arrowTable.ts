/**
 * The loaders' Arrow bytes as an arquero table and, over the same columns, a TableLike for the
 * readers of arrowColumns.ts (its own module: arquero, with its expression parser, is for the
 * pages, and the clustering workers read columns without it).
 */
import { tableFromIPC } from "@uwdata/flechette";
import { fromArrow, type ColumnTable } from "arquero";
import type { TableLike } from "./arrowColumns.js";

/**
 * An Arrow IPC stream or file (what the data loaders ship) as an arquero table and, over the same
 * columns, a TableLike for the readers of arrowColumns.ts. The bytes are decoded once, in full: the whole
 * response was read before this, so nothing cancels a download half way (apache-arrow's streaming
 * reader, behind FileAttachment(…).arrow(), cancels the response once it has the last batch).
 */
export function arrowTable(bytes: Uint8Array): { table: ColumnTable; columns: TableLike } {
  // Dates as Date objects, as arquero reads them (plainValue turns them into ISO dates again).
  const columns = tableFromIPC(bytes, { useDate: true });
  return { table: fromArrow(columns as unknown as Parameters<typeof fromArrow>[0]), columns: columns as unknown as TableLike };
}
