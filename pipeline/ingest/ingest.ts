/**
 * Ingestion: reads the transactions and customers exports with DuckDB, maps columns to roles,
 * types and flags every line, and accounts for every input row: loaded, or rejected with a reason.
 * Writes transactions.parquet, customers.parquet, rejects.parquet and quality.json to an output
 * folder, all or nothing.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mapCustomerIdColumn, mapTransactionColumns, type ColumnMapping } from "../../src/lib/ingest/columns.js";
import type { DateOrder, WorkbenchConfig } from "../../src/lib/config/config.js";
import { literalList, quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";
import { displayPath, InputError, readInput } from "./inputs.js";
import type { QualityReport, TransactionQuality, InputQuality, Anomaly } from "../../src/lib/ingest/quality.js";
import { DAY_MONTH_PATTERN, idSql, numberSql, textSql, timestampSql } from "./typing.js";

export type Progress = (message: string) => void;

/** Day-first or month-first, from values whose first or second part is over 12; loud when the data cannot tell. */
async function resolveDateOrder(db: Database, table: string, column: string, configured: DateOrder, file: string): Promise<"DMY" | "MDY" | null> {
  const t = `trim(${quoteIdent(column)})`;
  const [evidence] = await db.all<{ n: number; day_first: number; month_first: number; day_line: number | null; month_line: number | null; day_value: string | null; month_value: string | null }>(`
    WITH parts AS (
      SELECT source_line, ${t} AS value,
        TRY_CAST(regexp_extract(${t}, '${DAY_MONTH_PATTERN}', 1) AS INTEGER) AS a,
        TRY_CAST(regexp_extract(${t}, '${DAY_MONTH_PATTERN}', 2) AS INTEGER) AS b
      FROM ${quoteIdent(table)} WHERE regexp_matches(${t}, '${DAY_MONTH_PATTERN}'))
    SELECT count(*)::INTEGER AS n,
      count(*) FILTER (WHERE a > 12 AND b <= 12)::INTEGER AS day_first,
      count(*) FILTER (WHERE b > 12 AND a <= 12)::INTEGER AS month_first,
      min(source_line) FILTER (WHERE a > 12 AND b <= 12) AS day_line,
      min(source_line) FILTER (WHERE b > 12 AND a <= 12) AS month_line,
      arg_min(value, source_line) FILTER (WHERE a > 12 AND b <= 12) AS day_value,
      arg_min(value, source_line) FILTER (WHERE b > 12 AND a <= 12) AS month_value
    FROM parts`);
  if (evidence.n === 0) return null;
  if (configured !== "auto") return configured;
  if (evidence.day_first && evidence.month_first) {
    throw new InputError(file, `mixes day-first dates (line ${evidence.day_line}: "${evidence.day_value}") and month-first dates (line ${evidence.month_line}: "${evidence.month_value}"). Fix the export, or set ingest.dateOrder to "DMY" or "MDY" in workbench.config.json to read all dates one way.`);
  }
  if (evidence.day_first) return "DMY";
  if (evidence.month_first) return "MDY";
  throw new InputError(file, `has ${evidence.n} dates like 03/04/2024 that could be day-first or month-first, and none that tells. Set ingest.dateOrder to "DMY" or "MDY" in workbench.config.json.`);
}

