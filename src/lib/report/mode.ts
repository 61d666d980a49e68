/**
 * A report of a project with transactions, as its type: migration, purchase figures and products are
 * there (a customers-only report has them null). `transactionsReport` checks the mode and narrows the
 * type, for code and tests that read those parts.
 */
import type { SegmentSummary } from "../segments/summary.js";
import type { Migration, PlayedSegment, PublishedReport, ReportProfile, SegmentChange } from "./types.js";

export type TransactionsReport = Omit<PublishedReport, "migration" | "segments" | "profile" | "totals" | "everyone"> & {
  migration: Migration;
  segments: (PlayedSegment & SegmentSummary & SegmentChange)[];
  profile: ReportProfile & { products: NonNullable<ReportProfile["products"]> };
  totals: { customers: number; revenue: number };
  everyone: SegmentSummary;
  asOf: string;
};

export function transactionsReport(report: PublishedReport): TransactionsReport {
  if (report.mode !== "transactions" || report.migration === null) throw new Error(`expected the report of a project with transactions, got a ${report.mode} report`);
  return report as unknown as TransactionsReport;
}
