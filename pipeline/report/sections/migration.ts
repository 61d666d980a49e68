/**
 * The report's earlier date (report.previousAsOfDays before the as-of date): features recomputed then
 * from the same transactions, each customer assigned to the nearest current centroid through the
 * current model (no re-clustering, so a segment means the same kind of customer at both dates), and
 * the migration and each segment's change between the two dates.
 */
import { changeSince } from "../../../src/lib/report/change.js";
import type { MigrationSection } from "../../../src/lib/report/types.js";
import { daysBefore } from "../../../src/lib/io/dates.js";
import { assertNoBlanks } from "../../../src/lib/cluster/missing.js";
import { assignWithGroups } from "../../../src/lib/segments/migration.js";
import { summariseSegments, type FeatureColumns } from "../../../src/lib/segments/summary.js";
import { readColumns } from "../../parquet.js";
import { featuresAt } from "../../run.js";
import type { ReportContext } from "../context.js";

export async function migrationSection(ctx: ReportContext): Promise<MigrationSection> {
  const { config, segmentation, outputs } = ctx;
  const { features, k } = config.segmentation;
  const days = config.report.previousAsOfDays;
  const previousAsOf = daysBefore(outputs.asOf, days);
  const file = await featuresAt(ctx.db, outputs, previousAsOf);
  const then = await readColumns(ctx.db, file, [...new Set(["customer_id", "recency_days", "frequency", "monetary", ...features])]);
  const ids = (then.customer_id as unknown[]).map(String);
  try {
    // runSegmentation checks the current features; the model would read a blank then as 0 too.
    assertNoBlanks(then, features, { ids });
  } catch (error) {
    throw new Error(`at the earlier date ${previousAsOf} (report.previousAsOfDays before the as-of date): ${(error as Error).message}`);
  }
  const numeric: Record<string, ArrayLike<number>> = {};
  for (const f of new Set([...features, "monetary"])) numeric[f] = then[f] as number[];
  // The groups kept out of the clustering by the same rules then (codes k + g), the rest to the nearest centroid.
  const labels = assignWithGroups(segmentation.model, segmentation.centroids, numeric);
  const codes = ctx.labelCount;
  const now = summariseSegments(await ctx.featureColumns(["customer_id", "recency_days", "frequency", "monetary"]) as unknown as FeatureColumns, ctx.labels, codes);
  return changeSince(
    { asOf: outputs.asOf, ids: ctx.customerIds, labels: ctx.labels, summaries: [...segmentation.segments, ...now.slice(k)] },
    { asOf: previousAsOf, ids, labels, summaries: summariseSegments(then as unknown as FeatureColumns, labels, codes) },
    [...ctx.names, ...segmentation.groups.map((g) => g.label)],
    days,
    k,
  );
}
