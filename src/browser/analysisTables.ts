/**
 * The tables a page can query with ```` ```sql ```` cells (the SQL page, the example analysis and
 * pages analysts add, README "Your own analysis pages"), for Framework's DuckDBClient.of:
 *
 *   const db = await DuckDBClient.of(analysisTables(wb, {features: featuresFile, transactions: FileAttachment("data/transactions.arrow")}, published, mine));
 *   await db.query(customersViewSql(wb.features.names));
 *   const sql = db.sql.bind(db);
 *
 * - `features`: the feature table, one row per customer (its bytes, already loaded by openWorkbench);
 * - `transactions`: the clean order lines;
 * - `assignments`: each customer's published segment (and, given one, the workbench's), from
 *   src/lib/segments/assignments.ts;
 * - `customers` (the view customersViewSql makes): customer_id and the non-personal attributes.
 *
 * Everything is read from the site's own files or made in the page: nothing is fetched from
 * elsewhere, and DuckDB-WASM's extensions stay off (observablehq.config.ts).
 */
import { customerAttributeColumns } from "../lib/features/featureColumns.js";
import { quoteIdent } from "../lib/io/sql.js";
import { assignmentsIpc, type LabelsWithNames } from "../lib/segments/assignments.js";
import { arrowBytesSource, type FileLike, type Workbench } from "./workbenchData.js";

/** What the tables need of a segmentation (a NamedSegmentation of src/components/job.ts). */
export interface Segmentation {
  labels: Int32Array;
  segments: readonly { name: string }[];
  /** The groups kept out of the clustering, by label code after the segments. */
  groups: readonly { label: string }[];
}

type NamedSegmentation = Segmentation;

/** Labels and names (segments, then the groups kept out of the clustering) of a segmentation. */
export function labelsWithNames(s: NamedSegmentation): LabelsWithNames {
  return { labels: s.labels, names: [...s.segments.map((x) => x.name), ...s.groups.map((g) => g.label)], segments: s.segments.length };
}

/** The sources of `features`, `transactions` and `assignments` for DuckDBClient.of. */
export function analysisTables(
  wb: Pick<Workbench, "features">,
  files: { features: FileLike; transactions: FileLike },
  published: NamedSegmentation,
  workbench: NamedSegmentation | null = null,
): Record<string, unknown> {
  const { features } = wb;
  // A customers-only project has no RFM scores: the column is there, empty.
  const rfmSegments = features.names.includes("rfm_segment") ? features.text("rfm_segment") : new Array<string | null>(features.numRows).fill(null);
  const assignments = assignmentsIpc(features.text("customer_id"), labelsWithNames(published), rfmSegments, workbench ? labelsWithNames(workbench) : null);
  return {
    features: features.duckdbSource(files.features),
    transactions: files.transactions,
    assignments: arrowBytesSource("assignments.arrow", assignments),
  };
}

/** The `customers` view: the feature table's columns that are not features (personal data never gets there). */
export function customersViewSql(featureNames: readonly string[]): string {
  const attributes = customerAttributeColumns(featureNames);
  return `CREATE VIEW customers AS SELECT customer_id${attributes.map((a) => `, ${quoteIdent(a)}`).join("")} FROM features`;
}

/**
 * The `customer_value` view (customer_id, value): each customer's value as the report counts it (its
 * `value` measure): net revenue with transactions, the sum of report.valueColumns in a customers-only
 * project (null when one of them is blank: such a customer counts in no value total, as on the report),
 * and null for everyone without a value measure. A page's SQL then sizes segments by value in either mode.
 */
export function customerValueViewSql(value: { columns: readonly string[] | null } | null): string {
  const expression = value === null ? "NULL::DOUBLE" : value.columns === null ? "monetary" : value.columns.map((c) => `${quoteIdent(c)}::DOUBLE`).join(" + ");
  return `CREATE VIEW customer_value AS SELECT customer_id, ${expression} AS value FROM features`;
}
