/** The report's input row accounting, with input paths as published. */
import type { QualitySection } from "../../../src/lib/report/types.js";
import type { ReportContext } from "../context.js";
import { publicQuality } from "../quality.js";

export async function qualitySection(ctx: ReportContext): Promise<QualitySection> {
  return { quality: publicQuality(ctx.outputs.quality) };
}
