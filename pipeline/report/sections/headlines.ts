/**
 * The headline findings (src/lib/report/headlines.ts): computed last, from the report the other
 * sections composed, plus the two figures of single customers it needs (revenue concentration and
 * revenue of customers at risk), read from the feature table; predicted value at risk from the clv part.
 */
import { customerFigures, headlines, predictedAtRisk } from "../../../src/lib/report/headlines.js";
import type { HeadlineReport } from "../../../src/lib/report/headlines.js";
import type { ClvReport, HeadlinesSection } from "../../../src/lib/report/types.js";
import type { ReportContext } from "../context.js";

export async function headlinesSection(ctx: ReportContext, composed: object): Promise<HeadlinesSection> {
  // The findings are of purchases (revenue concentration, at-risk revenue, change since an earlier
  // date): a customers-only report has none, and says why (report.unavailable.headlines).
  if (!ctx.transactions) return { headlines: [] };
  const report = composed as HeadlineReport & { quality: { transactions: { currency: string | null } }; clv: Pick<ClvReport, "status" | "options" | "everyone" | "atRiskRule"> };
  const columns = await ctx.featureColumns(["monetary", "recency_days"]);
  const k = ctx.names.length;
  const segmented = Array.from(ctx.labels, (label) => label < k);
  const currency = report.quality.transactions.currency;
  return { headlines: headlines(report, customerFigures(columns.monetary as number[], columns.recency_days as number[], segmented), { predicted: predictedAtRisk(report.clv) ?? undefined, currency }) };
}
