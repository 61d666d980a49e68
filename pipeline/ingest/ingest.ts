/**
 * Ingestion: reads the transactions and customers exports with DuckDB, maps columns to roles,
 * types and flags every line, and accounts for every input row: loaded, or rejected with a reason.
 * Writes transactions.parquet, customers.parquet, rejects.parquet and quality.json to an output
 * folder, all or nothing.
 *
 * A PostgreSQL table as the transactions input (tableSource.ts) goes through the same SQL in its
 * dialect inside the database: the mapping, typing, checks, duplicates and accounting run there, the
 * clean lines stay there (the session's wb_transactions, which the features step reads), and only
 * the accounting, the checks' figures and a sample of the rejected rows come back. A customers table
 * is read whole (one row per customer) and checked like an export.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { mapCustomerIdColumn, mapTransactionColumns, MissingColumnError, revenueSource, type ColumnMapping } from "../../src/lib/ingest/columns.js";
import { headerAdvice, mayBeData } from "../../src/lib/ingest/header.js";
import { amountWarning, lineTotalWarning } from "../../src/lib/ingest/lineTotals.js";
import type { DateOrder, WorkbenchConfig } from "../../src/lib/config/config.js";
import { INTEGER, LIST, listValue, VARCHAR } from "@duckdb/node-api";
import { literalList, quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { isTableInput, type InputSource } from "../../src/lib/config/config.js";
import type { Database } from "../duckdb.js";
import { createTempTable, duckdbEngine, postgresEngine, type SqlEngine } from "../engine.js";
import type { PostgresDatabase } from "../postgres.js";
import { copyQuery } from "../transfer.js";
import { displayPath, InputError, readInput, type RawInput } from "./inputs.js";
import { describeTable, rawSelectSql, type TableSource } from "./tableSource.js";
import type { QualityReport, TransactionQuality, InputQuality, Anomaly, CustomersQuality } from "../../src/lib/ingest/quality.js";
import { rowIdWidth } from "../../src/lib/ingest/attributes.js";
import { typeAttributes } from "./attributes.js";
import { guardMessage, guardViolation, reasonColumns, type RejectExample } from "../../src/lib/ingest/guards.js";
import { checkAmounts, checkLineTotals, resolveCurrency } from "./checks.js";
import { currencySql, DAY_MONTH_PATTERN, idSql, numberSql, skippedLocalTimeSql, textSql, timestampSql } from "../../src/lib/ingest/typing.js";

export type Progress = (message: string) => void;

/** Day-first or month-first, from values whose first or second part is over 12; loud when the data cannot tell. */
async function resolveDateOrder(db: SqlEngine, table: string, column: string, configured: DateOrder, file: string): Promise<"DMY" | "MDY" | null> {
  const d = db.dialect;
  const t = `trim(${quoteIdent(column)})`;
  // The captured parts are one or two digits: a plain cast never fails.
  const part = (group: number) => (d.name === "duckdb" ? `TRY_CAST(${d.extract(t, DAY_MONTH_PATTERN, group)} AS INTEGER)` : `CAST(${d.extract(t, DAY_MONTH_PATTERN, group)} AS INTEGER)`);
  const [evidence] = await db.all<{ n: number; day_first: number; month_first: number; day_line: number | null; month_line: number | null; day_value: string | null; month_value: string | null }>(`
    WITH parts AS (
      SELECT source_line, ${t} AS value,
        ${part(1)} AS a,
        ${part(2)} AS b
      FROM ${quoteIdent(table)} WHERE ${d.matches(t, DAY_MONTH_PATTERN)})
    SELECT CAST(count(*) AS INTEGER) AS n,
      CAST(count(*) FILTER (WHERE a > 12 AND b <= 12) AS INTEGER) AS day_first,
      CAST(count(*) FILTER (WHERE b > 12 AND a <= 12) AS INTEGER) AS month_first,
      min(source_line) FILTER (WHERE a > 12 AND b <= 12) AS day_line,
      min(source_line) FILTER (WHERE b > 12 AND a <= 12) AS month_line,
      ${d.argMin("value", "source_line", "a > 12 AND b <= 12")} AS day_value,
      ${d.argMin("value", "source_line", "b > 12 AND a <= 12")} AS month_value
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

/** The engine's time zone data (DuckDB's built-in ICU, the server's tzdata) must know ingest.timezone (Intl accepted it when the config was read). */
async function checkTimezone(db: SqlEngine, timezone: string): Promise<void> {
  if (timezone === "UTC") return;
  const [{ n }] = await db.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${db.dialect.timezones} WHERE name = ${quoteLiteral(timezone)}`);
  if (n === 0) {
    const data = db.dialect.name === "duckdb" ? "DuckDB's time zone data has" : "the PostgreSQL server's time zone data has";
    throw new Error(`ingest.timezone: ${data} no zone "${timezone}". Use a canonical IANA name such as "Europe/London" or "America/New_York".`);
  }
}

