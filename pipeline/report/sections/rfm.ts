/**
 * The RFM segments as the report acts on them: each rule's score ranges, its customers and revenue
 * with their shares, and its play (src/lib/actions/rfmPlays.ts: from the archetype the rule names or
 * its name stands for, the playbook and the rule's own play; rfm.other's from rfm.otherPlay).
 */
import type { ReportRfmSegment, RfmSection } from "../../../src/lib/report/types.js";
import { round } from "../../../src/lib/segments/summary.js";
import { reportActions } from "../actions.js";
import type { ReportContext } from "../context.js";

export async function rfmSection(ctx: ReportContext): Promise<RfmSection> {
  if (!ctx.transactions) return { rfmSegments: null };
  const rfm = await reportActions(ctx).rfm();
  const { monetary } = await ctx.featureColumns(["monetary"]);
  const values = monetary as number[];
  const n = values.length;
  const total = values.reduce((s, x) => s + x, 0);
  const rfmSegments = rfm.plays.map((p, i): ReportRfmSegment => {
    const rows = rfm.rows[i];
    const revenue = rows.reduce((s, r) => s + values[r], 0);
    const rule = p.rule === null ? null : ctx.config.rfm.segments[p.rule];
    return {
      ...p,
      ranges: rule ? { r: rule.r, f: rule.f, m: rule.m } : null,
      customers: rows.length,
      customerShare: round(n ? rows.length / n : 0, 4),
      revenue: round(revenue),
      revenueShare: round(total ? revenue / total : 0, 4),
    };
  });
  return { rfmSegments };
}
