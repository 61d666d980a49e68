/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 *
 * The report is composed from sections (pipeline/report/sections/, composed by compose.ts): each
 * section's part is one interface here, holding the top-level keys it owns and, optionally,
 * `segments`: fields it adds to each segment (by segment number). PublishedReport is their union.
 */
import type { SegmentationConfig } from "../config/config.js";
import type { FeatureSpec } from "../cluster/missing.js";
import type { QualityReport } from "../ingest/quality.js";
import type { CustomerSegment, MissingAccount, NamingKind, OutsideGroup, SegmentationMethod, SegmentFigures } from "../segments/customerSegmentation.js";
import type { Flow } from "../segments/migration.js";
import type { AttributeGroup, CategoricalProfile, Distribution, NumericProfile, RankedItem } from "../segments/profile.js";
import type { GeographySection } from "./geography.js";

export type { GeographySection };

export interface ShareOfBase {
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

export interface Totals {
  /** Every customer: the segments' plus the groups kept out of the clustering. */
  customers: number;
  /** Net revenue (or a customers-only project's value); null without a value measure. */
  revenue: number | null;
}

/** A segment of the committed segmentation, with the config's play and its page. */
export type PlayedSegment = CustomerSegment & { path: string };

/** What the report's "revenue" is: net revenue with transactions, a customers-only project's report.valueColumns, or none. */
export interface ValueMeasure {
  /** "net revenue", or "value (sum of fresh_spend, milk_spend)". */
  label: string;
  /** report.valueColumns, or null for net revenue. */
  columns: string[] | null;
  /** Customers without a value (a blank in a value column): not counted in any value total. */
  missing: number;
}

/** How the committed segmentation clustered: the method, each feature's kind, γ, the naming and the blanks. */
export interface ClusteringSummary {
  method: SegmentationMethod;
  naming: NamingKind;
  features: FeatureSpec[];
  /** k-prototypes' weight of one categorical mismatch (null for k-means) and whether it is Huang's default. */
  gamma: number | null;
  gammaIsDefault: boolean | null;
  missing: MissingAccount;
}

/** The segmentation over the current features (sections/segments.ts). */
export interface SegmentsSection {
  /** "transactions", or "customers" for a customers-only project (no purchases: no RFM, migration or products). */
  mode: "transactions" | "customers";
  /** The as-of date; null only in a customers-only project without any date. */
  asOf: string | null;
  /** The committed segmentation section the report was built from. */
  config: SegmentationConfig;
  clustering: ClusteringSummary;
  value: ValueMeasure | null;
  totals: Totals;
  /** The whole base, summarised like a segment (segment = -1). */
  everyone: SegmentFigures;
  segments: PlayedSegment[];
  /** k-means inertia or the k-prototypes cost over the clustered customers. */
  inertia: number;
  /** Parts of the report a project cannot have, and why (customers-only: migration, purchases, rfm). */
  unavailable: Record<string, string>;
}

/**
 * Customers kept out of the clustering (sections/outside.ts): "Not segmented (missing income)" groups
 * of customers with a blank in a clustered feature (segmentation.missing "exclude"). Each has the
 * label code k + its index in the label arrays (profile distributions, migration rows and columns),
 * after the segments. Σ segments.customers + Σ outside.customers = totals.customers.
 */
export interface OutsideSection {
  outside: OutsideGroup[];
}

/** Ingest accounting, with input paths as published (pipeline/report/quality.ts: publicQuality). */
export interface QualitySection {
  quality: QualityReport;
}

export interface Migration {
  asOf: string;
  /** Names of the groups kept out of the clustering at either date follow the segments' in `names`. */
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

/** No earlier date to compare with (a customers-only project). */
export interface NoChange {
  previous: null;
  change: null;
  flows: null;
}

/** The earlier as-of date: migration between the two dates and each segment's change (sections/migration.ts); null without transactions. */
export interface MigrationSection {
  migration: Migration | null;
  segments: (SegmentChange | NoChange)[];
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
  /** Numeric features and numeric attributes (age, income), by label code (segments, then groups kept out). */
  features: ProfiledFeature[];
  attributes: ProfiledAttribute[];
  categories: { everyone: RankedItem[]; segments: RankedItem[][] } | null;
  /** Null without transactions. */
  products: { everyone: RankedItem[]; segments: RankedItem[][] } | null;
}

/** Each segment against everyone: features, attributes, categories, products (sections/profile.ts). */
export interface ProfileSection {
  profile: ReportProfile;
}

/** Whether and where the customer → segment CSV is published (sections/export.ts). */
export interface ExportSection {
  export: { published: boolean; path: string | null; columns: string[] };
}

/** One segment of the published report: every section's fields for it. */
export type ReportSegment = PlayedSegment & (SegmentChange | NoChange);

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport
  extends Omit<SegmentsSection, "segments">,
    OutsideSection,
    QualitySection,
    Omit<MigrationSection, "segments">,
    ProfileSection,
    GeographySection,
    ExportSection {
  segments: ReportSegment[];
}

/** One segment page's data: the segment, the base to compare with, and its slices of the profile. */
export interface SegmentPageData {
  mode: SegmentsSection["mode"];
  asOf: string | null;
  /** ISO 4217 code of the money (the report's quality.transactions.currency), or null when unknown. */
  currency: string | null;
  value: ValueMeasure | null;
  /** Null without an earlier date (customers-only). */
  previousAsOf: string | null;
  days: number | null;
  totals: Totals;
  everyone: SegmentFigures;
  /** The groups kept out of the clustering, counted in the totals and in everyone. */
  outside: OutsideGroup[];
  unavailable: Record<string, string>;
  clustering: ClusteringSummary;
  segment: ReportSegment;
  /** Every segment's number, name and path, for navigation and flow labels. */
  index: { segment: number; name: string; path: string }[];
  features: (Omit<ProfiledFeature, "segments"> & { segment: Distribution })[];
  attributes: (Omit<ProfiledAttribute, "segments"> & { segment: CategoricalProfile["everyone"] })[];
  categories: RankedItem[] | null;
  products: RankedItem[] | null;
  /** The whole migration matrix, for the Sankey; null without an earlier date. */
  migration: Pick<Migration, "matrix" | "names"> | null;
  /** This segment's share by country and region, and everyone's; null without a country or region attribute. */
  geography: SegmentGeography | null;
}

/** A country's or region's customers in the segment (and its share of the segment) and in everyone. */
export interface SegmentGeographyRow {
  value: string;
  customers: number;
  share: number;
  everyoneCustomers: number;
  everyoneShare: number;
}

/** One segment's slice of the geography section. */
export interface SegmentGeography {
  country: { column: string; rows: SegmentGeographyRow[] } | null;
  region: { column: string; rows: SegmentGeographyRow[] } | null;
}
