/**
 * Ingestion: reads the transactions and customers exports with DuckDB, maps columns to roles,
 * types and flags every line, and accounts for every input row: loaded, or rejected with a reason.
 * Writes transactions.parquet, customers.parquet, rejects.parquet and quality.json to an output
 * folder, all or nothing.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mapCustomerIdColumn, mapTransactionColumns, MissingColumnError, revenueSource, type ColumnMapping } from "../../src/lib/ingest/columns.js";
import { headerAdvice, mayBeData } from "../../src/lib/ingest/header.js";
import { amountWarning, lineTotalWarning } from "../../src/lib/ingest/lineTotals.js";
import type { DateOrder, WorkbenchConfig } from "../../src/lib/config/config.js";
import { literalList, quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";
import { displayPath, InputError, readInput } from "./inputs.js";
import type { QualityReport, TransactionQuality, InputQuality, Anomaly } from "../../src/lib/ingest/quality.js";
import { guardMessage, guardViolation, reasonColumns, type RejectExample } from "../../src/lib/ingest/guards.js";
import { checkAmounts, checkLineTotals, resolveCurrency } from "./checks.js";
import { currencySql, DAY_MONTH_PATTERN, idSql, numberSql, skippedLocalTimeSql, textSql, timestampSql } from "../../src/lib/ingest/typing.js";

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

/** DuckDB's built-in ICU data must know ingest.timezone (Intl accepted it when the config was read). */
async function checkTimezone(db: Database, timezone: string): Promise<void> {
  if (timezone === "UTC") return;
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM pg_timezone_names() WHERE name = ${quoteLiteral(timezone)}`);
  if (n === 0) {
    throw new Error(`ingest.timezone: DuckDB's time zone data has no zone "${timezone}". Use a canonical IANA name such as "Europe/London" or "America/New_York".`);
  }
}

