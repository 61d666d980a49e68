/**
 * The published segment report, computed once per pipeline run and shared by the data loaders,
 * the CLI (`report`, `export`) and observablehq.config.ts (segment pages in the sidebar, sitePages.ts).
 *
 * The report is composed from sections (sections/), each a function of one shared context
 * (context.ts: the database, the pipeline outputs, the config, the current features and the committed
 * segmentation) returning its part of PublishedReport:
 *
 * - segments: the committed segmentation over the current features (k-means or k-prototypes, blanks
 *   handled by segmentation.missing) with its plays, how it clustered, the whole base and the totals;
 * - outside: the groups kept out of the clustering (net returners, then "Not segmented (missing
 *   income)") and the extreme values;
 * - quality: the ingest accounting as published;
 * - migration: segments at the earlier date (report.previousAsOfDays before), assigned with the current
 *   model, the moves between the two dates and each segment's change;
 * - profile: feature distributions, customer attributes, top categories and products;
 * - geography: each segment's make-up by the country and region attributes (map and table);
 * - export: whether the customer → segment CSV is published (never unless report.publishExport is true);
 * - clv: predicted value (config `clv`): the model, each segment's predictions, the holdout check.
 * - recommendations, kpis, audiences, rfm, scorecard: acting on each k-means segment, RFM segment and
 *   audience (actions.ts): what it over-indexes on, its KPIs, the config's audiences with their
 *   overlaps, the RFM segments' plays, and whether each segment is worth acting on.
 * - history: segments at every snapshot of report.history (assigned with the current model), the
 *   period figures, the drift of a refit at each snapshot and the review note; each segment's trend.
 * - headlines: plain-words findings, computed last from the report the others composed.
 *
 * No personal data: features carry no `pii` columns, and the report holds only aggregates.
 * Cached as report.json and assignments.json (the customer → segment assignment, for the CRM export)
 * in the pipeline's cache folder (keyed by the config, the inputs and the code), so the loaders of one
 * build compute it once.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { composeReport } from "../../src/lib/report/compose.js";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { openDatabase } from "../duckdb.js";
import { runPipeline, type PipelineOutputs } from "../run.js";
import { reportActions } from "./actions.js";
import { reportContext } from "./context.js";
import { clvSection } from "./sections/clv.js";
import { audiencesSection } from "./sections/audiences.js";
import { exportSection } from "./sections/export.js";
import { geographyAttributesSection } from "./sections/geography.js";
import { historySection } from "./sections/history.js";
import { headlinesSection } from "./sections/headlines.js";
import { kpisSection } from "./sections/kpis.js";
import { recommendationsSection } from "./sections/recommendations.js";
import { rfmSection } from "./sections/rfm.js";
import { scorecardSection } from "./sections/scorecard.js";
import { migrationSection } from "./sections/migration.js";
import { outsideSection } from "./sections/outside.js";
import { profileSection } from "./sections/profile.js";
import { qualitySection } from "./sections/quality.js";
import { segmentsSection } from "./sections/segments.js";

export interface BuiltReport {
  report: PublishedReport;
  labels: Int32Array;
  customerIds: string[];
}

/** Computes the report (no cache). */
async function computeReport(outputs: PipelineOutputs, configFile?: string): Promise<BuiltReport> {
  const db = await openDatabase();
  try {
    const ctx = await reportContext(db, outputs);
    // A bad audience rule or contact column stops the build here, with one line naming its key.
    // (The action sections need purchases: a customers-only report has them null, with reasons in report.unavailable.)
    if (ctx.transactions) await reportActions(ctx, configFile).check();
    // The sections, in the order the report's JSON lists their keys. Adding a section is one new
    // module in sections/ (a function of the context returning its part: the top-level keys it owns
    // and, optionally, `segments`, fields added to each segment), its interface in
    // src/lib/report/types.ts (added to PublishedReport), and one line here. The assignment to
    // PublishedReport fails to type-check until the parts cover the report exactly.
    const composed = composeReport([
      await segmentsSection(ctx),
      await outsideSection(ctx),
      await qualitySection(ctx),
      await migrationSection(ctx),
      await profileSection(ctx),
      await geographyAttributesSection(ctx),
      await exportSection(ctx),
      await clvSection(ctx),
      await recommendationsSection(ctx),
      await kpisSection(ctx),
      await audiencesSection(ctx),
      await rfmSection(ctx),
      await scorecardSection(ctx),
      await historySection(ctx),
    ]);
    // Sections that read the composed report (findings across parts) come last, composed onto it.
    const report: PublishedReport = composeReport([composed, await headlinesSection(ctx, composed)]);
    return { report, labels: ctx.labels, customerIds: ctx.customerIds };
  } finally {
    db.close();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** The published report for the config (default: workbench.config.json), computed once per pipeline run. */
export async function buildReport(configFile?: string): Promise<BuiltReport> {
  const outputs = await runPipeline(configFile);
  const reportFile = join(outputs.dir, "report.json");
  const assignmentsFile = join(outputs.dir, "assignments.json");
  if (existsSync(reportFile) && existsSync(assignmentsFile)) {
    const report = JSON.parse(readFileSync(reportFile, "utf-8")) as PublishedReport;
    const { customerIds, labels } = JSON.parse(readFileSync(assignmentsFile, "utf-8")) as { customerIds: string[]; labels: number[] };
    return { report, customerIds, labels: Int32Array.from(labels) };
  }
  const built = await computeReport(outputs, configFile);
  await writeAtomically(assignmentsFile, JSON.stringify({ customerIds: built.customerIds, labels: Array.from(built.labels) }));
  await writeAtomically(reportFile, JSON.stringify(built.report));
  return built;
}
