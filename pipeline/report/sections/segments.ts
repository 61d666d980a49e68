/** The report's segments: the committed segmentation with its plays and pages, how it clustered, the whole base and the totals. */
import { segmentPath } from "../../../src/lib/report/paths.js";
import type { SegmentsSection } from "../../../src/lib/report/types.js";
import { round } from "../../../src/lib/segments/summary.js";
import type { ReportContext } from "../context.js";

/** Why a customers-only report has no migration, purchases or RFM segments. */
export const CUSTOMERS_ONLY_REASONS = {
  migration: "This is a customers-only project (inputs.transactions is null): there is one snapshot of the customers export and no purchase history, so there is no earlier date to compare segments with.",
  purchases: "This is a customers-only project (inputs.transactions is null): there are no purchases, so no categories, products, recency, frequency or revenue.",
  rfm: "This is a customers-only project (inputs.transactions is null): RFM scores need purchases (recency, frequency, monetary), so there are no RFM segments.",
  kpis: "This is a customers-only project (inputs.transactions is null): KPIs are of orders (repeat rate, order value, returns, days between orders), so there are none.",
  recommendations: "This is a customers-only project (inputs.transactions is null): recommendations are products and categories a segment over-indexes on in its purchases, so there are none.",
  scorecard: "This is a customers-only project (inputs.transactions is null): the scorecard measures revenue, stability against an earlier date and RFM segments, none of which a single customers export has, so there is no scorecard.",
  audiences: "This is a customers-only project (inputs.transactions is null): the report's audiences (value, overlaps, scorecard, CRM export with next best products) are built over purchases, so the config's audiences are not evaluated here.",
  clv: "This is a customers-only project (inputs.transactions is null): CLV predictions need purchases, so there are none.",
  headlines: "This is a customers-only project (inputs.transactions is null): the headline findings are of purchases (revenue concentration, revenue at risk, change since an earlier date), so there are none; the segments' sizes are in the table below.",
  history: "This is a customers-only project (inputs.transactions is null): segments over time need purchases at earlier dates (each snapshot's features come from the transactions up to it), so there is no history.",
} as const;

export async function segmentsSection(ctx: ReportContext): Promise<SegmentsSection> {
  const { config, segmentation } = ctx;
  const segments = segmentation.segments.map((s) => ({ ...s, path: segmentPath(s.segment) }));
  // Every customer: the segments and the groups kept out of the clustering add up to the base.
  const all = [...segmentation.segments, ...segmentation.groups];
  const revenue = ctx.value === null ? null : round(all.reduce((sum, s) => sum + (s.revenue ?? 0), 0));
  return {
    mode: ctx.transactions ? "transactions" : "customers",
    asOf: ctx.outputs.asOf,
    config: config.segmentation,
    clustering: {
      method: segmentation.method,
      naming: segmentation.naming,
      features: segmentation.features,
      gamma: segmentation.gamma,
      gammaIsDefault: segmentation.gammaIsDefault,
      missing: segmentation.missing,
    },
    value: ctx.value,
    totals: { customers: all.reduce((sum, s) => sum + s.customers, 0), revenue },
    everyone: segmentation.everyone,
    segments,
    inertia: segmentation.cost,
    unavailable: ctx.transactions ? {} : { ...CUSTOMERS_ONLY_REASONS },
  };
}
