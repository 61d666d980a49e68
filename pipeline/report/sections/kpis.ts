/**
 * KPIs per segment, RFM segment and audience, and the whole base's (src/lib/actions/kpis.ts): repeat
 * rate, average order value, purchase frequency, share of revenue from returns, days between orders.
 * A segment without customers has no KPIs (null), not zeros.
 */
import { kpiSql, type SegmentKpis } from "../../../src/lib/actions/kpis.js";
import type { KpisSection, ReportKpis } from "../../../src/lib/report/types.js";
import { reportActions, type Labelling } from "../actions.js";
import type { ReportContext } from "../context.js";

const strip = ({ segment: _, base: __, ...kpis }: SegmentKpis): ReportKpis => kpis;

export async function kpisSection(ctx: ReportContext): Promise<KpisSection> {
  if (!ctx.transactions) return { kpis: null, segments: ctx.segmentation.segments.map(() => ({ kpis: null })) };
  const actions = reportActions(ctx);
  const run = async (labelling: Labelling) => (labelling.groups.length ? actions.all<SegmentKpis>(kpiSql(labelling.source)) : []);
  const per = (labelling: Labelling, rows: SegmentKpis[]) =>
    labelling.groups.map(({ key }) => {
      const row = rows.find((r) => !r.base && r.segment === key);
      return row ? strip(row) : null;
    });
  const clusters = await actions.clusters();
  const rfm = await actions.rfm();
  const audiences = (await actions.audiences()).labelling;
  const clusterRows = await run(clusters);
  const everyone = clusterRows.find((r) => r.base);
  if (!everyone) throw new Error("KPIs: no row for the whole base (no customers?)");
  const named = (labelling: Labelling, kpis: (ReportKpis | null)[]) => kpis.map((k, i) => ({ name: labelling.groups[i].name, kpis: k }));
  return {
    kpis: {
      everyone: strip(everyone),
      // The segment table labels a group's customers with its code (k + g): its row is there too.
      outside: ctx.segmentation.groups.map((g) => {
        const row = clusterRows.find((r) => !r.base && r.segment === g.code);
        return { name: g.label, kpis: row ? strip(row) : null };
      }),
      rfm: named(rfm, per(rfm, await run(rfm))),
      audiences: named(audiences, per(audiences, await run(audiences))),
    },
    segments: per(clusters, clusterRows).map((kpis) => ({ kpis })),
  };
}
