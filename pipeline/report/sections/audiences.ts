/**
 * The config's audiences (`audiences`: name, rule, play) over the audience table (the feature table
 * and the published segment): each one's customers and value with their shares, and the overlap
 * matrix (src/lib/actions/audiences.ts). The rules were checked against the table at the start of
 * the report (build.ts).
 */
import { audienceOverlapSql, audienceSummarySql, type AudienceOverlap, type AudienceSummary } from "../../../src/lib/actions/audiences.js";
import { playFromOverride } from "../../../src/lib/actions/rfmPlays.js";
import type { AudiencesSection } from "../../../src/lib/report/types.js";
import { round } from "../../../src/lib/segments/summary.js";
import { reportActions } from "../actions.js";
import type { ReportContext } from "../context.js";

export async function audiencesSection(ctx: ReportContext): Promise<AudiencesSection> {
  if (!ctx.transactions) return { audiences: null };
  const actions = reportActions(ctx);
  const { definitions, table } = await actions.audiences();
  const valueColumn = table.valueColumn ?? null;
  if (definitions.length === 0) {
    const { monetary } = await ctx.featureColumns(["monetary"]);
    return {
      audiences: { valueColumn, baseCustomers: ctx.customerIds.length, baseValue: round((monetary as number[]).reduce((s, x) => s + x, 0)), list: [], overlap: [] },
    };
  }
  const summary = await actions.all<AudienceSummary>(audienceSummarySql(definitions, table));
  const overlap = await actions.all<AudienceOverlap>(audienceOverlapSql(definitions, table));
  return {
    audiences: {
      valueColumn,
      baseCustomers: summary[0].base_customers,
      baseValue: summary[0].base_value,
      list: summary.map(({ base_customers: _, base_value: __, ...row }, i) => ({
        ...row,
        rule: definitions[i].rule,
        play: (playFromOverride(definitions[i].play) as Record<string, string> | null) ?? null,
      })),
      overlap,
    },
  };
}
