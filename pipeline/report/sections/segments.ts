/** The report's segments: the committed segmentation with the config's plays, the whole base and the totals. */
import { summariseBase, totalsOf } from "../../../src/lib/report/base.js";
import { segmentPath } from "../../../src/lib/report/paths.js";
import type { SegmentsSection } from "../../../src/lib/report/types.js";
import { resolvePlay } from "../../../src/lib/segments/playbook.js";
import type { FeatureColumns } from "../../../src/lib/segments/summary.js";
import type { ReportContext } from "../context.js";

export async function segmentsSection(ctx: ReportContext): Promise<SegmentsSection> {
  const { config, segmentation } = ctx;
  const columns = await ctx.featureColumns(["customer_id", "recency_days", "frequency", "monetary", "tenure_days"]);
  const segments = segmentation.segments.map((s) => {
    // runSegmentation names segments from the built-in playbook; the report applies the config's edits too.
    const play = resolvePlay(s.archetype, config.playbook, config.segmentation.actions[String(s.segment)]);
    return { ...s, description: play.description, action: play.action, play, path: segmentPath(s.segment) };
  });
  return {
    asOf: ctx.outputs.asOf,
    config: config.segmentation,
    // Every customer: the segments and the groups kept out of the clustering add up to the base.
    totals: totalsOf([...segmentation.segments, ...segmentation.groups]),
    everyone: summariseBase(columns as unknown as FeatureColumns),
    segments,
    inertia: segmentation.inertia,
  };
}
