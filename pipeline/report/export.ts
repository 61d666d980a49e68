/** The CRM export: every customer's published segment, for CRM and marketing tools. */
import { segmentExportCsv } from "../../src/lib/io/csv.js";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { buildReport } from "./build.js";

/** The CRM export (customer_id,segment) as CSV text. */
export async function buildExport(configFile?: string): Promise<{ csv: string; customers: number; report: PublishedReport }> {
  const { report, labels, customerIds } = await buildReport(configFile);
  const csv = segmentExportCsv(customerIds, labels, report.segments.map((s) => s.name));
  return { csv, customers: customerIds.length, report };
}
