/**
 * A report of a project with transactions, as its type: migration, purchase figures, products and the
 * action sections (KPIs, recommendations, audiences, RFM segments, the scorecard) are there (a
 * customers-only report has them null). `transactionsReport` checks the mode and narrows the type, for
 * code and tests that read those parts.
 */
import type { SegmentSummary } from "../segments/summary.js";
import type { AudiencesSection, KpisSection, Migration, PublishedReport, RecommendationsSection, ReportProfile, ReportSegment, RfmSection, ScorecardSection, SegmentChange } from "./types.js";

/** A segment of a report with transactions: purchase figures, its change since the earlier date and its action parts. */
export type TransactionsSegment = ReportSegment &
  SegmentSummary &
  SegmentChange & {
    recommendations: NonNullable<ReportSegment["recommendations"]>;
    scorecard: NonNullable<ReportSegment["scorecard"]>;
  };

export type TransactionsReport = Omit<
  PublishedReport,
  "migration" | "segments" | "outside" | "profile" | "totals" | "everyone" | "kpis" | "recommendations" | "audiences" | "rfmSegments" | "scorecard"
> & {
  /** The groups kept out of the clustering, with their net revenue. */
  outside: (PublishedReport["outside"][number] & { revenue: number; revenueShare: number; revenuePerCustomer: number; avgOrderValue: number })[];
  migration: Migration;
  segments: TransactionsSegment[];
  profile: ReportProfile & { products: NonNullable<ReportProfile["products"]> };
  totals: { customers: number; revenue: number };
  everyone: SegmentSummary;
  asOf: string;
  kpis: NonNullable<KpisSection["kpis"]>;
  recommendations: NonNullable<RecommendationsSection["recommendations"]>;
  audiences: NonNullable<AudiencesSection["audiences"]>;
  rfmSegments: NonNullable<RfmSection["rfmSegments"]>;
  scorecard: NonNullable<ScorecardSection["scorecard"]>;
};

export function transactionsReport(report: PublishedReport): TransactionsReport {
  if (report.mode !== "transactions" || report.migration === null) throw new Error(`expected the report of a project with transactions, got a ${report.mode} report`);
  return report as unknown as TransactionsReport;
}
