/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 *
 * The report is composed from sections (pipeline/report/sections/, composed by compose.ts): each
 * section's part is one interface here, holding the top-level keys it owns and, optionally,
 * `segments`: fields it adds to each segment (by segment number). PublishedReport is their union.
 */
import type { FeatureOutliers, SmallSegment } from "../cluster/outliers.js";
import type { BgNbdParams } from "../clv/bgnbd.js";
import type { GammaGammaParams } from "../clv/gammaGamma.js";
import type { ClvOptions, ClvUnit } from "../clv/options.js";
import type { GroupPrediction } from "../clv/segments.js";
import type { AliveGrid, FrequencyBucket, HoldoutTotals, TrackingPeriod } from "../clv/validation.js";
import type { AudienceOverlap, AudienceSummary } from "../actions/audiences.js";
import type { Rule } from "../actions/audienceRule.js";
import type { PairFloors, PairRule } from "../actions/copurchase.js";
import type { SegmentKpis } from "../actions/kpis.js";
import type { Recommendation, RecommendationFloors } from "../actions/recommendations.js";
import type { RfmSegmentPlay } from "../actions/rfmPlays.js";
import type { ScorecardThresholds, SegmentScore } from "../actions/scorecard.js";
import type { HistoryCadence, SegmentationConfig } from "../config/config.js";
import type { FeatureSpec } from "../cluster/missing.js";
import type { QualityReport } from "../ingest/quality.js";
import type { CustomerSegment, MissingAccount, NamingKind, OutsideGroup, SegmentationMethod, SegmentFigures } from "../segments/customerSegmentation.js";
import type { Flow } from "../segments/migration.js";
import type { Play } from "../segments/playbook.js";
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
  /** Every customer: the segments' plus the groups kept out of the clustering (`outside`). */
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
 * Customers kept out of the clustering, and extreme values (sections/outside.ts).
 *
 * The interface for groups outside the clustering (src/lib/segments/outside.ts): each group is
 * made by an OutsideRule (id, label, reason, which customers), tried in order (net returners
 * first), and then the blanks' groups of segmentation.missing "exclude" ("Not segmented (missing
 * income)", id "missing:<feature>+…", with the blank `features`) in one list (customerSegmentation.ts);
 * the segmentation keeps the group's customers out of k-means and gives them the label
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
  /** Names of the groups kept out of the clustering at either date follow the segments' in `names`. */
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
  /**
   * Why the history starts later than report.history asks, or is absent although asked for (the
   * segmentation clusters on predictions that were refused at the earlier snapshots); null otherwise.
   */
  historyNote: string | null;
  segments: SegmentTrend[];
}


/** A fitted CLV model as published: what it was fitted on, its estimates and how well it was fitted. */
export interface ClvModelSummary {
  unit: ClvUnit;
  /** First day of the data, last day of calibration, last day seen (the holdout's end; the calibration end without one). */
  firstPurchaseDay: string;
  calibrationEnd: string;
  observationEnd: string;
  holdoutDays: number;
  /** Customers first seen on or before the calibration end (the fit's cohort), of them repeat buyers, and those first seen after it. */
  customers: number;
  repeatCustomers: number;
  customersAfterCalibration: number;
  bgnbd: (BgNbdParams & { logLikelihood: number; standardErrors: BgNbdParams | null; converged: boolean }) | null;
  gammaGamma: (GammaGammaParams & { logLikelihood: number; standardErrors: GammaGammaParams | null; converged: boolean; customers: number; spendFrequencyCorrelation: number | null }) | null;
  warnings: string[];
}

/** Predicted against actual holdout purchases and revenue of one segment's calibration cohort. */
export interface SegmentHoldout {
  segment: number;
  name: string;
  customers: number;
  actualPurchases: number;
  predictedPurchases: number;
  actualRevenue: number;
  predictedRevenue: number;
}