async function ingestTransactions(db: Database, path: string, config: WorkbenchConfig, outDir: string, progress: Progress): Promise<TransactionQuality> {
  progress(`reading ${displayPath(path)}`);
  const raw = await readInput(db, path, "raw_transactions", config.ingest);
  const shown = displayPath(path);
  const mapping = mapTransactionColumns(shown, raw.columns, config.columns.transactions);
  progress(`mapped columns: ${Object.entries(mapping).map(([role, column]) => `${role}=${column}`).join(", ")}`);
  const m = mapping as Required<ColumnMapping>;
  const dateOrder = await resolveDateOrder(db, "raw_transactions", m.timestamp, config.ingest.dateOrder, shown);
  const ts = timestampSql(m.timestamp, dateOrder);
  const quantity = numberSql(m.quantity, config.ingest.decimalSeparator);
  const price = numberSql(m.unit_price, config.ingest.decimalSeparator);
  const orderId = mapping.order_id ? textSql(mapping.order_id) : null;
  const dataColumns = raw.columns.map(quoteIdent).join(", ");
  progress("typing and checking rows");
  // Each value is typed once (__wb_*), then checked: the parsers are the expensive part at scale.
  await db.run(`CREATE OR REPLACE TEMP TABLE typed_transactions AS
    SELECT *,
      ${idSql(m.customer_id)} AS __wb_customer_id,
      ${ts} AS __wb_ts,
      ${quantity} AS __wb_quantity,
      ${price} AS __wb_price
    FROM raw_transactions`);
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_transactions AS
    SELECT *,
      COALESCE(
        CASE
          WHEN __wb_customer_id IS NULL THEN 'missing customer id'
          WHEN __wb_ts IS NULL THEN 'unparseable timestamp'
          WHEN __wb_quantity IS NULL THEN 'non-numeric quantity'
          WHEN __wb_price IS NULL THEN 'non-numeric unit price'
        END,
        -- Exact duplicates across every column (and across the files of one input): the first is kept.
        CASE WHEN ${config.ingest.dropDuplicates}
              AND row_number() OVER (PARTITION BY ${dataColumns} ORDER BY source_file, source_line) > 1
             THEN 'duplicate' END) AS reject_reason
    FROM typed_transactions`);
  await db.run(`DROP TABLE typed_transactions`);
  const cancelled = orderId ? `starts_with(${orderId}, ${quoteLiteral(config.ingest.cancelPrefix)})` : "false";
  // Without an order id, an order is one customer at one moment.
  const order = orderId ?? `__wb_customer_id || '@' || strftime(__wb_ts, '%Y-%m-%dT%H:%M:%S')`;
  await db.run(`CREATE OR REPLACE TEMP TABLE transactions AS
    SELECT
      __wb_customer_id AS customer_id,
      ${order} AS order_id,
      __wb_ts AS order_ts,
      ${mapping.product_id ? idSql(mapping.product_id) : "CAST(NULL AS VARCHAR)"} AS product_id,
      ${textSql(mapping.product_name)} AS product_name,
      ${textSql(mapping.category)} AS category,
      __wb_quantity AS quantity,
      __wb_price AS unit_price,
      round(__wb_quantity * __wb_price, 2) AS amount,
      ${cancelled} AS is_cancellation,
      __wb_quantity < 0 OR ${cancelled} AS is_return,
      ${mapping.product_id ? `${idSql(mapping.product_id)} IS NULL OR ${idSql(mapping.product_id)} NOT IN ${literalList(config.ingest.nonProductCodes)}` : "true"} AS is_product,
      source_file,
      source_line
    FROM checked_transactions
    WHERE reject_reason IS NULL
    ORDER BY source_file, source_line`);
  const quality = await account(db, "checked_transactions", shown, raw.malformed);
  const [stats] = await db.all<Record<string, number | string | null>>(`SELECT
      strftime(min(order_ts), '%Y-%m-%d %H:%M:%S') AS first_ts,
      strftime(max(order_ts), '%Y-%m-%d %H:%M:%S') AS last_ts,
      count(DISTINCT customer_id)::INTEGER AS customers,
      count(DISTINCT order_id)::INTEGER AS orders,
      count(*) FILTER (WHERE is_return)::INTEGER AS return_lines,
      count(*) FILTER (WHERE NOT is_product)::INTEGER AS non_product_lines,
      COALESCE(round(sum(amount), 2), 0)::DOUBLE AS net_revenue,
      COALESCE(sum(amount) FILTER (WHERE amount > 0), 0)::DOUBLE AS gross,
      count(*) FILTER (WHERE unit_price = 0)::INTEGER AS zero_price,
      count(*) FILTER (WHERE unit_price < 0)::INTEGER AS negative_price
    FROM transactions`);
  const [rejected] = await db.all<{ gross: number }>(`SELECT COALESCE(sum(v) FILTER (WHERE v > 0), 0)::DOUBLE AS gross
    FROM (SELECT __wb_quantity * __wb_price AS v FROM checked_transactions WHERE reject_reason IS NOT NULL)`);
  const top = (order: string) =>
    db.all<Anomaly>(`SELECT source_file, source_line, order_id, product_id, quantity, unit_price, amount
      FROM transactions ORDER BY ${order}, source_file, source_line LIMIT 10`);
  progress("writing transactions.parquet");
  await db.run(`COPY transactions TO ${quoteLiteral(join(outDir, "transactions.parquet"))} (FORMAT parquet)`);
  const gross = Number(stats.gross) + rejected.gross;
  return {
    ...quality,
    mapping,
    dateOrder,
    firstTimestamp: stats.first_ts as string | null,
    lastTimestamp: stats.last_ts as string | null,
    customers: Number(stats.customers),
    orders: Number(stats.orders),
    returnLines: Number(stats.return_lines),
    nonProductLines: Number(stats.non_product_lines),
    netRevenue: Number(stats.net_revenue),
    rejectedRevenue: Math.round(rejected.gross * 100) / 100,
    rejectedRevenueShare: gross > 0 ? Math.round((rejected.gross / gross) * 10000) / 10000 : 0,
    zeroPriceLines: Number(stats.zero_price),
    negativePriceLines: Number(stats.negative_price),
    topQuantities: await top("abs(quantity) DESC"),
    topPrices: await top("unit_price DESC"),
  };
}

async function ingestCustomers(db: Database, path: string, config: WorkbenchConfig, outDir: string, progress: Progress): Promise<InputQuality> {
  progress(`reading ${displayPath(path)}`);
  const raw = await readInput(db, path, "raw_customers", config.ingest);
  const shown = displayPath(path);
  const idColumn = mapCustomerIdColumn(shown, raw.columns, config.columns.customers.customer_id);
  const rest = raw.columns.filter((c) => c !== idColumn && c !== "customer_id").map((c) => `${textSql(c)} AS ${quoteIdent(c)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_customers AS
    SELECT *, CASE
        WHEN ${idSql(idColumn)} IS NULL THEN 'missing customer id'
        WHEN row_number() OVER (PARTITION BY ${idSql(idColumn)} ORDER BY source_file, source_line) > 1 THEN 'duplicate customer id'
      END AS reject_reason
    FROM raw_customers`);
  await db.run(`CREATE OR REPLACE TEMP TABLE customers AS
    SELECT ${idSql(idColumn)} AS customer_id${rest.length ? ", " + rest.join(", ") : ""}
    FROM checked_customers WHERE reject_reason IS NULL ORDER BY source_file, source_line`);
  progress("writing customers.parquet");
  await db.run(`COPY customers TO ${quoteLiteral(join(outDir, "customers.parquet"))} (FORMAT parquet)`);
  return account(db, "checked_customers", shown, raw.malformed);
}

/** rows read = rows loaded + rows rejected, by reason; rejected rows go to the rejects table with their raw values. */
async function account(db: Database, checked: string, file: string, malformed: number): Promise<InputQuality> {
  const rows = await db.all<{ reason: string | null; n: number }>(
    `SELECT reject_reason AS reason, count(*)::INTEGER AS n FROM ${checked} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const counts = new Map<string, number>();
  let rowsRead = malformed;
  let rowsRejected = malformed;
  if (malformed) counts.set("malformed row", malformed);
  for (const { reason, n } of rows) {
    rowsRead += n;
    if (reason !== null) {
      counts.set(reason, n);
      rowsRejected += n;
    }
  }
  const rejectedByReason = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  const columns = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(checked)})`))
    .map((c) => c.name)
    .filter((n) => !["source_file", "source_line", "reject_reason"].includes(n) && !n.startsWith("__wb_"));
  await db.run(`INSERT INTO rejects
    SELECT source_file, source_line, reject_reason,
           CAST(json_object(${columns.map((c) => `${quoteLiteral(c)}, ${quoteIdent(c)}`).join(", ")}) AS VARCHAR)
    FROM ${checked} WHERE reject_reason IS NOT NULL ORDER BY source_file, source_line`);
  return { file, rowsRead, rowsLoaded: rowsRead - rowsRejected, rowsRejected, rejectedByReason };
}

export interface IngestOptions {
  transactions: string;
  customers?: string;
  config: WorkbenchConfig;
  outDir: string;
  onProgress?: Progress;
}

/**
 * Ingests into a staging folder beside outDir and renames it into place only when every step
 * succeeded, so a failed run never leaves partial output (and an earlier good output survives).
 */
export async function ingest(db: Database, options: IngestOptions): Promise<QualityReport> {
  const { outDir, config } = options;
  const started = Date.now();
  const progress: Progress = (message) => options.onProgress?.(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  const staging = `${outDir}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE rejects (source_file VARCHAR, source_line INTEGER, reason VARCHAR, raw VARCHAR)`);
    const transactions = await ingestTransactions(db, options.transactions, config, staging, progress);
    const quality: QualityReport = { transactions };
    if (options.customers) quality.customers = await ingestCustomers(db, options.customers, config, staging, progress);
    await db.run(`COPY (SELECT * FROM rejects ORDER BY source_file, source_line) TO ${quoteLiteral(join(staging, "rejects.parquet"))} (FORMAT parquet)`);
    await writeFile(join(staging, "quality.json"), JSON.stringify(quality, null, 2) + "\n");
    await rm(outDir, { recursive: true, force: true });
    await rename(staging, outDir);
    progress("done");
    return quality;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