async function ingestTransactions(db: Database, path: string, config: WorkbenchConfig, outDir: string, progress: Progress, warn: Progress): Promise<TransactionQuality> {
  progress(`reading ${displayPath(path)}`);
  const options = config.ingest;
  await checkTimezone(db, options.timezone);
  const raw = await readInput(db, path, "raw_transactions", options);
  const shown = displayPath(path);
  let mapping: ColumnMapping;
  try {
    mapping = mapTransactionColumns(shown, raw.columns, config.columns.transactions);
  } catch (error) {
    // A data line read as the header: its "names" map to nothing. Say so, with the keys that fix it.
    if (error instanceof MissingColumnError && raw.header && mayBeData(raw.header)) {
      error.message += ` The first line, read as the header, looks like data. ${headerAdvice(raw.header.length)}`;
    }
    throw error;
  }
  progress(`mapped columns: ${Object.entries(mapping).map(([role, column]) => `${role}=${column}`).join(", ")}`);
  const source = revenueSource(mapping);
  const dateOrder = await resolveDateOrder(db, "raw_transactions", mapping.timestamp!, options.dateOrder, shown);
  const number = (column: string) => numberSql(column, options.decimalSeparator);
  const orderId = mapping.order_id ? textSql(mapping.order_id) : null;
  const dataColumns = raw.columns.map(quoteIdent).join(", ");
  progress("typing and checking rows");
  // Each value is typed once (__wb_*), then checked: the parsers are the expensive part at scale.
  await db.run(`CREATE OR REPLACE TEMP TABLE typed_transactions AS
    SELECT *,
      ${idSql(mapping.customer_id!)} AS __wb_customer_id,
      ${timestampSql(mapping.timestamp!, dateOrder, options.timezone)} AS __wb_ts,
      ${mapping.quantity ? number(mapping.quantity) : "CAST(NULL AS DOUBLE)"} AS __wb_quantity,
      ${mapping.unit_price ? number(mapping.unit_price) : "CAST(NULL AS DOUBLE)"} AS __wb_price,
      ${mapping.amount ? number(mapping.amount) : "CAST(NULL AS DOUBLE)"} AS __wb_amount,
      ${mapping.currency ? currencySql(mapping.currency) : "CAST(NULL AS VARCHAR)"} AS __wb_currency
    FROM raw_transactions`);
  // dropDuplicates "auto": with an order id, identical lines are a double export; without one they are
  // most likely the same purchase made twice (CDNOW-style daily totals), so they stay and are counted.
  const dropDuplicates = options.dropDuplicates === "auto" ? Boolean(mapping.order_id) : options.dropDuplicates;
  const unreadable = [
    mapping.quantity ? `WHEN __wb_quantity IS NULL THEN 'non-numeric quantity'` : "",
    mapping.unit_price ? `WHEN __wb_price IS NULL THEN 'non-numeric unit price'` : "",
    mapping.amount ? `WHEN __wb_amount IS NULL THEN 'non-numeric amount'` : "",
  ].filter(Boolean);
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_transactions AS
    SELECT * EXCLUDE (__wb_copy),
      COALESCE(
        CASE
          WHEN __wb_customer_id IS NULL THEN 'missing customer id'
          WHEN __wb_ts IS NULL THEN 'unparseable timestamp'
          ${unreadable.join("\n          ")}
        END,
        CASE WHEN ${dropDuplicates} AND __wb_copy > 1 THEN 'duplicate' END) AS reject_reason,
      __wb_copy > 1 AS __wb_repeat
    FROM (SELECT *,
            -- Exact duplicates across every column (and across the files of one input): the first is kept.
            row_number() OVER (PARTITION BY ${dataColumns} ORDER BY source_file, source_line) AS __wb_copy
          FROM typed_transactions)`);
  await db.run(`DROP TABLE typed_transactions`);
  const cancelled = orderId ? `starts_with(${orderId}, ${quoteLiteral(options.cancelPrefix)})` : "false";
  // Without an order id, an order is one customer at one moment.
  const order = orderId ?? `__wb_customer_id || '@' || strftime(__wb_ts, '%Y-%m-%dT%H:%M:%S')`;
  // Without a quantity column each line is one unit (−1 when its amount is negative: a return).
  const quantity = mapping.quantity ? "__wb_quantity" : "CASE WHEN __wb_amount < 0 THEN -1.0 ELSE 1.0 END";
  const amount = mapping.amount ? "round(__wb_amount, 2)" : "round(__wb_quantity * __wb_price, 2)";
  const unitPrice = mapping.unit_price ? "__wb_price" : `CASE WHEN ${quantity} <> 0 THEN round(__wb_amount / ${quantity}, 4) END`;
  await db.run(`CREATE OR REPLACE TEMP TABLE transactions AS
    SELECT
      __wb_customer_id AS customer_id,
      ${order} AS order_id,
      __wb_ts AS order_ts,
      ${mapping.product_id ? idSql(mapping.product_id) : "CAST(NULL AS VARCHAR)"} AS product_id,
      ${textSql(mapping.product_name)} AS product_name,
      ${textSql(mapping.category)} AS category,
      ${quantity} AS quantity,
      ${unitPrice} AS unit_price,
      ${amount} AS amount,
      ${cancelled} AS is_cancellation,
      ${quantity} < 0 OR ${cancelled} AS is_return,
      ${mapping.product_id ? `${idSql(mapping.product_id)} IS NULL OR ${idSql(mapping.product_id)} NOT IN ${literalList(options.nonProductCodes)}` : "true"} AS is_product,
      source_file,
      source_line
    FROM checked_transactions
    WHERE reject_reason IS NULL
    ORDER BY source_file, source_line`);
  const quality = await account(db, "checked_transactions", shown, raw.malformed);
  progress("checking amounts, prices and currency");
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
  const lineValue = mapping.amount ? "__wb_amount" : "__wb_quantity * __wb_price";
  const [rejected] = await db.all<{ gross: number }>(`SELECT COALESCE(sum(v) FILTER (WHERE v > 0), 0)::DOUBLE AS gross
    FROM (SELECT ${lineValue} AS v FROM checked_transactions WHERE reject_reason IS NOT NULL)`);
  const [repeats] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM checked_transactions WHERE __wb_repeat AND (reject_reason IS NULL OR reject_reason = 'duplicate')`);
  const duplicates = { policy: options.dropDuplicates, dropped: dropDuplicates, lines: repeats.n };
  if (!dropDuplicates && repeats.n > 0) {
    warn(
      `${repeats.n} line${repeats.n === 1 ? " repeats" : "s repeat"} an earlier line exactly and ${repeats.n === 1 ? "was" : "were"} kept` +
        (mapping.order_id ? " (ingest.dropDuplicates is false)." : " (no order id: most likely repeat purchases). Set ingest.dropDuplicates to true to drop them."),
    );
  }
  const amountCheck = mapping.amount && mapping.quantity && mapping.unit_price
    ? await checkAmounts(db, "checked_transactions", { amount: mapping.amount, quantity: mapping.quantity, unit_price: mapping.unit_price })
    : null;
  if (amountCheck && amountCheck.linesDisagreeing > 0) warn(amountWarning(amountCheck));
  const lineTotalCheck = !mapping.amount
    ? await checkLineTotals(db, "checked_transactions", { quantity: mapping.quantity!, unit_price: mapping.unit_price! }, mapping.product_id ? idSql(mapping.product_id) : null)
    : null;
  if (lineTotalCheck?.flagged) warn(lineTotalWarning(lineTotalCheck));
  if (!mapping.quantity) warn(`no quantity column: each line counts as one unit (−1 when its amount is negative), so items per order and return rate count lines. Set columns.transactions.quantity if the export has one.`);
  const skipped = await skippedLocalTimes(db, mapping.timestamp!, dateOrder, options.timezone);
  if (skipped.lines > 0) {
    warn(`${skipped.lines} timestamp${skipped.lines === 1 ? " is a local time" : "s are local times"} that ${options.timezone} skips when clocks go forward (first: line ${skipped.first}); DuckDB moved ${skipped.lines === 1 ? "it" : "them"} an hour on. Check ingest.timezone.`);
  }
  const currency = await resolveCurrency(db, "checked_transactions", shown, {
    column: mapping.currency,
    configured: config.report.currency,
    moneyColumns: [mapping.unit_price, mapping.amount].filter((c): c is string => Boolean(c)),
  });
  const top = (order: string) =>
    db.all<Anomaly>(`SELECT source_file, source_line, order_id, product_id, quantity, unit_price, amount
      FROM transactions ORDER BY ${order}, source_file, source_line LIMIT 10`);
  progress("writing transactions.parquet");
  await db.run(`COPY transactions TO ${quoteLiteral(join(outDir, "transactions.parquet"))} (FORMAT parquet)`);
  const gross = Number(stats.gross) + rejected.gross;
  return {
    ...quality,
    mapping,
    revenueFrom: source,
    quantityAssumed: !mapping.quantity,
    dateOrder,
    timezone: options.timezone,
    skippedLocalTimes: skipped.lines,
    currency,
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
    duplicates,
    amountCheck,
    lineTotalCheck,
    topQuantities: await top("abs(quantity) DESC"),
    topPrices: await top("unit_price DESC NULLS LAST"),
    warnings: [],
  };
}

