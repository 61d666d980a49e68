/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 *
 * The report is composed from sections (pipeline/report/sections/, composed by compose.ts): each
 * section's part is one interface here, holding the top-level keys it owns and, optionally,
 * `segments`: fields it adds to each segment (by segment number). PublishedReport is their union.
 */
import type { HistoryCadence, SegmentationConfig } from "../config/config.js";
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
  totals: Totals;
  /** The whole base, summarised like a segment (segment = -1). */
  everyone: SegmentSummary;
  segments: PlayedSegment[];
  inertia: number;
}

/** Ingest accounting, with input paths as published (pipeline/report/quality.ts: publicQuality). */
export interface QualitySection {
  quality: QualityReport;
}

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
  previousTotals: Totals;
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

/**
 * A column of the history: a segment (its number), or a labelled group of customers who are in no
 * segment (segment null: net returners, "Not segmented (missing …)"), counted beside the segments so
 * that the sizes sum to every customer with a purchase before the date.
 */
export interface HistoryCategory {
  label: string;
  segment: number | null;
}

/** How far a refit at a snapshot's date (same settings and seed) would move its customers from today's model. */
export interface HistoryDrift {
  /** Adjusted Rand index between today's model's assignment of the date's customers and the refit's. */
  ari: number;
  /** Share of the date's customers the refit puts elsewhere (refit clusters matched to today's segments by nearest centroids). */
  moved: number;
  /** Per segment of today's model: how far the matched refit centroid lies from its centroid, in today's prepared space. */
  centroidShift: number[];
  maxCentroidShift: number;
  /** The refit's cluster sizes, in today's segment order (by the matching). */
  refitSizes: number[];
}

/** A snapshot's drift, or why there is none (fewer customers than k). */
export type SnapshotDrift = HistoryDrift | { skipped: string };

/** One snapshot of the history: customers assigned to today's segments through today's model at `asOf`. */
export interface HistorySnapshot {
  asOf: string;
  /** The period is periodStart (included) to asOf (excluded): the previous snapshot's date. */
  periodStart: string;
  /** Customers with a purchase before asOf: the sum of sizes. */
  customers: number;
  /** Customers per category (history.categories) at asOf. */
  sizes: number[];
  /** Net revenue in the period (returns included) of each category's customers at asOf. */
  revenue: number[];
  /** Net revenue of every loaded transaction line in the period: the categories' revenue plus otherRevenue. */
  periodRevenue: number;
  /** Lines in the period of customers with no purchase before asOf (only returns or cancellations). */
  otherRevenue: { customers: number; revenue: number };
  /** Customers with a purchase before asOf and none before periodStart. */
  newCustomers: number;
  /** Per category: customers in it at asOf who were not at periodStart (new customers included), and the reverse. */
  added: number[];
  dropped: number[];
  /** Customers of periodStart in the same category at asOf, and in another. */
  stayed: number;
  moved: number;
  /** matrix[from][to]: rows = category at periodStart (last row: new), columns = category at asOf (last: not in the base, always 0). */
  matrix: number[][];
  drift: SnapshotDrift;
}

/** The report note asking for a review of the segmentation (report.history.reviewBelowAri). */
export interface HistoryReview {
  /** The most recent snapshot whose refit agrees with today's model below the threshold, and that ARI. */
  asOf: string;
  ari: number;
  /** Earlier snapshots below the threshold, of those compared (not skipped; the as-of date itself not counted). */
  below: number;
  compared: number;
  note: string;
}

/** Segments over time (report.history). */
export interface History {
  every: HistoryCadence;
  count: number;
  reviewBelowAri: number;
  /** Today's segments in number order, then any labelled groups. */
  categories: HistoryCategory[];
  /** Oldest first; the last is the as-of date (today's segmentation). */
  snapshots: HistorySnapshot[];
  review: HistoryReview | null;
}

/** One segment's KPIs in one period of the history (its members at the period's end, asOf). */
export interface PeriodKpis {
  asOf: string;
  periodStart: string;
  /** Members at asOf, and members added and dropped since periodStart. */
  customers: number;
  added: number;
  dropped: number;
  /** Members with an order (not a cancellation or return) in the period, and those orders. */
  active: number;
  orders: number;
  /** Of the active members, the share who had bought before the period; null with none active. */
  repeatRate: number | null;
  /** Members at periodStart, and the share of them with an order in the period (wherever they are now); null with none. */
  previousCustomers: number;
  retention: number | null;
  /** Net revenue of the members in the period. */
  revenue: number;
  /** Gross purchase revenue per order in the period; null with no orders. */
  avgOrderValue: number | null;
}

/** Per segment: its KPIs per period of the history, oldest first (null without a history). */
export interface SegmentTrend {
  trend: PeriodKpis[] | null;
}

/** Segments over many snapshots, drift and each segment's trend (sections/history.ts); null when report.history is null. */
export interface HistorySection {
  history: History | null;
  segments: SegmentTrend[];
}

/** One segment of the published report: every section's fields for it. */
export type ReportSegment = PlayedSegment & SegmentChange & SegmentTrend;

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport
  extends Omit<SegmentsSection, "segments">,
    QualitySection,
    Omit<MigrationSection, "segments">,
    ProfileSection,
    ExportSection,
    Omit<HistorySection, "segments"> {
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
  segment: ReportSegment;
  /** Every segment's number, name and path, for navigation and flow labels. */
  index: { segment: number; name: string; path: string }[];
  features: (Omit<ProfiledFeature, "segments"> & { segment: Distribution })[];
  attributes: (Omit<ProfiledAttribute, "segments"> & { segment: CategoricalProfile["everyone"] })[];
  categories: RankedItem[] | null;
  products: RankedItem[];
  /** The whole migration matrix, for the Sankey. */
  migration: Pick<Migration, "matrix" | "names">;
}
