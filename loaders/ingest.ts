/**
 * Ingestion: reads the transactions and customers exports with DuckDB, maps columns to roles,
 * types and flags every line, and accounts for every input row: loaded, or rejected with a reason.
 * Writes transactions.parquet, customers.parquet, rejects.parquet and quality.json to an output folder.
 */
import { existsSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { mapCustomerIdColumn, mapTransactionColumns, type ColumnMapping } from "../src/lib/columns.js";
import type { WorkbenchConfig } from "../src/lib/config.js";
import { literalList, quoteIdent, quoteLiteral } from "../src/lib/sql.js";
import type { Database } from "./duckdb.js";

export interface InputQuality {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  rejectedByReason: Record<string, number>;
  /** Role → column used, for the transactions input. */
  mapping?: ColumnMapping;
}

export interface QualityReport {
  transactions: InputQuality & {
    firstTimestamp: string | null;
    lastTimestamp: string | null;
    customers: number;
    orders: number;
    returnLines: number;
    nonProductLines: number;
    netRevenue: number;
  };
  customers?: InputQuality;
}

export class InputError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "InputError";
  }
}

/** Reads a delimited export (delimiter sniffed, gzip by extension) into a table of text columns plus its line number. */
async function readRaw(db: Database, file: string, table: string): Promise<string[]> {
  if (!existsSync(file)) throw new InputError(file, "file not found. Check inputs in workbench.config.json or the --transactions/--customers path.");
  if (statSync(file).size === 0) throw new InputError(file, "the file is empty. Export it again with a header row and data.");
  try {
    // all_varchar: typing is ours, so a bad value becomes a counted reject rather than a failed read.
    await db.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS
       SELECT row_number() OVER () + 1 AS source_line, *
       FROM read_csv(${quoteLiteral(file)}, header = true, all_varchar = true, auto_detect = true)`,
    );
  } catch (error) {
    throw new InputError(file, `could not be read as CSV: ${(error as Error).message.split("\n")[0]}`);
  }
  const columns = await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(table)})`);
  return columns.map((c) => c.name).filter((name) => name !== "source_line");
}

/** Text → customer id without float artefacts: ` 17850.0 ` → `17850`. */
function cleanId(column: string): string {
  return `NULLIF(regexp_replace(trim(${quoteIdent(column)}), '\\.0+$', ''), '')`;
}

function cleanText(column: string | undefined): string {
  return column ? `NULLIF(trim(${quoteIdent(column)}), '')` : "NULL";
}

function number(column: string): string {
  return `TRY_CAST(trim(${quoteIdent(column)}) AS DOUBLE)`;
}

function timestamp(column: string): string {
  const c = `trim(${quoteIdent(column)})`;
  return `COALESCE(TRY_STRPTIME(${c}, '%Y-%m-%d %H:%M:%S'), TRY_CAST(${c} AS TIMESTAMP))`;
}

