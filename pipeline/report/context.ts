/**
 * What every report section works from: the database, the pipeline's outputs, the config, the current
 * feature table and the committed segmentation over it. build.ts makes one per report and hands it to
 * each section in turn (sections/).
 */
import { listValue } from "@duckdb/node-api";
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import type { ColumnType } from "../../src/lib/report/profiles.js";
import { runSegmentation, type SegmentationInput, type SegmentationResult } from "../../src/lib/segments/segmentation.js";
import type { Database } from "../duckdb.js";
import { parquetColumnTypes, readColumns } from "../parquet.js";
import type { PipelineOutputs } from "../run.js";

export interface ReportContext {
  db: Database;
  outputs: PipelineOutputs;
  config: WorkbenchConfig;
  /** features.parquet's columns and their DuckDB types, in file order. */
  featureTypes: ColumnType[];
  /**
   * Current feature columns by name, rows in customerIds' order (by customer_id). Each column is read
   * once, when a section first asks for it.
   */
  featureColumns(names: readonly string[]): Promise<Record<string, unknown[]>>;
  /** Every customer with a purchase before the as-of date, by customer_id. */
  customerIds: string[];
  /** The committed segmentation over the current features. */
  segmentation: SegmentationResult;
  /**
   * segmentation.labels: each customer's segment (0 … k − 1), or k + g for a customer in group g kept
   * out of the clustering (segmentation.groups: net returners, …), in customerIds' order.
   */
  labels: Int32Array;
  /** How many label codes there are: k segments plus the groups (arrays indexed by label have this length). */
  labelCount: number;
  /** Segment names by number. */
  names: string[];
  /** Names by label code: the segments', then the groups' (segmentation.groups' labels), labelCount of them. */
  labelNames: string[];
  /**
   * A temporary table (customer_id VARCHAR, segment INTEGER) of every current customer's label, for
   * sections' SQL; made on first use. `segment` ≥ k is a group kept out of the clustering: filter
   * `segment < k` for the segments alone.
   */
  segmentTable(): Promise<string>;
}

/** The columns runSegmentation and the segment summaries read, besides the segmentation's own features. */
const SUMMARY_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "tenure_days"];

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;

/** Each segmentation feature must be a numeric column of the feature table, before any is read. */
function checkFeatureColumns(features: readonly string[], featureTypes: readonly ColumnType[]): void {
  const numeric = featureTypes.filter((c) => NUMERIC_TYPE.test(c.type)).map((c) => c.name);
  for (const feature of features) {
    const column = featureTypes.find((c) => c.name === feature);
    if (!column) throw new Error(`segmentation.features: "${feature}" is not a column of the feature table; its numeric columns are ${numeric.join(", ")}`);
    if (!NUMERIC_TYPE.test(column.type)) throw new Error(`segmentation.features: "${feature}" is a ${column.type} column, not a number; the feature table's numeric columns are ${numeric.join(", ")}`);
  }
}

export async function reportContext(db: Database, outputs: PipelineOutputs): Promise<ReportContext> {
  const { config } = outputs;
  const featureTypes = await parquetColumnTypes(db, outputs.features);
  const read: Record<string, unknown[]> = {};
  const featureColumns = async (names: readonly string[]) => {
    const missing = [...new Set(names)].filter((name) => !(name in read));
    if (missing.length) Object.assign(read, await readColumns(db, outputs.features, missing));
    return Object.fromEntries(names.map((name) => [name, read[name]]));
  };
  checkFeatureColumns(config.segmentation.features, featureTypes);
  const columns = await featureColumns([...new Set([...SUMMARY_COLUMNS, ...config.segmentation.features])]);
  const customerIds = (columns.customer_id as unknown[]).map(String);
  const segmentation = runSegmentation(columns as unknown as SegmentationInput, config.segmentation);
  let table: Promise<string> | undefined;
  const segmentTable = () =>
    (table ??= db
      .run(`CREATE OR REPLACE TEMP TABLE report_segments AS SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::INTEGER[]) AS segment`, [
        listValue(customerIds),
        listValue(Array.from(segmentation.labels)),
      ])
      .then(() => "report_segments"));
  return {
    db,
    outputs,
    config,
    featureTypes,
    featureColumns,
    customerIds,
    segmentation,
    labels: segmentation.labels,
    labelCount: segmentation.segments.length + segmentation.groups.length,
    names: segmentation.segments.map((s) => s.name),
    labelNames: [...segmentation.segments.map((s) => s.name), ...segmentation.groups.map((g) => g.label)],
    segmentTable,
  };
}
