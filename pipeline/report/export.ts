/** The CRM export: every customer's published segment, for CRM and marketing tools; or only the changes since a previous export. */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { segmentExportCsv } from "../../src/lib/io/csv.js";
import { exportChanges, readPreviousExport, type ExportChanges } from "../../src/lib/report/exportChanges.js";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { loadConfig } from "../config.js";
import { buildReport } from "./build.js";

/** The CRM export (customer_id,segment) as CSV text: the CLI's `export`. */
export async function buildExport(configFile?: string): Promise<{ csv: string; customers: number; report: PublishedReport }> {
  const { report, labels, customerIds } = await buildReport(configFile);
  const csv = segmentExportCsv(customerIds, labels, report.segments.map((s) => s.name));
  return { csv, customers: customerIds.length, report };
}

/**
 * The customers whose segment changed since a previous full export (customer_id,segment,previous_segment,change):
 * the CLI's `export --since PREVIOUS`. The previous file is read before the report is built, so a wrong
 * file stops at once.
 */
export async function buildExportSince(previousFile: string, configFile?: string): Promise<ExportChanges & { customers: number; report: PublishedReport }> {
  const shown = relative(process.cwd(), previousFile) || previousFile;
  let text: string;
  try {
    text = readFileSync(previousFile, "utf-8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${shown}: ${code === "ENOENT" ? "previous export not found" : code === "EISDIR" ? "a folder, not a previous export" : (error as Error).message}`);
  }
  const previous = readPreviousExport(text, shown);
  const { report, labels, customerIds } = await buildReport(configFile);
  const changes = exportChanges(previous, customerIds, labels, report.segments.map((s) => s.name));
  return { ...changes, customers: customerIds.length, report };
}

/** The CRM export as the site publishes it (/data/segment-export.csv): only when report.publishExport is true. */
export async function publishedExport(configFile?: string): Promise<string> {
  if (!loadConfig(configFile).config.report.publishExport) {
    throw new Error("report.publishExport is false in the config: the segment export is not published (use `npm run -s workbench -- export --out FILE`)");
  }
  return (await buildExport(configFile)).csv;
}