async function ingestTransactions(db: Database, file: string, config: WorkbenchConfig, outDir: string) {
  const found = await readRaw(db, file, "raw_transactions");
  const mapping = mapTransactionColumns(basename(file), found, config.columns.transactions);
  const m = mapping as Required<ColumnMapping>;
  const orderId = mapping.order_id ? cleanText(mapping.order_id) : null;
  const reasons = `CASE
      WHEN ${cleanId(m.customer_id)} IS NULL THEN 'missing customer id'
      WHEN ${timestamp(m.timestamp)} IS NULL THEN 'unparseable timestamp'
      WHEN ${number(m.quantity)} IS NULL THEN 'non-numeric quantity'
      WHEN ${number(m.unit_price)} IS NULL THEN 'non-numeric unit price'
    END`;
  const allColumns = found.map(quoteIdent).join(", ");
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_transactions AS
    SELECT *,
      COALESCE(${reasons},
        CASE WHEN ${config.ingest.dropDuplicates}
              AND row_number() OVER (PARTITION BY ${allColumns} ORDER BY source_line) > 1
             THEN 'duplicate' END) AS reject_reason
    FROM raw_transactions`);
  const cancelled = orderId
    ? `starts_with(${orderId}, ${quoteLiteral(config.ingest.cancelPrefix)})`
    : "false";
  await db.run(`CREATE OR REPLACE TEMP TABLE transactions AS
    SELECT
      ${cleanId(m.customer_id)} AS customer_id,
      ${orderId ?? `${cleanId(m.customer_id)} || '@' || strftime(${timestamp(m.timestamp)}, '%Y-%m-%dT%H:%M:%S')`} AS order_id,
      ${timestamp(m.timestamp)} AS order_ts,
      ${cleanText(mapping.product_id)} AS product_id,
      ${cleanText(mapping.product_name)} AS product_name,
      ${cleanText(mapping.category)} AS category,
      ${number(m.quantity)} AS quantity,
      ${number(m.unit_price)} AS unit_price,
      round(${number(m.quantity)} * ${number(m.unit_price)}, 2) AS amount,
      ${cancelled} AS is_cancellation,
      ${number(m.quantity)} < 0 AS is_return,
      ${mapping.product_id ? `${cleanText(mapping.product_id)} NOT IN ${literalList(config.ingest.nonProductCodes)}` : "true"} AS is_product,
      CAST(source_line AS INTEGER) AS source_line
    FROM checked_transactions
    WHERE reject_reason IS NULL
    ORDER BY source_line`);
  const quality = await summarise(db, "checked_transactions", file);
  const [stats] = await db.all<Record<string, unknown>>(`SELECT
      strftime(min(order_ts), '%Y-%m-%d %H:%M:%S') AS first_ts,
      strftime(max(order_ts), '%Y-%m-%d %H:%M:%S') AS last_ts,
      count(DISTINCT customer_id)::INTEGER AS customers,
      count(DISTINCT order_id)::INTEGER AS orders,
      count(*) FILTER (WHERE is_return OR is_cancellation)::INTEGER AS return_lines,
      count(*) FILTER (WHERE NOT is_product)::INTEGER AS non_product_lines,
      COALESCE(round(sum(amount), 2), 0)::DOUBLE AS net_revenue
    FROM transactions`);
  await db.run(`COPY transactions TO ${quoteLiteral(join(outDir, "transactions.parquet"))} (FORMAT parquet)`);
  return {
    ...quality,
    mapping,
    firstTimestamp: stats.first_ts as string | null,
    lastTimestamp: stats.last_ts as string | null,
    customers: Number(stats.customers),
    orders: Number(stats.orders),
    returnLines: Number(stats.return_lines),
    nonProductLines: Number(stats.non_product_lines),
    netRevenue: Number(stats.net_revenue),
  };
}

async function ingestCustomers(db: Database, file: string, config: WorkbenchConfig, outDir: string): Promise<InputQuality> {
  const found = await readRaw(db, file, "raw_customers");
  const idColumn = mapCustomerIdColumn(basename(file), found, config.columns.customers.customer_id);
  const rest = found.filter((c) => c !== idColumn).map((c) => `${cleanText(c)} AS ${quoteIdent(c)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_customers AS
    SELECT *, CASE
        WHEN ${cleanId(idColumn)} IS NULL THEN 'missing customer id'
        WHEN row_number() OVER (PARTITION BY ${cleanId(idColumn)} ORDER BY source_line) > 1 THEN 'duplicate customer id'
      END AS reject_reason
    FROM raw_customers`);
  await db.run(`CREATE OR REPLACE TEMP TABLE customers AS
    SELECT ${cleanId(idColumn)} AS customer_id${rest.length ? ", " + rest.join(", ") : ""}
    FROM checked_customers WHERE reject_reason IS NULL ORDER BY source_line`);
  await db.run(`COPY customers TO ${quoteLiteral(join(outDir, "customers.parquet"))} (FORMAT parquet)`);
  return summarise(db, "checked_customers", file);
}

/** rows read = rows loaded + rows rejected, with counts by reason; rejected rows go to the rejects table. */
async function summarise(db: Database, checked: string, file: string): Promise<InputQuality> {
  const rows = await db.all<{ reason: string | null; n: number }>(
    `SELECT reject_reason AS reason, count(*)::INTEGER AS n FROM ${checked} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const rejectedByReason: Record<string, number> = {};
  let rowsRead = 0;
  let rowsRejected = 0;
  for (const { reason, n } of rows) {
    rowsRead += n;
    if (reason !== null) {
      rejectedByReason[reason] = n;
      rowsRejected += n;
    }
  }
  const columns = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(checked)})`))
    .map((c) => c.name)
    .filter((n) => n !== "source_line" && n !== "reject_reason");
  // The raw line, rebuilt as JSON of its columns, so a reject can be found and fixed in the export.
  await db.run(`INSERT INTO rejects
    SELECT ${quoteLiteral(file)}, CAST(source_line AS INTEGER), reject_reason,
           CAST(json_object(${columns.map((c) => `${quoteLiteral(c)}, ${quoteIdent(c)}`).join(", ")}) AS VARCHAR)
    FROM ${checked} WHERE reject_reason IS NOT NULL ORDER BY source_line`);
  return { file, rowsRead, rowsLoaded: rowsRead - rowsRejected, rowsRejected, rejectedByReason };
}

export interface IngestOptions {
  transactions: string;
  customers?: string;
  config: WorkbenchConfig;
  outDir: string;
}

/**
 * Ingests into a temporary folder beside outDir and renames it into place only when every step
 * succeeded, so a failed run never leaves partial output.
 */
export async function ingest(db: Database, options: IngestOptions): Promise<QualityReport> {
  const { outDir, config } = options;
  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE rejects (source_file VARCHAR, source_line INTEGER, reason VARCHAR, raw VARCHAR)`);
    const transactions = await ingestTransactions(db, options.transactions, config, staging);
    const quality: QualityReport = { transactions };
    if (options.customers) quality.customers = await ingestCustomers(db, options.customers, config, staging);
    await db.run(`COPY rejects TO ${quoteLiteral(join(staging, "rejects.parquet"))} (FORMAT parquet)`);
    await writeFile(join(staging, "quality.json"), JSON.stringify(quality, null, 2) + "\n");
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
    return quality;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
