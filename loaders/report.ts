/**
 * The published segment report, computed once per pipeline run and shared by the data loaders,
 * the CLI (`report`, `export`) and observablehq.config.ts (segment pages in the sidebar):
 *
 * - the committed segmentation over the current features, with the config's playbook applied;
 * - each segment's value against the whole base and its change since an earlier as-of date;
 * - migration: segments at the earlier date (report.previousAsOfDays before), assigned with the
 *   current model (src/lib/migration.ts), and the moves between the two dates;
 * - profiles: feature distributions, customer attributes, top categories and products;
 * - the customer → segment assignment, for the CRM export (never published unless
 *   report.publishExport is true).
 *
 * No personal data: features carry no `pii` columns, and the report holds only aggregates.
 * Cached as report.json and assignments.json in the pipeline's cache folder (keyed by the config,
 * the inputs and the code), so the loaders of one build compute it once.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { listValue } from "@duckdb/node-api";
import { segmentExportCsv } from "../src/lib/exportCsv.js";
import { FEATURE_COLUMNS, NUMERIC_FEATURES } from "../src/lib/features.js";
import { assignToModel, migrationCounts, segmentFlows, type Flow } from "../src/lib/migration.js";
import { resolvePlay, type Play } from "../src/lib/playbook.js";
import {
  attributeGroup,
  humanise,
  isDateLike,
  profileCategorical,
  profileNumeric,
  rankItems,
  type AttributeGroup,
  type CategoricalProfile,
  type Distribution,
  type NumericProfile,
  type RankedItem,
  type Bins,
} from "../src/lib/profile.js";
import { runSegmentation, type SegmentationInput, type SegmentationResult } from "../src/lib/segmentation.js";
import { round, summariseSegments, type SegmentSummary } from "../src/lib/segments.js";
import { quoteLiteral } from "../src/lib/sql.js";
import { loadConfig } from "./config.js";
import { openDatabase, type Database } from "./duckdb.js";
import { buildFeatures } from "./features.js";
import { readColumns, runPipeline, type PipelineOutputs, type SegmentReport } from "./pipeline.js";
import { publicQuality } from "./quality.js";

/** Where each segment's page lives: /segments/<segment number>. */
export function segmentPath(segment: number): string {
  return `/segments/${segment}`;
}

