/** The CRM export: every customer's published segment, for CRM and marketing tools. */
import { segmentExportCsv } from "../../src/lib/io/csv.js";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { loadConfig } from "../config.js";
import { buildReport } from "./build.js";

/**
 * The CRM export (customer_id,segment) as CSV text: the CLI's `export`. A customer kept out of the
 * clustering gets its group's label ("Net returners"), so every customer is in the file.
 */
export async function buildExport(configFile?: string): Promise<{ csv: string; customers: number; report: PublishedReport }> {
  const { report, labels, customerIds } = await buildReport(configFile);
  const csv = segmentExportCsv(customerIds, labels, [...report.segments.map((s) => s.name), ...report.outside.map((g) => g.label)]);
  return { csv, customers: customerIds.length, report };
}

/** The CRM export as the site publishes it (/data/segment-export.csv): only when report.publishExport is true. */
export async function publishedExport(configFile?: string): Promise<string> {
  if (!loadConfig(configFile).config.report.publishExport) {
    throw new Error("report.publishExport is false in the config: the segment export is not published (use `npm run -s workbench -- export --out FILE`)");
  }
  return (await buildExport(configFile)).csv;
}
