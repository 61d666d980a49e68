/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 *
 * The report is composed from sections (pipeline/report/sections/, composed by compose.ts): each
 * section's part is one interface here, holding the top-level keys it owns and, optionally,
 * `segments`: fields it adds to each segment (by segment number). PublishedReport is their union.
 */
import type { FeatureOutliers, SmallSegment } from "../cluster/outliers.js";
import type { SegmentationConfig } from "../config/config.js";
import type { QualityReport } from "../ingest/quality.js";
import type { OutsideGroup } from "../segments/outside.js";
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

export interface Totals {
  customers: number;
  revenue: number;
}

/** A segment of the committed segmentation, with the config's play and its page. */
export type PlayedSegment = SegmentationResult["segments"][number] & { path: string };

/** The segmentation over the current features (sections/segments.ts). */
export interface SegmentsSection {
  asOf: string;
  /** The committed segmentation section the report was built from. */
  config: SegmentationConfig;
  /** Every customer: the segments' plus the groups kept out of the clustering (`outside`). */
  totals: Totals;
  /** The whole base, summarised like a segment (segment = -1). */
  everyone: SegmentSummary;
  segments: PlayedSegment[];
  inertia: number;
}

/**
 * Customers kept out of the clustering, and extreme values (sections/outside.ts).
 *
 * The interface for groups outside the clustering (src/lib/segments/outside.ts): each group is
 * made by an OutsideRule (id, label, reason, which customers), tried in order after the net
 * returners; runSegmentation keeps the group's customers out of k-means and gives them the label
 * code k + its index, after the segment numbers. Everything indexed by label lists the segments
 * and then the groups: `migration.names` and the matrix rows and columns, `profile` distributions
 * (`segments[code]`), the report context's labels and segment table. Sizes add up:
 * Σ segments.customers + Σ outside.customers = totals.customers (and the same for revenue).
 * Groups have no page; pages count them next to the segments (overview, segment pages' "against
 * everyone", workbench, compare, RFM, the SQL page's `assignments`).
 */
export interface OutsideSection {
  /** The groups in rule order (net returners first), empty ones included. */
  outside: OutsideGroup[];
  /** What the preparation did with extreme values, and segments smaller than report.minSegmentSize. */
  outliers: {
    features: FeatureOutliers[];
    minSegmentSize: number;
    smallSegments: SmallSegment[];
  };
}

/** Ingest accounting, with input paths as published (pipeline/report/quality.ts: publicQuality). */
export interface QualitySection {
  quality: QualityReport;
}

export interface Migration {
  asOf: string;
  previousAsOf: string;
  days: number;
  /** Current segment names by number, then the labels of the groups kept out of the clustering (by code). */
  names: string[];
  /** See migrationCounts: rows = segment or group at previousAsOf (last row: new), columns = segment or group now (last: not in the current base). */
  matrix: number[][];
  newCustomers: number;
  notInCurrent: number;
  stayed: number;
  moved: number;
  previousTotals: Totals;
  /** Each group kept out of the clustering (by index in `outside`): its size then and now minus then. */
  groups: Pick<SegmentChange, "previous" | "change">[];
}

/** What changed for one segment since the earlier as-of date. */
export interface SegmentChange {
  /** The same segment (same centroid) at the earlier as-of date. */
  previous: ShareOfBase;
  /** Now minus then (shares in fractions: 0.012 = 1.2 percentage points). */
  change: ShareOfBase;
  flows: { cameFrom: Flow[]; wentTo: Flow[] };
}

/** The earlier as-of date: migration between the two dates and each segment's change (sections/migration.ts). */
export interface MigrationSection {
  migration: Migration;
  segments: SegmentChange[];
}

export interface ProfiledAttribute extends CategoricalProfile {
  label: string;
  group: AttributeGroup;
}

export interface ProfiledFeature extends NumericProfile {
  label: string;
  description: string;
}

export interface ReportProfile {
  features: ProfiledFeature[];
  attributes: ProfiledAttribute[];
  categories: { everyone: RankedItem[]; segments: RankedItem[][] } | null;
  products: { everyone: RankedItem[]; segments: RankedItem[][] };
}

/** Each segment against everyone: features, attributes, categories, products (sections/profile.ts). */
export interface ProfileSection {
  profile: ReportProfile;
}

/** Whether and where the customer → segment CSV is published (sections/export.ts). */
export interface ExportSection {
  export: { published: boolean; path: string | null; columns: string[] };
}

export type FigureFormat = "count" | "money" | "share" | "days";

/** A number a headline cites. */
export interface HeadlineFigure {
  key: string;
  label: string;
  value: number;
  format: FigureFormat;
}

/** A plain-words finding of the report, with the figures it cites (src/lib/report/headlines.ts). */
export interface Headline {
  /** What it is about: "concentration", "top-segment", "largest", "change", "at-risk", "predicted-at-risk". */
  key: string;
  /** The sentence with `{figure key}` placeholders. */
  template: string;
  /** The sentence filled in. */
  text: string;
  figures: HeadlineFigure[];
}

/** The headline findings, computed from the composed report (sections/headlines.ts). */
export interface HeadlinesSection {
  headlines: Headline[];
}

/** One segment of the published report: every section's fields for it. */
export type ReportSegment = PlayedSegment & SegmentChange;

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport
  extends Omit<SegmentsSection, "segments">,
    OutsideSection,
    QualitySection,
    Omit<MigrationSection, "segments">,
    ProfileSection,
    ExportSection,
    HeadlinesSection {
  segments: ReportSegment[];
}

/** One segment page's data: the segment, the base to compare with, and its slices of the profile. */
export interface SegmentPageData {
  asOf: string;
  /** ISO 4217 code of the money (the report's quality.transactions.currency), or null when unknown. */
  currency: string | null;
  previousAsOf: string;
  days: number;
  totals: Totals;
  everyone: SegmentSummary;
  /** The groups kept out of the clustering, counted in the totals and in everyone. */
  outside: OutsideGroup[];
  segment: ReportSegment;
  /** Whether the segment has fewer customers than report.minSegmentSize (and that size). */
  small: { minSegmentSize: number } | null;
  /** Every segment's number, name and path, for navigation and flow labels. */
  index: { segment: number; name: string; path: string }[];
  features: (Omit<ProfiledFeature, "segments"> & { segment: Distribution })[];
  attributes: (Omit<ProfiledAttribute, "segments"> & { segment: CategoricalProfile["everyone"] })[];
  categories: RankedItem[] | null;
  products: RankedItem[];
  /** The whole migration matrix, for the Sankey (names: the segments', then the groups'). */
  migration: Pick<Migration, "matrix" | "names">;
}