/** The models checked on days held out: fitted on calibration only, their predictions for the holdout against what happened. */
export interface ClvValidation {
  /** `skipped`: no validation (reasons say why: clv.holdoutDays is 0, or predictions were refused). */
  status: "published" | "refused" | "skipped";
  reasons: string[];
  model: ClvModelSummary | null;
  totals: HoldoutTotals | null;
  /** Weekly repeat purchases of the cohort, actual against predicted, over calibration and holdout. */
  tracking: TrackingPeriod[];
  /** Mean holdout purchases by calibration repeat purchases (0 … 7+), actual against predicted. */
  conditionalExpectation: FrequencyBucket[];
  /** Per segment (today's segments), the cohort's holdout purchases and revenue, actual against predicted. */
  segments: SegmentHoldout[];
  /** The same for the groups kept out of the clustering (report.outside's order; `segment` is the group's code), so segments and groups add up to the cohort. */
  outside: SegmentHoldout[];
}

/** Predicted value (config `clv`; sections/clv.ts): the models, their predictions per segment, and their check on a holdout. */
export interface ClvReport {
  /** `off`: clv.enabled is false. `refused`: too little data or an untrustworthy fit (reasons); no prediction is published. */
  status: "off" | "published" | "refused";
  reasons: string[];
  options: ClvOptions;
  /** The as-of date the predictions look ahead from, and the last day the models saw (the day before). */
  asOf: string;
  lastDay: string;
  /** The model behind the predictions (fitted on everything up to lastDay); with its figures also when refused after fitting. */
  model: ClvModelSummary | null;
  /** Everyone's predictions, summed like a segment's. */
  everyone: GroupPrediction | null;
  /** Feature-table customers without a prediction (NULL in the columns), and the first of them. */
  customersWithoutPrediction: number;
  firstWithoutPrediction: string[];
  /** P(alive) over repeat purchases × time of the last one, at the longest customer age. */
  aliveGrid: AliveGrid | null;
  /** The at-risk rule (segments/playbook.ts) with the base's median net revenue it compares with, and the At Risk play. */
  atRiskRule: { maxPAlive: number; segmentShare: number; baseMedianMonetary: number; play: Play } | null;
  validation: ClvValidation | null;
}

/** One segment's predictions (null unless published): GroupPrediction, and whether the at-risk rule flags the segment. */
export type SegmentPredictionField = { predicted: (GroupPrediction & { atRiskSegment: boolean }) | null };

export interface ClvSection {
  clv: ClvReport;
  segments: SegmentPredictionField[];
}


/** A recommendation as the report keeps it: under its segment, so without the segment column. */
export type ReportRecommendation = Omit<Recommendation, "segment">;
export type ReportPairRule = Omit<PairRule, "segment">;

/** What one segment over-indexes on: products and categories by lift, co-purchase rules over its orders. */
export interface SegmentRecommendations {
  products: ReportRecommendation[];
  /** null when the transactions have no category column. */
  categories: ReportRecommendation[] | null;
  pairs: ReportPairRule[];
  /**
   * When a list is empty: the item with the highest lift among those that pass the buyer and support
   * floors (its lift under minLift), so the page can say how far the segment is from over-indexing on
   * anything; null when the list is not empty or no item passes even those floors.
   */
  bestUnderLiftFloor: { products: ReportRecommendation | null; categories: ReportRecommendation | null };
}

/** A group of a labelling other than the k-means segments (an RFM segment, an audience), by name. */
export type Named<T> = { name: string } & T;

/** Recommendations per segment, RFM segment and audience, with the floors they passed (sections/recommendations.ts); null in a customers-only project (no purchases: report.unavailable.recommendations). */
export interface RecommendationsSection {
  recommendations: {
    floors: RecommendationFloors;
    pairFloors: PairFloors;
    rfm: Named<SegmentRecommendations>[];
    audiences: Named<SegmentRecommendations>[];
  } | null;
  segments: { recommendations: SegmentRecommendations | null }[];
}

/** A segment's KPIs (kpiSql's row without the segment and base columns). */
export type ReportKpis = Omit<SegmentKpis, "segment" | "base">;

/** KPIs per segment, RFM segment and audience, and the whole base's (sections/kpis.ts). null: no customers. */
export interface KpisSection {
  /** Null in a customers-only project (KPIs are of orders: report.unavailable.kpis). */
  kpis: {
    everyone: ReportKpis;
    /** The groups kept out of the clustering (report.outside's order), so segments and groups add up to everyone. */
    outside: Named<{ kpis: ReportKpis | null }>[];
    rfm: Named<{ kpis: ReportKpis | null }>[];
    audiences: Named<{ kpis: ReportKpis | null }>[];
  } | null;
  segments: { kpis: ReportKpis | null }[];
}

