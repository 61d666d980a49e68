/**
 * The customers kept out of the clustering (net returners, …: src/lib/segments/outside.ts; then
 * "Not segmented (missing income)" for blanks under segmentation.missing "exclude"), summarised
 * like segments over everyone, and what the preparation did with extreme values, with the segments
 * smaller than report.minSegmentSize.
 */
import { smallSegments } from "../../../src/lib/cluster/outliers.js";
import type { OutsideSection } from "../../../src/lib/report/types.js";
import type { ReportContext } from "../context.js";

export async function outsideSection(ctx: ReportContext): Promise<OutsideSection> {
  const { segmentation, config } = ctx;
  const minSegmentSize = config.report.minSegmentSize;
  return {
    outside: segmentation.groups,
    outliers: {
      features: segmentation.outliers,
      minSegmentSize,
      smallSegments: smallSegments(segmentation.segments, minSegmentSize),
    },
  };
}
