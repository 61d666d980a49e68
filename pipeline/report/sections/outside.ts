/** The customers kept out of the clustering (segmentation.missing "exclude": "Not segmented (missing income)"), summarised like segments over everyone. */
import type { OutsideSection } from "../../../src/lib/report/types.js";
import type { ReportContext } from "../context.js";

export async function outsideSection(ctx: ReportContext): Promise<OutsideSection> {
  return { outside: ctx.segmentation.groups };
}