/** An audience of the config with its size and value (audienceSummarySql's row) and its play. */
export type ReportAudience = Omit<AudienceSummary, "base_customers" | "base_value"> & { rule: Rule; play: Record<string, string> | null };

/** The config's audiences: size, value, overlaps (sections/audiences.ts). */
export interface AudiencesSection {
  /** Null in a customers-only project (report.unavailable.audiences). */
  audiences: {
    /** The number column an audience's value sums; null for none. */
    valueColumn: string | null;
    baseCustomers: number;
    baseValue: number;
    list: ReportAudience[];
    /** Every ordered pair, the diagonal included, row by row (audienceOverlapSql). */
    overlap: AudienceOverlap[];
  } | null;
}

/** An RFM segment: its rule, size and value, and the play it gets (sections/rfm.ts). */
export interface ReportRfmSegment extends RfmSegmentPlay, ShareOfBase {
  /** Score ranges; null for rfm.other. */
  ranges: { r: [number, number]; f: [number, number]; m: [number, number] } | null;
}

export interface RfmSection {
  /** Null in a customers-only project (no RFM scores: report.unavailable.rfm). */
  rfmSegments: ReportRfmSegment[] | null;
}

/** Every segment, RFM segment and audience against the criteria of a good segment (sections/scorecard.ts). */
export interface ScorecardSection {
  scorecard: {
    thresholds: ScorecardThresholds;
    /** The consent or contact channel columns read (empty: none, and "accessible" is unknown). */
    contactColumns: string[];
    /** Complete data: a value in each of these columns (the segmentation features and the customer attributes). */
    completeColumns: string[];
    /** The date the "previous snapshot" is. */
    previousAsOf: string;
    /** Seeds of the k-means runs each segment is matched against. */
    seeds: number[];
    rfm: SegmentScore[];
    audiences: SegmentScore[];
  } | null;
  /** Null in a customers-only project (report.unavailable.scorecard). */
  segments: { scorecard: SegmentScore | null }[];
}

/** One segment of the published report: every section's fields for it. */
export type ReportSegment = PlayedSegment & (SegmentChange | NoChange) & SegmentPredictionField & RecommendationsSection["segments"][number] & KpisSection["segments"][number] & ScorecardSection["segments"][number] & SegmentTrend;

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport
  extends Omit<SegmentsSection, "segments">,
    OutsideSection,
    QualitySection,
    Omit<MigrationSection, "segments">,
    ProfileSection,
    GeographySection,
    ExportSection,
    HeadlinesSection,
    Omit<ClvSection, "segments">,
    Omit<RecommendationsSection, "segments">,
    Omit<KpisSection, "segments">,
    AudiencesSection,
    RfmSection,
    Omit<ScorecardSection, "segments">,
    Omit<HistorySection, "segments"> {
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
  /** Whether the segment has fewer customers than report.minSegmentSize (and that size). */
  small: { minSegmentSize: number } | null;
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
  /** Predicted value: whether published and why not, everyone's predictions to compare with, and this segment's holdout check. */
  clv: Pick<ClvReport, "status" | "reasons" | "options" | "everyone" | "atRiskRule"> & {
    validation: (Pick<ClvValidation, "status" | "reasons"> & { calibrationEnd: string | null; holdoutDays: number | null }) | null;
    holdout: SegmentHoldout | null;
  };
  /** The whole base's KPIs, to compare the segment's with. */
  kpisEveryone: ReportKpis | null;
  /** The scorecard's thresholds and what it measured against. */
  scorecard: Omit<NonNullable<ScorecardSection["scorecard"]>, "rfm" | "audiences"> | null;
  recommendationFloors: Pick<NonNullable<RecommendationsSection["recommendations"]>, "floors" | "pairFloors"> | null;
  /** Why there is no trend although report.history asks for one (HistorySection.historyNote). */
  historyNote: string | null;
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