/** Where the export is published when report.publishExport is true. */
export const EXPORT_PATH = "/data/segment-export.csv";

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
export interface PublishedReport extends SegmentReport {
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

export interface BuiltReport {
  report: PublishedReport;
  labels: Int32Array;
  customerIds: string[];
}

/** YYYY-MM-DD minus days, in UTC. */
export function daysBefore(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  return new Date(t - days * 86_400_000).toISOString().slice(0, 10);
}

async function describeColumns(db: Database, file: string): Promise<{ name: string; type: string }[]> {
  const rows = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)})`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

function shareOfBase(s: SegmentSummary): ShareOfBase {
  return { customers: s.customers, customerShare: s.customerShare, revenue: s.revenue, revenueShare: s.revenueShare };
}

/** Features at the earlier date, from the same ingested transactions (cached beside the current ones). */
async function previousFeatures(db: Database, outputs: PipelineOutputs, previousAsOf: string): Promise<string> {
  const dir = join(outputs.dir, `previous-${previousAsOf}`);
  const file = join(dir, "features.parquet");
  if (existsSync(file)) return file;
  const staging = `${dir}.run-${process.pid}`;
  await mkdir(staging, { recursive: true });
  const { config } = outputs;
  await buildFeatures(db, {
    inDir: outputs.dir,
    outFile: join(staging, "features.parquet"),
    asOf: previousAsOf,
    pii: config.pii,
    rfm: config.rfm,
    topCategories: config.features.topCategories,
  });
  if (!existsSync(file)) await rename(staging, dir).catch(() => undefined);
  return existsSync(file) ? file : join(staging, "features.parquet");
}

/** Purchase revenue (product lines, not returns or cancellations, before the as-of date) by segment and category or product. */
async function revenueBy(db: Database, outputs: PipelineOutputs, asOf: string, by: "category" | "product"): Promise<{ segment: number; key: string; name: string; revenue: number; customers: number }[]> {
  const key = by === "category" ? "t.category" : "t.product_id";
  const name = by === "category" ? "t.category" : "coalesce(min(t.product_name), t.product_id)";
  const rows = await db.all<{ segment: number; key: string; name: string; revenue: number; customers: number }>(`
    SELECT s.segment::INTEGER AS segment, ${key} AS key, ${name} AS name,
      round(sum(t.amount), 2)::DOUBLE AS revenue, count(DISTINCT t.customer_id)::INTEGER AS customers
    FROM read_parquet(${quoteLiteral(outputs.transactions)}) t
    JOIN report_segments s USING (customer_id)
    WHERE t.order_ts < DATE ${quoteLiteral(asOf)} AND t.is_product AND NOT t.is_return AND NOT t.is_cancellation AND ${key} IS NOT NULL
    GROUP BY s.segment, ${key}
    ORDER BY segment, key`);
  return rows.map((r) => ({ segment: Number(r.segment), key: String(r.key), name: String(r.name), revenue: Number(r.revenue), customers: Number(r.customers) }));
}

/** Computes the report (no cache). */
async function computeReport(outputs: PipelineOutputs): Promise<BuiltReport> {
  const { config } = outputs;
  const seg = config.segmentation;
  const db = await openDatabase();
  try {
    // Current features: exactly the columns and row order buildReport has always clustered.
    const available = await describeColumns(db, outputs.features);
    const numericProfiled = Object.keys(NUMERIC_FEATURES).filter((f) => available.some((c) => c.name === f));
    // Customer attributes: text columns that are not features (age_band is derived from a birth year: an attribute).
    const reserved = new Set<string>([...Object.keys(FEATURE_COLUMNS), "customer_id"].filter((c) => c !== "age_band"));
    const attributes = available.filter((c) => !reserved.has(c.name) && !c.name.startsWith("share_") && c.type === "VARCHAR").map((c) => c.name);
    const needed = [...new Set(["customer_id", "recency_days", "frequency", "monetary", "tenure_days", ...seg.features, ...numericProfiled, ...attributes])];
    const columns = await readColumns(db, outputs.features, needed);
    const result = runSegmentation(columns as unknown as SegmentationInput, seg);
    const k = seg.k;
    const labels = result.labels;
    const customerIds = (columns.customer_id as string[]).map(String);
    const n = labels.length;

    // The whole base, summarised like one segment.
    const everyone = { ...summariseSegments(columns as unknown as SegmentationInput, new Int32Array(n), 1)[0], segment: -1 };

    // The earlier date: same model, nearest centroid.
    const previousAsOf = daysBefore(outputs.asOf, config.report.previousAsOfDays);
    const prevFile = await previousFeatures(db, outputs, previousAsOf);
    const prevColumns = await readColumns(db, prevFile, [...new Set(["customer_id", "recency_days", "frequency", "monetary", ...seg.features])]);
    const numeric: Record<string, ArrayLike<number>> = {};
    for (const f of seg.features) numeric[f] = prevColumns[f] as number[];
    const prevLabels = assignToModel(result.model, result.centroids, numeric);
    const prevIds = (prevColumns.customer_id as string[]).map(String);
    const previousSummaries = summariseSegments(prevColumns as unknown as SegmentationInput, prevLabels, k);
    const counts = migrationCounts({ ids: customerIds, labels }, { ids: prevIds, labels: prevLabels }, k);

    const names = result.segments.map((s) => s.name);
    const segments: ReportSegment[] = result.segments.map((s) => {
      const play: Play = resolvePlay(s.archetype, config.playbook, seg.actions[String(s.segment)]);
      const previous = shareOfBase(previousSummaries[s.segment]);
      const now = shareOfBase(s);
      return {
        ...s,
        description: play.description,
        action: play.action,
        play,
        path: segmentPath(s.segment),
        previous,
        change: {
          customers: now.customers - previous.customers,
          customerShare: round(now.customerShare - previous.customerShare, 4),
          revenue: round(now.revenue - previous.revenue),
          revenueShare: round(now.revenueShare - previous.revenueShare, 4),
        },
        flows: segmentFlows(counts.matrix, names, s.segment),
      };
    });

    // Profiles.
    const features: FeatureProfile[] = numericProfiled.map((f) => ({
      ...profileNumeric(f, columns[f] as number[], labels, k),
      label: humanise(f),
      description: NUMERIC_FEATURES[f as keyof typeof NUMERIC_FEATURES],
    }));
    const attributeProfiles: AttributeProfile[] = attributes.map((a) => {
      const raw = columns[a] as (string | null)[];
      const dates = isDateLike(raw);
      const values = dates ? raw.map((v) => (v ? String(v).slice(0, 4) : v)) : raw;
      const label = dates ? `${humanise(a.replace(/_?date$/i, "") || a)} year` : humanise(a);
      return { ...profileCategorical(a, values, labels, k), label, group: attributeGroup(a) };
    });
    await db.run(`CREATE OR REPLACE TEMP TABLE report_segments AS SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::INTEGER[]) AS segment`, [
      listValue(customerIds),
      listValue(Array.from(labels)),
    ]);
    const hasCategory = (await describeColumns(db, outputs.transactions)).some((c) => c.name === "category");
    const categoryRows = hasCategory ? await revenueBy(db, outputs, outputs.asOf, "category") : null;
    const productRows = await revenueBy(db, outputs, outputs.asOf, "product");

    const revenue = result.segments.reduce((s, x) => s + x.revenue, 0);
    const report: PublishedReport = {
      asOf: outputs.asOf,
      config: seg,
      totals: { customers: n, revenue: round(revenue) },
      everyone,
      segments,
      inertia: result.inertia,
      quality: publicQuality(outputs.quality),
      migration: {
        asOf: outputs.asOf,
        previousAsOf,
        days: config.report.previousAsOfDays,
        names,
        ...counts,
        previousTotals: { customers: prevLabels.length, revenue: round(previousSummaries.reduce((s, x) => s + x.revenue, 0)) },
      },
      profile: {
        features,
        attributes: attributeProfiles,
        categories: categoryRows ? rankItems(categoryRows, k, 8) : null,
        products: rankItems(productRows, k, 10),
      },
      export: { published: config.report.publishExport, path: config.report.publishExport ? EXPORT_PATH : null, columns: ["customer_id", "segment"] },
    };
    return { report, labels, customerIds };
  } finally {
    db.close();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** The published report for the config (default: workbench.config.json), computed once per pipeline run. */
export async function buildPublishedReport(configFile?: string): Promise<BuiltReport> {
  const outputs = await runPipeline(configFile);
  const reportFile = join(outputs.dir, "report.json");
  const assignmentsFile = join(outputs.dir, "assignments.json");
  if (existsSync(reportFile) && existsSync(assignmentsFile)) {
    const report = JSON.parse(readFileSync(reportFile, "utf-8")) as PublishedReport;
    const { customerIds, labels } = JSON.parse(readFileSync(assignmentsFile, "utf-8")) as { customerIds: string[]; labels: number[] };
    return { report, customerIds, labels: Int32Array.from(labels) };
  }
  const built = await computeReport(outputs);
  await writeAtomically(assignmentsFile, JSON.stringify({ customerIds: built.customerIds, labels: Array.from(built.labels) }));
  await writeAtomically(reportFile, JSON.stringify(built.report));
  return built;
}

/** The slice of the report one segment page shows. */
export function segmentPageData(report: PublishedReport, segment: number): SegmentPageData {
  const s = report.segments.find((x) => x.segment === segment);
  if (!s) throw new Error(`no segment ${segment}: the report has segments 0 to ${report.segments.length - 1}`);
  const { profile } = report;
  return {
    asOf: report.asOf,
    previousAsOf: report.migration.previousAsOf,
    days: report.migration.days,
    totals: report.totals,
    everyone: report.everyone,
    segment: s,
    index: report.segments.map((x) => ({ segment: x.segment, name: x.name, path: x.path })),
    features: profile.features.map(({ segments, ...f }) => ({ ...f, segment: segments[segment] })),
    attributes: profile.attributes.map(({ segments, ...a }) => ({ ...a, segment: segments[segment] })),
    categories: profile.categories ? profile.categories.segments[segment] : null,
    products: profile.products.segments[segment],
    migration: { matrix: report.migration.matrix, names: report.migration.names },
  };
}

/** The CRM export (customer_id,segment) as CSV text. */
export async function buildExport(configFile?: string): Promise<{ csv: string; customers: number; report: PublishedReport }> {
  const { report, labels, customerIds } = await buildPublishedReport(configFile);
  const csv = segmentExportCsv(customerIds, labels, report.segments.map((s) => s.name));
  return { csv, customers: customerIds.length, report };
}

export interface SitePages {
  /** Sidebar entries for the segment pages, largest segment first. */
  pages: { name: string; path: string }[];
  /** Pages and files Framework must build that no link reaches by itself. */
  dynamicPaths: string[];
}

/**
 * The segment pages for observablehq.config.ts: one per segment of the committed config's k, named
 * from the report. If the report cannot be computed (a broken export), the pages are still listed,
 * as "Segment N", and the data loaders report the error on the pages.
 */
export async function sitePages(configFile?: string): Promise<SitePages> {
  const { config } = loadConfig(configFile);
  const k = config.segmentation.k;
  let names: string[] = Array.from({ length: k }, (_, i) => `Segment ${i}`);
  try {
    const { report } = await buildPublishedReport(configFile);
    names = report.segments.map((s) => s.name);
  } catch (error) {
    console.warn(`segment pages: could not compute the report for the sidebar names (${error instanceof Error ? error.message : String(error)})`);
  }
  const pages = names.map((name, i) => ({ name, path: segmentPath(i) }));
  return {
    pages,
    dynamicPaths: [...pages.map((p) => p.path), ...(config.report.publishExport ? [EXPORT_PATH] : [])],
  };
}
