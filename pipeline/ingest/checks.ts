/**
 * Checks on the money of loaded transaction lines, measured in the engine that holds them (DuckDB, or
 * the PostgreSQL database of a table input) and judged by the pure rules of
 * src/lib/ingest/lineTotals.ts: amounts against quantity × unit price, unit prices that look like line
 * totals, and one currency per export.
 */
import type { ColumnMapping } from "../../src/lib/ingest/columns.js";
import { isLineTotalName } from "../../src/lib/ingest/columns.js";
import { AMOUNT_TOLERANCE, MIN_LINES, pricesLookLikeLineTotals, type AmountCheck, type LineTotalCheck } from "../../src/lib/ingest/lineTotals.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Dialect } from "../../src/lib/io/dialect.js";
import type { SqlEngine } from "../engine.js";
import { InputError } from "./inputs.js";

/**
 * A file as quality.json's own figures name it: relative to the project, or its name alone (quality.json
 * is published; no absolute path of the analyst's machine goes with it).
 */
function publicFileSql(expr: string, d: Dialect): string {
  return `CASE WHEN starts_with(${expr}, '/') THEN ${d.extract(expr, "[^/]*$", 0)} ELSE ${expr} END`;
}

/**
 * Compares amount with quantity × unit price on the loaded lines of `table` (typed columns __wb_amount,
 * __wb_quantity, __wb_price; reject_reason NULL for loaded lines).
 */
export async function checkAmounts(db: SqlEngine, table: string, mapping: Required<Pick<ColumnMapping, "amount" | "quantity" | "unit_price">>): Promise<AmountCheck> {
  const disagrees = `abs(__wb_amount - __wb_quantity * __wb_price) > ${AMOUNT_TOLERANCE}`;
  const [counts] = await db.all<{ compared: number; disagreeing: number }>(`
    SELECT count(*)::INTEGER AS compared, count(*) FILTER (WHERE ${disagrees})::INTEGER AS disagreeing
    FROM ${quoteIdent(table)} WHERE reject_reason IS NULL`);
  const examples = await db.all<AmountCheck["examples"][number]>(`
    SELECT ${publicFileSql("source_file", db.dialect)} AS source_file, source_line, __wb_quantity AS quantity, __wb_price AS unit_price, __wb_amount AS amount
    FROM ${quoteIdent(table)} WHERE reject_reason IS NULL AND ${disagrees}
    ORDER BY source_file, source_line LIMIT 5`);
  return {
    amountColumn: mapping.amount,
    quantityColumn: mapping.quantity,
    unitPriceColumn: mapping.unit_price,
    linesCompared: counts.compared,
    linesDisagreeing: counts.disagreeing,
    share: counts.compared ? Math.round((counts.disagreeing / counts.compared) * 10000) / 10000 : 0,
    examples,
  };
}

/** Lines the line-total statistic is measured on, at most (a deterministic sample above it). */
export const SAMPLE_LINES = 200_000;

/** Average rank of `value` among rows of the same `partition` (ties share the mean of their ranks). */
function averageRank(value: string, partition: string | null): string {
  const by = partition ? `PARTITION BY ${partition} ` : "";
  const tied = partition ? `${partition}, ${value}` : value;
  return `(rank() OVER (${by}ORDER BY ${value}) + (count(*) OVER (PARTITION BY ${tied}) - 1) / 2.0)`;
}

/**
 * Spearman's ρ between quantity and unit price over the loaded purchase lines of `table`, within
 * products when `productColumn` is given (weighted by lines, over products with at least two
 * quantities and two prices), else over all lines. See lineTotals.ts for why and the thresholds.
 */
