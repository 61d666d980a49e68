/**
 * The published report's shape: what the pipeline computes once per run (pipeline/report/build.ts)
 * and the report pages, segment pages and the CLI's `report` read. Types only.
 *
 * The report is composed from sections (pipeline/report/sections/, composed by compose.ts): each
 * section's part is one interface here, holding the top-level keys it owns and, optionally,
 * `segments`: fields it adds to each segment (by segment number). PublishedReport is their union.
 */
import type { BgNbdParams } from "../clv/bgnbd.js";
import type { GammaGammaParams } from "../clv/gammaGamma.js";
import type { ClvOptions, ClvUnit } from "../clv/options.js";
import type { GroupPrediction } from "../clv/segments.js";
import type { AliveGrid, FrequencyBucket, HoldoutTotals, TrackingPeriod } from "../clv/validation.js";
import type { SegmentationConfig } from "../config/config.js";
import type { QualityReport } from "../ingest/quality.js";
import type { Flow } from "../segments/migration.js";
import type { Play } from "../segments/playbook.js";
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

/** One segment of the published report: every section's fields for it. */
export type ReportSegment = PlayedSegment & SegmentChange & SegmentPredictionField;

/** The published report: the CLI's `report` output and the site's data/report.json. */
export interface PublishedReport
  extends Omit<SegmentsSection, "segments">,
    QualitySection,
    Omit<MigrationSection, "segments">,
    ProfileSection,
    ExportSection,
    Omit<ClvSection, "segments"> {
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
  /** Predicted value: whether published and why not, everyone's predictions to compare with, and this segment's holdout check. */
  clv: Pick<ClvReport, "status" | "reasons" | "options" | "everyone" | "atRiskRule"> & {
    validation: (Pick<ClvValidation, "status" | "reasons"> & { calibrationEnd: string | null; holdoutDays: number | null }) | null;
    holdout: SegmentHoldout | null;
  };
}
