/** One segment page's slice of the published report (the data loader src/data/segments/[segment].json.ts). */
import type { PublishedReport, SegmentPageData } from "./types.js";

/** The slice of the report one segment page shows. */
export function segmentPageData(report: PublishedReport, segment: number): SegmentPageData {
  const s = report.segments.find((x) => x.segment === segment);
  if (!s) throw new Error(`no segment ${segment}: the report has segments 0 to ${report.segments.length - 1}`);
  const { profile } = report;
  return {
    asOf: report.asOf,
    currency: report.quality.transactions.currency,
    previousAsOf: report.migration.previousAsOf,
    days: report.migration.days,
    totals: report.totals,
    everyone: report.everyone,
    outside: report.outside,
    segment: s,
    small: report.outliers.smallSegments.some((x) => x.segment === segment) ? { minSegmentSize: report.outliers.minSegmentSize } : null,
    index: report.segments.map((x) => ({ segment: x.segment, name: x.name, path: x.path })),
    features: profile.features.map(({ segments, ...f }) => ({ ...f, segment: segments[segment] })),
    attributes: profile.attributes.map(({ segments, ...a }) => ({ ...a, segment: segments[segment] })),
    categories: profile.categories ? profile.categories.segments[segment] : null,
    products: profile.products.segments[segment],
    migration: { matrix: report.migration.matrix, names: report.migration.names },
    clv: {
      status: report.clv.status,
      reasons: report.clv.reasons,
      options: report.clv.options,
      everyone: report.clv.everyone,
      atRiskRule: report.clv.atRiskRule,
      validation: report.clv.validation && {
        status: report.clv.validation.status,
        reasons: report.clv.validation.reasons,
        calibrationEnd: report.clv.validation.model?.calibrationEnd ?? null,
        holdoutDays: report.clv.validation.model?.holdoutDays ?? null,
      },
      holdout: report.clv.validation?.segments.find((h) => h.segment === segment) ?? null,
    },
    kpisEveryone: report.kpis.everyone,
    scorecard: (({ rfm: _r, audiences: _a, ...rest }) => rest)(report.scorecard),
    recommendationFloors: { floors: report.recommendations.floors, pairFloors: report.recommendations.pairFloors },
    historyNote: report.historyNote,
  };
}
