/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 */
import type { SegmentationConfig } from "../config/config.js";
import type { QualityReport } from "../ingest/quality.js";
import type { Flow } from "../segments/migration.js";
import type { AttributeGroup, CategoricalProfile, Distribution, NumericProfile, RankedItem } from "../segments/profile.js";
import type { SegmentationResult } from "../segments/segmentation.js";
import type { SegmentSummary } from "../segments/summary.js";

export interface ShareOfBase {
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

export type ReportSegment = SegmentationResult["segments"][number] & {
  path: string;
  /** The same segment (same centroid) at the earlier as-of date. */
  previous: ShareOfBase;
  /** Now minus then (shares in fractions: 0.012 = 1.2 percentage points). */
  change: ShareOfBase;
  flows: { cameFrom: Flow[]; wentTo: Flow[] };
};

export interface Migration {
  asOf: string;
  previousAsOf: string;
  days: number;
  /** Current segment names by number. */
  names: string[];
  /** See migrationCounts: rows = segment at previousAsOf (last row: new), columns = segment now (last: not in the current base). */
  matrix: number[][];
  newCustomers: number;
  notInCurrent: number;
  stayed: number;
  moved: number;
  previousTotals: { customers: number; revenue: number };
}

export interface AttributeProfile extends CategoricalProfile {
  label: string;
  group: AttributeGroup;
}

export interface FeatureProfile extends NumericProfile {
  label: string;
  description: string;
}

export interface ReportProfile {
  features: FeatureProfile[];
  attributes: AttributeProfile[];
  categories: { everyone: RankedItem[]; segments: RankedItem[][] } | null;
  products: { everyone: RankedItem[]; segments: RankedItem[][] };
}

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport {
  asOf: string;
  /** The committed segmentation section the report was built from. */
  config: SegmentationConfig;
  totals: { customers: number; revenue: number };
  inertia: number;
  /** Ingest accounting, with input paths as published (src/lib/report: publicQuality). */
  quality: QualityReport;
  /** The whole base, summarised like a segment (segment = -1). */
  everyone: SegmentSummary;
  segments: ReportSegment[];
  migration: Migration;
  profile: ReportProfile;
  export: { published: boolean; path: string | null; columns: string[] };
}

/** One segment page's data: the segment, the base to compare with, and its slices of the profile. */
export interface SegmentPageData {
  asOf: string;
  previousAsOf: string;
  days: number;
  totals: PublishedReport["totals"];
  everyone: SegmentSummary;
  segment: ReportSegment;
  /** Every segment's number, name and path, for navigation and flow labels. */
  index: { segment: number; name: string; path: string }[];
  features: (Omit<FeatureProfile, "segments"> & { segment: Distribution })[];
  attributes: (Omit<AttributeProfile, "segments"> & { segment: CategoricalProfile["everyone"] })[];
  categories: RankedItem[] | null;
  products: RankedItem[];
  /** The whole migration matrix, for the Sankey. */
  migration: Pick<Migration, "matrix" | "names">;
}
