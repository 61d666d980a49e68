/**
 * The report's earlier date (report.previousAsOfDays before the as-of date): features recomputed then
 * from the same transactions, each customer assigned to the nearest current centroid or prototype
 * through the current model, blanks handled as the model recorded (no re-clustering, so a segment means
 * the same kind of customer at both dates), and the migration and each segment's change between the two
 * dates. Customers left out for blanks then are in the group of the same reason (a group only the
 * earlier date has gets a code of its own after the current ones). A customers-only project has no
 * earlier date: no migration.
 */
import { changeSince } from "../../../src/lib/report/change.js";
import type { MigrationSection } from "../../../src/lib/report/types.js";
import { daysBefore } from "../../../src/lib/io/dates.js";
import { assignCustomers } from "../../../src/lib/segments/customerSegmentation.js";
import { summariseSegments, type FeatureColumns, type SegmentSummary } from "../../../src/lib/segments/summary.js";
import { readColumns } from "../../parquet.js";
import { featuresAt } from "../../run.js";
import type { ReportContext } from "../context.js";

export async function migrationSection(ctx: ReportContext): Promise<MigrationSection> {
  const { config, segmentation, outputs } = ctx;
  if (!ctx.transactions || outputs.asOf === null) {
    return { migration: null, segments: segmentation.segments.map(() => ({ previous: null, change: null, flows: null })) };
  }
  const { features } = config.segmentation;
  const days = config.report.previousAsOfDays;
  const previousAsOf = daysBefore(outputs.asOf, days);
  const file = await featuresAt(ctx.db, outputs, previousAsOf);
  const then = await readColumns(ctx.db, file, [...new Set(["customer_id", "recency_days", "frequency", "monetary", ...features])]);
  const ids = (then.customer_id as unknown[]).map(String);
  let assigned;
  try {
    assigned = assignCustomers(segmentation, then, { ids });
  } catch (error) {
    throw new Error(`at the earlier date ${previousAsOf} (report.previousAsOfDays before the as-of date): ${(error as Error).message}`);
  }
  const k = segmentation.k;
  const names = [...segmentation.segments.map((s) => s.name), ...assigned.groupLabels];
  const codes = names.length;
  const nowColumns = (await ctx.featureColumns(["customer_id", "recency_days", "frequency", "monetary"])) as unknown as FeatureColumns;
  const now = summariseSegments(nowColumns, ctx.labels, codes);
  const change = changeSince(
    { asOf: outputs.asOf, ids: ctx.customerIds, labels: ctx.labels, summaries: now as SegmentSummary[] },
    { asOf: previousAsOf, ids, labels: assigned.labels, summaries: summariseSegments(then as unknown as FeatureColumns, assigned.labels, codes) },
    names,
    days,
    k,
  );
  return { migration: change.migration, segments: change.segments.slice(0, k) };
}