export async function checkLineTotals(
  db: SqlEngine,
  table: string,
  mapping: Required<Pick<ColumnMapping, "quantity" | "unit_price">> & { product_id?: string },
  productSql: string | null,
): Promise<LineTotalCheck> {
  // Ranks cost sorts: above SAMPLE_LINES lines, every step-th line (by line number, so the same file
  // gives the same sample) measures ρ, which that many lines pin down far beyond the threshold's margin.
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(table)} WHERE reject_reason IS NULL`);
  const step = Math.max(1, Math.ceil(n / SAMPLE_LINES));
  const measure = async (product: string | null) => {
    const group = product ? "product" : null;
    const [row] = await db.all<{ rho: number | null; lines: number }>(`
      WITH lines AS (
        SELECT ${product ? `${product} AS product, ` : ""}__wb_quantity AS q, __wb_price AS p
        FROM ${quoteIdent(table)}
        WHERE reject_reason IS NULL AND __wb_quantity > 0 AND __wb_price > 0${product ? ` AND ${product} IS NOT NULL` : ""}${step > 1 ? ` AND source_line % ${step} = 0` : ""}),
      ranked AS (SELECT ${group ? "product, " : ""}q, p, ${averageRank("q", group)} AS rq, ${averageRank("p", group)} AS rp FROM lines),
      groups AS (
        SELECT corr(rq, rp) AS rho, count(*) AS n FROM ranked ${group ? "GROUP BY product" : ""}
        HAVING count(DISTINCT q) > 1 AND count(DISTINCT p) > 1)
      SELECT CAST(sum(rho * n) / sum(n) AS ${db.dialect.double}) AS rho, CAST(COALESCE(sum(n), 0) AS INTEGER) AS lines FROM groups WHERE rho IS NOT NULL`);
    return { rho: row.rho === null || !Number.isFinite(row.rho) ? null : Math.round(row.rho * 1000) / 1000, lines: row.lines };
  };
  // Within products first; when too few of their lines vary in both quantity and price (a shop with one
  // price per product, whose prices are then plainly not line totals), over all lines.
  let scope: LineTotalCheck["scope"] = productSql ? "product" : "all lines";
  let measured = await measure(productSql);
  if (productSql && (measured.rho === null || measured.lines < MIN_LINES)) {
    scope = "all lines";
    measured = await measure(null);
  }
  const nameLikeLineTotal = isLineTotalName(mapping.unit_price);
  return {
    unitPriceColumn: mapping.unit_price,
    quantityColumn: mapping.quantity,
    scope,
    rho: measured.rho,
    lines: measured.lines,
    nameLikeLineTotal,
    flagged: pricesLookLikeLineTotals(measured.rho, measured.lines, nameLikeLineTotal),
  };
}

/** The currency signs numberSql strips from numbers (typing.ts). */
const CURRENCY_SIGNS = ["£", "$", "€", "¥"];

/**
 * The one currency of the export's money: report.currency, the currency column's single value, or
 * null. Stops when the money cannot be added up: a currency column with several currencies, a column
 * that disagrees with report.currency, or prices written with different currency signs.
 */
export async function resolveCurrency(
  db: SqlEngine,
  table: string,
  shown: string,
  options: { column: string | undefined; configured: string | null; moneyColumns: string[] },
): Promise<string | null> {
  const { column, configured, moneyColumns } = options;
  // Currency signs in the money columns (numberSql strips them): two kinds cannot be one currency.
  // contains() per sign, in one pass: far cheaper than a regular expression over every value.
  if (moneyColumns.length) {
    const counts = CURRENCY_SIGNS.map((sign, i) => {
      const has = moneyColumns.map((c) => db.dialect.contains(quoteIdent(c), quoteLiteral(sign))).join(" OR ");
      return `count(*) FILTER (WHERE ${has})::INTEGER AS n${i}, min(source_line) FILTER (WHERE ${has}) AS line${i}`;
    });
    const [row] = await db.all<Record<string, number | null>>(`SELECT ${counts.join(", ")} FROM ${quoteIdent(table)} WHERE reject_reason IS NULL`);
    const found = CURRENCY_SIGNS.map((sign, i) => ({ sign, n: Number(row[`n${i}`]), line: row[`line${i}`] })).filter((s) => s.n > 0);
    if (found.length > 1) {
      throw new InputError(
        shown,
        `prices are written in ${found.length} currencies (${found.map((s) => `"${s.sign}" on ${s.n} line${s.n === 1 ? "" : "s"}, first line ${s.line}`).join("; ")}); amounts in different currencies cannot be added up. Convert the export to one currency first.`,
      );
    }
  }
  if (!column) return configured;
  const values = await db.all<{ currency: string; n: number; line: number }>(`
    SELECT __wb_currency AS currency, count(*)::INTEGER AS n, min(source_line) AS line
    FROM ${quoteIdent(table)} WHERE reject_reason IS NULL AND __wb_currency IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1`);
  const key = `columns.transactions.currency`;
  if (values.length > 1) {
    throw new InputError(
      shown,
      `the currency column "${column}" holds ${values.length} currencies (${values.slice(0, 5).map((v) => `${v.currency} on ${v.n} line${v.n === 1 ? "" : "s"}, first line ${v.line}`).join("; ")}); amounts in different currencies cannot be added up. Convert the export to one currency, or split it by currency and run each part.`,
    );
  }
  const found = values[0]?.currency ?? null;
  if (found !== null && configured !== null && found !== configured) {
    throw new InputError(shown, `report.currency is ${configured} but the currency column "${column}" holds ${found} (line ${values[0].line}). Set report.currency to ${found}, or ${key} to another column.`);
  }
  if (found !== null && configured === null && !/^[A-Z]{3}$/.test(found)) {
    throw new InputError(shown, `the currency column "${column}" holds ${quoteLiteral(found)} (line ${values[0].line}), not an ISO 4217 code. Set report.currency to the code (e.g. "GBP") in workbench.config.json.`);
  }
  return configured ?? found;
}