/** Local times ingest.timezone skips (a spring-forward gap): how many loaded lines have one, and the first. */
async function skippedLocalTimes(db: Database, column: string, order: "DMY" | "MDY" | null, timezone: string): Promise<{ lines: number; first: number | null }> {
  if (timezone === "UTC") return { lines: 0, first: null };
  const [row] = await db.all<{ lines: number; first: number | null }>(`
    SELECT count(*)::INTEGER AS lines, min(source_line) AS first FROM checked_transactions
    WHERE reject_reason IS NULL AND ${skippedLocalTimeSql(column, order, timezone)}`);
  return row;
}

async function ingestCustomers(db: Database, path: string, config: WorkbenchConfig, outDir: string, progress: Progress): Promise<InputQuality> {
  progress(`reading ${displayPath(path)}`);
  // ingest.header, columnNames and fixedWidth describe the transactions export; a customers export has a header.
  const raw = await readInput(db, path, "raw_customers", { ...config.ingest, header: true, columnNames: null, fixedWidth: null });
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
  /** Suspicious findings about the transactions export (quality.json's warnings); default: printed on stderr with the file. */
  onWarning?: Progress;
}

/** An input the run must not go on with: no row loaded, or too many rejected (ingest.maxRejectedShare). */
export class IngestGuardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "IngestGuardError";
  }
}

const rejectCount = async (db: Database) => (await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM rejects`))[0].n;

/** Stops the run when an input loaded nothing or rejected more than allowed, with an example line per top reason. */
async function guard(db: Database, q: InputQuality, config: WorkbenchConfig, rejectsBefore: number, input: "transactions" | "customers", focus: Record<string, string | undefined>): Promise<void> {
  const max = config.ingest.maxRejectedShare;
  if (!guardViolation(q, max)) return;
  // This input's rejects are the rows appended since it started (malformed lines first, then typed ones).
  const examples = await db.all<RejectExample>(`
    SELECT reason, arg_min(source_file, source_line) AS source_file, min(source_line) AS source_line, arg_min(raw, source_line) AS raw
    FROM (SELECT *, rowid AS n FROM rejects) WHERE n >= ${rejectsBefore} GROUP BY reason`);
  throw new IngestGuardError(guardMessage(q, max, examples, input, focus));
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
    const warnings: string[] = [];
    // Stored without the file (quality.json says which file it is about, and is published with public paths).
    const warn: Progress = (message) => {
      warnings.push(message);
      (options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${displayPath(options.transactions)}: ${m}\n`)))(message);
    };
    const transactions = await ingestTransactions(db, options.transactions, config, staging, progress, warn);
    transactions.warnings = warnings;
    await guard(db, transactions, config, 0, "transactions", reasonColumns(transactions.mapping));
    const quality: QualityReport = { transactions };
    if (options.customers) {
      const before = await rejectCount(db);
      quality.customers = await ingestCustomers(db, options.customers, config, staging, progress);
      await guard(db, quality.customers, config, before, "customers", {});
    }
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
