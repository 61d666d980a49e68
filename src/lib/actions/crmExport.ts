/**
 * The CRM export's columns (pipeline/report/export.ts writes it; the report's export section lists
 * them): the customer, their segment or audience, and the next best products (nextBest.ts).
 */
import { EXPORT_HEADER } from "../io/csv.js";
import { nextBestColumns } from "./nextBest.js";

export function crmExportColumns(nextBest: number, by: "segment" | "audience" = "segment"): string[] {
  return [EXPORT_HEADER[0], by === "segment" ? EXPORT_HEADER[1] : "audience", ...(nextBest > 0 ? nextBestColumns(nextBest) : [])];
}
