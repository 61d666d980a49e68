/**
 * What every report section works from: the database, the pipeline's outputs, the config, the current
 * feature table and the committed segmentation over it. build.ts makes one per report and hands it to
 * each section in turn (sections/).
 */
import { listValue } from "@duckdb/node-api";
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import type { ColumnType } from "../../src/lib/report/profiles.js";
import type { ValueMeasure } from "../../src/lib/report/types.js";
import { segmentCustomers, type CustomerSegmentation } from "../../src/lib/segments/customerSegmentation.js";
import type { Database } from "../duckdb.js";
import { parquetColumnTypes, readColumns } from "../parquet.js";
import type { PipelineOutputs } from "../run.js";

export interface ReportContext {
  db: Database;
  outputs: PipelineOutputs;
  config: WorkbenchConfig;
  /** Whether the project has transactions (false: a customers-only project). */
  transactions: boolean;
  /** features.parquet's columns and their DuckDB types, in file order. */
  featureTypes: ColumnType[];
  /**
   * Current feature columns by name, rows in customerIds' order (by customer_id). Each column is read
   * once, when a section first asks for it.
   */
  featureColumns(names: readonly string[]): Promise<Record<string, unknown[]>>;
  /** Every customer of the feature table, by customer_id. */
  customerIds: string[];
  /** The committed segmentation over the current features (segments and the groups kept out: net returners, then "Not segmented (missing …)"). */
  segmentation: CustomerSegmentation;
  /**
   * segmentation.labels: each customer's segment (0 … k − 1), or k + g for a customer in group g kept
   * out of the clustering (segmentation.groups), in customerIds' order.
   */
  labels: Int32Array;
  /** How many label codes there are: k segments plus the groups (arrays indexed by label have this length). */
  labelCount: number;
  /** Segment names by number. */
  names: string[];
  /** Names by label code: the segments', then the groups' (segmentation.groups' labels), labelCount of them. */
  labelNames: string[];
  /** What the report's revenue is (null: a customers-only project without report.valueColumns). */
  value: ValueMeasure | null;
  /**
   * A temporary table (customer_id VARCHAR, segment INTEGER) of every current customer's label, for
   * sections' SQL; made on first use. `segment` ≥ k is a group kept out of the clustering: filter
   * `segment < k` for the segments alone.
   */
  segmentTable(): Promise<string>;
}

/** The columns the segment summaries read with transactions, besides the segmentation's own features. */
const SUMMARY_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "tenure_days"];

const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\d+\))$/;

export const isNumericType = (type: string) => NUMERIC_TYPE.test(type);

/** Each segmentation feature must be a numeric or text column of the feature table, before any is read. */
function checkFeatureColumns(features: readonly string[], featureTypes: readonly ColumnType[], transactions: boolean): void {
  const usable = featureTypes.filter((c) => c.name !== "customer_id" && (NUMERIC_TYPE.test(c.type) || c.type === "VARCHAR")).map((c) => c.name);
  const where = transactions ? "the feature table" : "the customer table (a customers-only project: its features are the customers export's attributes)";
  for (const feature of features) {
    const column = featureTypes.find((c) => c.name === feature);
    if (!column || feature === "customer_id") throw new Error(`segmentation.features: "${feature}" is not a column of ${where}; its columns are ${usable.join(", ")}`);
    if (!NUMERIC_TYPE.test(column.type) && column.type !== "VARCHAR") {
      throw new Error(`segmentation.features: "${feature}" is a ${column.type} column, neither a number nor a category; ${/DATE|TIMESTAMP/.test(column.type) ? "cluster on what it gives (tenure_days, age) instead; " : ""}the usable columns are ${usable.join(", ")}`);
    }
  }
}

/** report.valueColumns: numeric columns of the customer table; their sum per customer (NaN with a blank). */
function valueOf(config: WorkbenchConfig, featureTypes: readonly ColumnType[], columns: Record<string, unknown[]>, n: number): { value: Float64Array; measure: ValueMeasure } | null {
  const list = config.report.valueColumns;
  if (!list) return null;
  const numeric = featureTypes.filter((c) => NUMERIC_TYPE.test(c.type) && c.name !== "customer_id").map((c) => c.name);
  for (const name of list) {
    const column = featureTypes.find((c) => c.name === name);
    if (!column || !NUMERIC_TYPE.test(column.type)) {
      throw new Error(`report.valueColumns: "${name}" is ${column ? `a ${column.type} column, not a number` : "not a column of the customer table"}; its numeric columns are ${numeric.join(", ")}`);
    }
  }
  const value = new Float64Array(n);
  let missing = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (const name of list) {
      const x = columns[name][i];
      sum += x === null || x === undefined ? NaN : Number(x);
    }
    value[i] = sum;
    if (!Number.isFinite(sum)) missing++;
  }
  const label = list.length === 1 ? list[0].replaceAll("_", " ") : `value (sum of ${list.join(", ")})`;
  return { value, measure: { label, columns: [...list], missing } };
}

/** The segmentation features that are the customers export's attributes, and the export's name, for messages. */
function featureSources(outputs: PipelineOutputs): Record<string, string> {
  const customers = outputs.quality.customers;
  if (!customers) return {};
  const attributes = new Set(customers.attributes.map((a) => a.name));
  return Object.fromEntries(outputs.config.segmentation.features.filter((f) => attributes.has(f)).map((f) => [f, `${customers.file} (inputs.customers)`]));
}

export async function reportContext(db: Database, outputs: PipelineOutputs): Promise<ReportContext> {
  const { config } = outputs;
  const transactions = outputs.transactions !== null;
  const featureTypes = await parquetColumnTypes(db, outputs.features);
  const read: Record<string, unknown[]> = {};
  const featureColumns = async (names: readonly string[]) => {
    const missing = [...new Set(names)].filter((name) => !(name in read));
    if (missing.length) Object.assign(read, await readColumns(db, outputs.features, missing));
    return Object.fromEntries(names.map((name) => [name, read[name]]));
  };
  checkFeatureColumns(config.segmentation.features, featureTypes, transactions);
  const extra = transactions ? SUMMARY_COLUMNS : ["customer_id", ...(featureTypes.some((c) => c.name === "tenure_days") ? ["tenure_days"] : []), ...(config.report.valueColumns ?? [])];
  const columns = await featureColumns([...new Set([...extra.filter((c) => c === "customer_id" || featureTypes.some((t) => t.name === c)), ...config.segmentation.features])]);
  const customerIds = (columns.customer_id as unknown[]).map(String);
  const value = transactions ? null : valueOf(config, featureTypes, columns, customerIds.length);
  const segmentation = segmentCustomers(columns, config.segmentation, { transactions, ids: customerIds, sources: featureSources(outputs), value: value?.value ?? null, playbook: config.playbook });
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
    transactions,
    featureTypes,
    featureColumns,
    customerIds,
    segmentation,
    labels: segmentation.labels,
    labelCount: segmentation.k + segmentation.groups.length,
    names: segmentation.segments.map((s) => s.name),
    labelNames: [...segmentation.segments.map((s) => s.name), ...segmentation.groups.map((g) => g.label)],
    value: transactions ? { label: "net revenue", columns: null, missing: 0 } : (value?.measure ?? null),
    segmentTable,
  };
}