/** Where a transactions input's rows are while ingest types and checks them, by engine. */
interface TransactionTables {
  raw: string;
  typed: string;
  checked: string;
  /** The clean lines (what features read). */
  clean: string;
}

const DUCKDB_TABLES: TransactionTables = { raw: "raw_transactions", typed: "typed_transactions", checked: "checked_transactions", clean: "transactions" };

/**
 * In a PostgreSQL database, beside the user's own tables: temporary (the session's), with names
 * of the workbench's own. wb_transactions is what the features step reads in the same session.
 */
export const POSTGRES_TABLES: TransactionTables = { raw: "wb_raw_transactions", typed: "wb_typed_transactions", checked: "wb_checked_transactions", clean: "wb_transactions" };

/** Rejected rows of a checked table (rows with a reject_reason): recorded in full (DuckDB) or sampled (a database). */
type RejectSink = (db: SqlEngine, checked: string, columns: readonly string[]) => Promise<void>;

/** The raw transactions, read into `tables.raw` of `db`: its data columns, malformed lines already recorded. */
interface RawTransactions extends RawInput {
  /** The input as messages and quality.json name it. */
  shown: string;
}

/**
 * Maps, types, checks and accounts for the raw transactions in `tables.raw` of `db`, leaving the
 * clean lines in `tables.clean`. The same SQL on every engine, in its dialect.
 */
