/** One segment page's slice of the published report (the data loader src/data/segments/[segment].json.ts). */
import { qualityCurrency } from "../ingest/quality.js";
import type { CategoricalProfile } from "../segments/profile.js";
import type { PublishedReport, SegmentGeography, SegmentGeographyRow, SegmentPageData } from "./types.js";

/** One code's rows of a geography profile: its customers and share per value, with everyone's share. */
function geographyRows(profile: CategoricalProfile, code: number): SegmentGeographyRow[] {
  return profile.values.map((value, v) => ({
    value,
    customers: profile.segments[code][v].customers,
    share: profile.segments[code][v].share,
    everyoneCustomers: profile.everyone[v].customers,
    everyoneShare: profile.everyone[v].share,
  }));
}

/** The slice of the report one segment page shows. */
export function segmentPageData(report: PublishedReport, segment: number): SegmentPageData {
  const s = report.segments.find((x) => x.segment === segment);
  if (!s) throw new Error(`no segment ${segment}: the report has segments 0 to ${report.segments.length - 1}`);
  const { profile, migration, geography } = report;
  const geo: SegmentGeography | null =
    geography.country || geography.region
      ? {
          country: geography.country ? { column: geography.country.column, rows: geographyRows(geography.country.profile, segment) } : null,
          region: geography.region ? { column: geography.region.column, rows: geographyRows(geography.region.profile, segment) } : null,
        }
      : null;
  return {
    mode: report.mode,
    asOf: report.asOf,
    currency: qualityCurrency(report.quality),
    value: report.value,
    previousAsOf: migration?.previousAsOf ?? null,
    days: migration?.days ?? null,
    totals: report.totals,
    everyone: report.everyone,
    outside: report.outside,
    unavailable: report.unavailable,
    clustering: report.clustering,
    segment: s,
    small: report.outliers.smallSegments.some((x) => x.segment === segment) ? { minSegmentSize: report.outliers.minSegmentSize } : null,
    index: report.segments.map((x) => ({ segment: x.segment, name: x.name, path: x.path })),
    features: profile.features.map(({ segments, ...f }) => ({ ...f, segment: segments[segment] })),
    attributes: profile.attributes.map(({ segments, ...a }) => ({ ...a, segment: segments[segment] })),
    categories: profile.categories ? profile.categories.segments[segment] : null,
    products: profile.products ? profile.products.segments[segment] : null,
    migration: migration ? { matrix: migration.matrix, names: migration.names } : null,
    geography: geo,
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
    // Null in a customers-only project (no purchases; report.unavailable says why).
    kpisEveryone: report.kpis?.everyone ?? null,
    scorecard: report.scorecard ? (({ rfm: _r, audiences: _a, ...rest }) => rest)(report.scorecard) : null,
    recommendationFloors: report.recommendations ? { floors: report.recommendations.floors, pairFloors: report.recommendations.pairFloors } : null,
    historyNote: report.historyNote,
  };
}
