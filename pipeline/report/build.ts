/**
 * The published segment report, computed once per pipeline run and shared by the data loaders,
 * the CLI (`report`, `export`) and observablehq.config.ts (segment pages in the sidebar, sitePages.ts):
 *
 * - the committed segmentation over the current features, with the config's playbook applied;
 * - each segment's value against the whole base and its change since an earlier as-of date;
 * - migration: segments at the earlier date (report.previousAsOfDays before), assigned with the
 *   current model (src/lib/segments/migration.ts), and the moves between the two dates;
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
import { FEATURE_COLUMNS, NUMERIC_FEATURES } from "../../src/lib/features/featureSql.js";
import { assignToModel, migrationCounts, segmentFlows, type Flow } from "../../src/lib/segments/migration.js";
import { resolvePlay, type Play } from "../../src/lib/segments/playbook.js";
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
} from "../../src/lib/segments/profile.js";
import { runSegmentation, type SegmentationInput, type SegmentationResult } from "../../src/lib/segments/segmentation.js";
import { round, summariseSegments, type SegmentSummary } from "../../src/lib/segments/summary.js";
import { daysBefore } from "../../src/lib/io/dates.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { EXPORT_PATH, segmentPath } from "../../src/lib/report/paths.js";
import type { AttributeProfile, FeatureProfile, PublishedReport, ReportSegment, ShareOfBase } from "../../src/lib/report/types.js";
import { openDatabase, type Database } from "../duckdb.js";
import { buildFeatures, featureOptions } from "../features/build.js";
import { readColumns } from "../parquet.js";
import { runPipeline, type PipelineOutputs } from "../run.js";
import { publicQuality } from "./quality.js";

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
  await buildFeatures(db, featureOptions(config, { inDir: outputs.dir, outFile: join(staging, "features.parquet") }, previousAsOf));
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

export interface BuiltReport {
  report: PublishedReport;
  labels: Int32Array;
  customerIds: string[];
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
export async function buildReport(configFile?: string): Promise<BuiltReport> {
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