async function ingestTransactions(
  db: SqlEngine,
  raw: RawTransactions,
  tables: TransactionTables,
  config: WorkbenchConfig,
  progress: Progress,
  warn: Progress,
  rejects: RejectSink,
): Promise<TransactionQuality> {
  const options = config.ingest;
  const d = db.dialect;
  const shown = raw.shown;
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
  const dateOrder = await resolveDateOrder(db, tables.raw, mapping.timestamp!, options.dateOrder, shown);
  const number = (column: string) => numberSql(column, options.decimalSeparator, d.name);
  const orderId = mapping.order_id ? textSql(mapping.order_id) : null;
  // Duplicates compare every column's text (PostgreSQL has types without an equality, json).
  const dataColumns = raw.columns.map(quoteIdent).join(", ");
  const noDouble = `CAST(NULL AS ${d.double})`;
  progress("typing and checking rows");
  // Each value is typed once (__wb_*), then checked: the parsers are the expensive part at scale.
  await createTempTable(db, tables.typed, `
    SELECT *,
      ${idSql(mapping.customer_id!)} AS __wb_customer_id,
      ${timestampSql(mapping.timestamp!, dateOrder, options.timezone, d.name)} AS __wb_ts,
      ${mapping.quantity ? number(mapping.quantity) : noDouble} AS __wb_quantity,
      ${mapping.unit_price ? number(mapping.unit_price) : noDouble} AS __wb_price,
      ${mapping.amount ? number(mapping.amount) : noDouble} AS __wb_amount,
      ${mapping.currency ? currencySql(mapping.currency) : "CAST(NULL AS VARCHAR)"} AS __wb_currency
    FROM ${tables.raw}`);
  // dropDuplicates "auto": with an order id, identical lines are a double export; without one they are
  // most likely the same purchase made twice (CDNOW-style daily totals), so they stay and are counted.
  const dropDuplicates = options.dropDuplicates === "auto" ? Boolean(mapping.order_id) : options.dropDuplicates;
  const unreadable = [
    mapping.quantity ? `WHEN __wb_quantity IS NULL THEN 'non-numeric quantity'` : "",
    mapping.unit_price ? `WHEN __wb_price IS NULL THEN 'non-numeric unit price'` : "",
    mapping.amount ? `WHEN __wb_amount IS NULL THEN 'non-numeric amount'` : "",
  ].filter(Boolean);
  const kept = ["source_file", "source_line", ...raw.columns, "__wb_customer_id", "__wb_ts", "__wb_quantity", "__wb_price", "__wb_amount", "__wb_currency"].map(quoteIdent).join(", ");
  // One CASE, in a fixed order: a row gets the first reason that applies.
  await createTempTable(db, tables.checked, `
    SELECT ${kept},
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
          FROM ${tables.typed}) AS typed`);
  await db.run(`DROP TABLE ${tables.typed}`);
  const cancelled = orderId ? `starts_with(${orderId}, ${quoteLiteral(options.cancelPrefix)})` : "false";
  // Without an order id, an order is one customer at one moment.
  const order = orderId ?? `__wb_customer_id || '@' || ${d.formatTimestamp("__wb_ts", "iso")}`;
  // Without a quantity column each line is one unit (−1 when its amount is negative: a return).
  const unit = (n: number) => (d.name === "duckdb" ? `${n}.0` : `CAST(${n} AS ${d.double})`);
  const quantity = mapping.quantity ? "__wb_quantity" : `CASE WHEN __wb_amount < 0 THEN ${unit(-1)} ELSE ${unit(1)} END`;
  const amount = mapping.amount ? d.round("__wb_amount", 2) : d.round("__wb_quantity * __wb_price", 2);
  const unitPrice = mapping.unit_price ? "__wb_price" : `CASE WHEN ${quantity} <> 0 THEN ${d.round(`__wb_amount / ${quantity}`, 4)} END`;
  await createTempTable(db, tables.clean, `
    SELECT
      __wb_customer_id AS customer_id,
      ${order} AS order_id,
      __wb_ts AS order_ts,
      ${mapping.product_id ? idSql(mapping.product_id) : "CAST(NULL AS VARCHAR)"} AS product_id,
      ${textSql(mapping.product_name, d.name)} AS product_name,
      ${textSql(mapping.category, d.name)} AS category,
      ${quantity} AS quantity,
      ${unitPrice} AS unit_price,
      ${amount} AS amount,
      ${cancelled} AS is_cancellation,
      ${quantity} < 0 OR ${cancelled} AS is_return,
      ${mapping.product_id ? `${idSql(mapping.product_id)} IS NULL OR ${idSql(mapping.product_id)} NOT IN ${literalList(options.nonProductCodes)}` : "true"} AS is_product,
      source_file,
      source_line
    FROM ${tables.checked}
    WHERE reject_reason IS NULL${d.name === "duckdb" ? "\n    ORDER BY source_file, source_line" : ""}`);
  const quality = await account(db, tables.checked, shown, raw.malformed, raw.columns, rejects);
  progress("checking amounts, prices and currency");
  const integer = (x: string) => `CAST(${x} AS INTEGER)`;
  const double = (x: string) => `CAST(${x} AS ${d.double})`;
  const [stats] = await db.all<Record<string, number | string | null>>(`SELECT
      ${d.formatTimestamp("min(order_ts)", "seconds")} AS first_ts,
      ${d.formatTimestamp("max(order_ts)", "seconds")} AS last_ts,
      ${integer("count(DISTINCT customer_id)")} AS customers,
      ${integer("count(DISTINCT order_id)")} AS orders,
      ${integer("count(*) FILTER (WHERE is_return)")} AS return_lines,
      ${integer("count(*) FILTER (WHERE NOT is_product)")} AS non_product_lines,
      ${double(`COALESCE(${d.round("sum(amount)", 2)}, 0)`)} AS net_revenue,
      ${double("COALESCE(sum(amount) FILTER (WHERE amount > 0), 0)")} AS gross,
      ${integer("count(*) FILTER (WHERE unit_price = 0)")} AS zero_price,
      ${integer("count(*) FILTER (WHERE unit_price < 0)")} AS negative_price
    FROM ${tables.clean}`);
  const lineValue = mapping.amount ? "__wb_amount" : "__wb_quantity * __wb_price";
  const [rejected] = await db.all<{ gross: number }>(`SELECT ${double("COALESCE(sum(v) FILTER (WHERE v > 0), 0)")} AS gross
    FROM (SELECT ${lineValue} AS v FROM ${tables.checked} WHERE reject_reason IS NOT NULL) AS rejected`);
  const [repeats] = await db.all<{ n: number }>(`SELECT ${integer("count(*)")} AS n FROM ${tables.checked} WHERE __wb_repeat AND (reject_reason IS NULL OR reject_reason = 'duplicate')`);
  const duplicates = { policy: options.dropDuplicates, dropped: dropDuplicates, lines: repeats.n };
  if (!dropDuplicates && repeats.n > 0) {
    warn(
      `${repeats.n} line${repeats.n === 1 ? " repeats" : "s repeat"} an earlier line exactly and ${repeats.n === 1 ? "was" : "were"} kept` +
        (mapping.order_id ? " (ingest.dropDuplicates is false)." : " (no order id: most likely repeat purchases). Set ingest.dropDuplicates to true to drop them."),
    );
  }
  const amountCheck = mapping.amount && mapping.quantity && mapping.unit_price
    ? await checkAmounts(db, tables.checked, { amount: mapping.amount, quantity: mapping.quantity, unit_price: mapping.unit_price })
    : null;
  if (amountCheck && amountCheck.linesDisagreeing > 0) warn(amountWarning(amountCheck));
  const lineTotalCheck = !mapping.amount
    ? await checkLineTotals(db, tables.checked, { quantity: mapping.quantity!, unit_price: mapping.unit_price! }, mapping.product_id ? idSql(mapping.product_id) : null)
    : null;
  if (lineTotalCheck?.flagged) warn(lineTotalWarning(lineTotalCheck));
  if (!mapping.quantity) warn(`no quantity column: each line counts as one unit (−1 when its amount is negative), so items per order and return rate count lines. Set columns.transactions.quantity if the export has one.`);
  const skipped = await skippedLocalTimes(db, tables.checked, mapping.timestamp!, dateOrder, options.timezone);
  if (skipped.lines > 0) {
    warn(`${skipped.lines} timestamp${skipped.lines === 1 ? " is a local time" : "s are local times"} that ${options.timezone} skips when clocks go forward (first: line ${skipped.first}); ${skipped.lines === 1 ? "it was" : "they were"} moved an hour on. Check ingest.timezone.`);
  }
  const currency = await resolveCurrency(db, tables.checked, shown, {
    column: mapping.currency,
    configured: config.report.currency,
    moneyColumns: [mapping.unit_price, mapping.amount].filter((c): c is string => Boolean(c)),
  });
  const top = (order: string) =>
    db.all<Anomaly>(`SELECT source_file, source_line, order_id, product_id, quantity, unit_price, amount
      FROM ${tables.clean} ORDER BY ${order}, source_file, source_line LIMIT 10`);
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
async function skippedLocalTimes(db: SqlEngine, checked: string, column: string, order: "DMY" | "MDY" | null, timezone: string): Promise<{ lines: number; first: number | null }> {
  if (timezone === "UTC") return { lines: 0, first: null };
  const [row] = await db.all<{ lines: number; first: number | null }>(`
    SELECT CAST(count(*) AS INTEGER) AS lines, min(source_line) AS first FROM ${checked}
    WHERE reject_reason IS NULL AND ${skippedLocalTimeSql(column, order, timezone, db.dialect.name)}`);
  return row;
}

/** A transactions export read from files (DuckDB): ingested, and its clean lines written to transactions.parquet. */
async function ingestTransactionsFile(db: Database, path: string, config: WorkbenchConfig, outDir: string, progress: Progress, warn: Progress): Promise<TransactionQuality> {
  progress(`reading ${displayPath(path)}`);
  const engine = duckdbEngine(db);
  await checkTimezone(engine, config.ingest.timezone);
  const raw = await readInput(db, path, DUCKDB_TABLES.raw, config.ingest);
  const quality = await ingestTransactions(engine, { ...raw, shown: displayPath(path) }, DUCKDB_TABLES, config, progress, warn, recordRejects);
  progress("writing transactions.parquet");
  await db.run(`COPY transactions TO ${quoteLiteral(join(outDir, "transactions.parquet"))} (FORMAT parquet)`);
  return quality;
}

/** Rejected rows kept per reason from a database (their first ones by locator), into the local rejects table. */
export const REJECT_SAMPLE = 100;

/**
 * A transactions table in a PostgreSQL database, ingested there: its clean lines stay in the session
 * (wb_transactions, for the features step), and a sample of its rejected rows (REJECT_SAMPLE per
 * reason) comes into `local`'s rejects table.
 */
async function ingestTransactionsTable(pg: PostgresDatabase, local: Database, source: TableSource, config: WorkbenchConfig, progress: Progress, warn: Progress): Promise<TransactionQuality> {
  progress(`reading ${source.label}`);
  const engine = postgresEngine(pg);
  await checkTimezone(engine, config.ingest.timezone);
  if (config.ingest.fixedWidth || !config.ingest.header || config.ingest.delimiter !== null) {
    // A setting that cannot apply must not pass silently: the user believes the data is read that way.
    throw new InputError(source.label, `is a table, whose columns are named in the database: ingest.delimiter, ingest.header, ingest.columnNames and ingest.fixedWidth are for text exports. Remove them from workbench.config.json.`);
  }
  await pg.run(`DROP VIEW IF EXISTS ${POSTGRES_TABLES.raw}`);
  await pg.run(`CREATE TEMP VIEW ${POSTGRES_TABLES.raw} AS ${rawSelectSql(source)}`);
  const [{ n }] = await pg.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${source.relation}`);
  if (n === 0) throw new InputError(source.label, "has no rows. Check inputs.transactions.table, or load the data first.");
  const columns = source.columns.map((c) => c.name);
  return ingestTransactions(engine, { columns, malformed: 0, header: null, shown: source.label }, POSTGRES_TABLES, config, progress, warn, sampleRejects(local));
}

/**
 * The customers export (a file, or a PostgreSQL table read whole as text): one row per customer id (a
 * blank or repeated id is rejected with its reason), each attribute typed (attributes.ts). With
 * columns.customers.customer_id null the rows are numbered in file order instead ("0001", …), with a
 * warning: a customers-only project without an id column.
 */
async function ingestCustomers(db: Database, input: string | TableSource, config: WorkbenchConfig, outDir: string, progress: Progress, warn: Progress): Promise<CustomersQuality> {
  const shown = typeof input === "string" ? displayPath(input) : input.label;
  progress(`reading ${shown}`);
  // ingest.header, columnNames and fixedWidth describe the transactions export; a customers export has a header.
  // A customers table (one row per customer) is read whole, as text, and checked here like an export.
  let raw: RawInput;
  if (typeof input === "string") {
    raw = await readInput(db, input, "raw_customers", { ...config.ingest, header: true, columnNames: null, fixedWidth: null });
  } else {
    if ((await copyQuery(input.db, rawSelectSql(input), db, "raw_customers")) === 0) throw new InputError(shown, "has no rows. Check inputs.customers.table, or load the data first.");
    raw = { columns: input.columns.map((c) => c.name), malformed: 0, header: null };
  }
  const numbered = config.columns.customers.customer_id === null;
  if (numbered && raw.columns.some((c) => c.toLowerCase() === "customer_id")) {
    throw new InputError(shown, `has a column named "${raw.columns.find((c) => c.toLowerCase() === "customer_id")}" but columns.customers.customer_id is null (number the rows). Set columns.customers.customer_id to that column to use its ids.`);
  }
  const idColumn = numbered ? null : mapCustomerIdColumn(shown, raw.columns, config.columns.customers.customer_id ?? undefined, " (or to null to number the rows, in a customers-only project)");
  const [{ rows }] = await db.all<{ rows: number }>(`SELECT count(*)::INTEGER AS rows FROM raw_customers`);
  const id = idColumn
    ? idSql(idColumn)
    : `lpad(CAST(row_number() OVER (ORDER BY source_file, source_line) AS VARCHAR), ${rowIdWidth(rows)}, '0')`;
  await db.run(`CREATE OR REPLACE TEMP TABLE checked_customers AS
    SELECT *, CASE
        WHEN __wb_id IS NULL THEN 'missing customer id'
        WHEN row_number() OVER (PARTITION BY __wb_id ORDER BY source_file, source_line) > 1 THEN 'duplicate customer id'
      END AS reject_reason
    FROM (SELECT *, ${id} AS __wb_id FROM raw_customers)`);
  if (numbered) warn(`no customer id column (columns.customers.customer_id is null): the ${rows} rows are numbered in file order, ${rowIdWidth(rows) > 1 ? `"${"0".repeat(rowIdWidth(rows) - 1)}1"` : `"1"`} to "${rows}"; these ids change if the file's rows are reordered.`);
  const rest = raw.columns.filter((c) => c !== idColumn && c !== "customer_id");
  progress(`typing ${rest.length} attribute columns`);
  const typed = await typeAttributes(db, "checked_customers", rest, config);
  typed.warnings.forEach((w) => warn(w));
  const select = rest.map((c, i) => `${typed.attributes[i].sql} AS ${quoteIdent(c)}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE customers AS
    SELECT __wb_id AS customer_id${select.length ? ", " + select.join(", ") : ""}
    FROM checked_customers WHERE reject_reason IS NULL ORDER BY source_file, source_line`);
  progress("writing customers.parquet");
  await db.run(`COPY customers TO ${quoteLiteral(join(outDir, "customers.parquet"))} (FORMAT parquet)`);
  const accounting = await account(duckdbEngine(db), "checked_customers", shown, raw.malformed, raw.columns, recordRejects);
  return {
    ...accounting,
    idColumn,
    attributes: typed.attributes.map((a) => a.quality),
    warnings: [],
  };
}

/** Every rejected row into the rejects table (DuckDB), with its raw values as JSON. */
const recordRejects: RejectSink = async (db, checked, columns) => {
  await db.run(`INSERT INTO rejects
    SELECT source_file, source_line, reject_reason,
           CAST(json_object(${columns.map((c) => `${quoteLiteral(c)}, ${quoteIdent(c)}`).join(", ")}) AS VARCHAR)
    FROM ${checked} WHERE reject_reason IS NOT NULL ORDER BY source_file, source_line`);
};

/** The first REJECT_SAMPLE rejected rows of each reason (by locator) from a database, into `local`'s rejects table. */
function sampleRejects(local: Database): RejectSink {
  return async (db, checked, columns) => {
    const raw = `CAST(json_object(ARRAY[${columns.map(quoteLiteral).join(", ")}], ARRAY[${columns.map(quoteIdent).join(", ")}]) AS TEXT)`;
    const sample = `SELECT source_file, source_line, reason, raw FROM (
        SELECT source_file, source_line, reject_reason AS reason, ${raw} AS raw,
          row_number() OVER (PARTITION BY reject_reason ORDER BY source_line) AS n
        FROM ${checked} WHERE reject_reason IS NOT NULL) AS rejected
      WHERE n <= ${REJECT_SAMPLE} ORDER BY source_line`;
    const rows = await db.all<{ source_file: string; source_line: number; reason: string; raw: string }>(sample);
    if (!rows.length) return;
    // PostgreSQL writes JSON with spaces; stored as DuckDB writes it.
    await local.run(
      `INSERT INTO rejects SELECT unnest($1), unnest($2), unnest($3), unnest($4)`,
      [listValue(rows.map((r) => r.source_file)), listValue(rows.map((r) => r.source_line)), listValue(rows.map((r) => r.reason)), listValue(rows.map((r) => JSON.stringify(JSON.parse(r.raw))))],
      [LIST(VARCHAR), LIST(INTEGER), LIST(VARCHAR), LIST(VARCHAR)],
    );
  };
}

/** rows read = rows loaded + rows rejected, by reason; rejected rows go to the rejects table with their raw values. */
async function account(db: SqlEngine, checked: string, file: string, malformed: number, columns: readonly string[], rejects: RejectSink): Promise<InputQuality> {
  const rows = await db.all<{ reason: string | null; n: number }>(
    `SELECT reject_reason AS reason, CAST(count(*) AS INTEGER) AS n FROM ${checked} GROUP BY 1 ORDER BY 2 DESC, 1`,
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
  await rejects(db, checked, columns);
  return { file, rowsRead, rowsLoaded: rowsRead - rowsRejected, rowsRejected, rejectedByReason };
}

export interface IngestOptions {
  /** The transactions export (a file, folder or glob, or a PostgreSQL table: then `postgres` is needed), or null for a customers-only project (then `customers` is required). */
  transactions: InputSource | null;
  customers?: InputSource;
  config: WorkbenchConfig;
  outDir: string;
  onProgress?: Progress;
  /** Suspicious findings about the transactions export (quality.json's warnings); default: printed on stderr with the file. */
  onWarning?: Progress;
  /**
   * The open connection for each table input's URL (see pipeline/sources.ts): a transactions table's
   * clean lines stay in its session for the features step.
   */
  postgres?: (input: Exclude<InputSource, string>, key: "inputs.transactions" | "inputs.customers") => Promise<PostgresDatabase>;
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
async function guard(
  db: Database,
  q: InputQuality,
  config: WorkbenchConfig,
  rejectsBefore: number,
  input: "transactions" | "customers",
  focus: Record<string, string | undefined>,
  locator: "line" | "row",
): Promise<void> {
  const max = config.ingest.maxRejectedShare;
  if (!guardViolation(q, max)) return;
  // This input's rejects are the rows appended since it started (malformed lines first, then typed ones).
  const examples = await db.all<RejectExample>(`
    SELECT reason, arg_min(source_file, source_line) AS source_file, min(source_line) AS source_line, arg_min(raw, source_line) AS raw
    FROM (SELECT *, rowid AS n FROM rejects) WHERE n >= ${rejectsBefore} GROUP BY reason`);
  throw new IngestGuardError(guardMessage(q, max, examples, input, focus, locator));
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
    const table = async (input: Exclude<InputSource, string>, key: TableSource["key"]) => {
      if (!options.postgres) throw new Error(`${key}: a PostgreSQL table needs a connection (ingest's postgres option); run the pipeline through the report, export or site build`);
      return describeTable(await options.postgres(input, key), input, key);
    };
    // Stored without the file (quality.json says which file each list is about, and is published with public paths).
    const warner = (shown: string, into: string[]): Progress => (message) => {
      into.push(message);
      (options.onWarning ?? ((m: string) => process.stderr.write(`warning: ${shown}: ${m}\n`)))(message);
    };
    const quality: QualityReport = {};
    if (options.transactions !== null) {
      const transactionsSource = isTableInput(options.transactions) ? await table(options.transactions, "inputs.transactions") : options.transactions;
      const shown = typeof transactionsSource === "string" ? displayPath(transactionsSource) : transactionsSource.label;
      const warnings: string[] = [];
      const warn = warner(shown, warnings);
      const transactions =
        typeof transactionsSource === "string"
          ? await ingestTransactionsFile(db, transactionsSource, config, staging, progress, warn)
          : await ingestTransactionsTable(transactionsSource.db, db, transactionsSource, config, progress, warn);
      transactions.warnings = warnings;
      await guard(db, transactions, config, 0, "transactions", reasonColumns(transactions.mapping), isTableInput(options.transactions) ? "row" : "line");
      quality.transactions = transactions;
    } else {
      if (!options.customers) throw new Error("a customers-only project (inputs.transactions null) needs inputs.customers: the customers export whose attributes are segmented");
      // Without transactions, the money's currency is the config's.
      quality.currency = config.report.currency;
    }
    if (options.customers) {
      const before = await rejectCount(db);
      const customersSource = isTableInput(options.customers) ? await table(options.customers, "inputs.customers") : options.customers;
      const shown = typeof customersSource === "string" ? displayPath(customersSource) : customersSource.label;
      const warnings: string[] = [];
      const customers = await ingestCustomers(db, customersSource, config, staging, progress, warner(shown, warnings));
      customers.warnings = warnings;
      quality.customers = customers;
      await guard(db, quality.customers, config, before, "customers", {}, isTableInput(options.customers) ? "row" : "line");
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
