/** Whether the report's site publishes the customer → segment CSV (report.publishExport), where, and its columns. */
import { crmExportColumns } from "../../../src/lib/actions/crmExport.js";
import { EXPORT_PATH } from "../../../src/lib/report/paths.js";
import type { ExportSection } from "../../../src/lib/report/types.js";
import type { ReportContext } from "../context.js";

export async function exportSection(ctx: ReportContext): Promise<ExportSection> {
  const published = ctx.config.report.publishExport;
  return { export: { published, path: published ? EXPORT_PATH : null, columns: crmExportColumns(ctx.config.recommendations.nextBest) } };
}
