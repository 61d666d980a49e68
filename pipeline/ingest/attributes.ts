/**
 * Typing the customers export's attributes: one pass of counts per column over the loaded rows
 * (filled values, blanks, blank words, values that read as numbers and as dates), the decision per
 * column (src/lib/ingest/attributes.ts), and the SQL expression that gives each column its type:
 * DOUBLE for numbers, DATE for dates, trimmed text otherwise.
 */
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import { BLANK_WORDS, decideAttributeType, type AttributeCounts, type AttributeQuality, type AttributeType } from "../../src/lib/ingest/attributes.js";
import { literalList, quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";
import { DAY_MONTH_PATTERN, numberSql, textSql, wallClockSql } from "../../src/lib/ingest/typing.js";

export interface TypedAttribute {
  quality: AttributeQuality;
  /** The SQL giving the column its type (over the raw table's column). */
  sql: string;
}

const blankWordsSql = literalList(BLANK_WORDS);

/** Day-first or month-first for one column, from its values; null when only year-first dates can be read. */
async function columnDateOrder(db: Database, table: string, column: string, configured: WorkbenchConfig["ingest"]["dateOrder"]): Promise<"DMY" | "MDY" | null> {
  if (configured !== "auto") return configured;
  const t = `trim(${quoteIdent(column)})`;
  const [row] = await db.all<{ day_first: number; month_first: number }>(`
    WITH parts AS (
      SELECT TRY_CAST(regexp_extract(${t}, '${DAY_MONTH_PATTERN}', 1) AS INTEGER) AS a,
             TRY_CAST(regexp_extract(${t}, '${DAY_MONTH_PATTERN}', 2) AS INTEGER) AS b
      FROM ${quoteIdent(table)} WHERE reject_reason IS NULL AND regexp_matches(${t}, '${DAY_MONTH_PATTERN}'))
    SELECT count(*) FILTER (WHERE a > 12 AND b <= 12)::INTEGER AS day_first, count(*) FILTER (WHERE b > 12 AND a <= 12)::INTEGER AS month_first FROM parts`);
  if (row.day_first && !row.month_first) return "DMY";
  if (row.month_first && !row.day_first) return "MDY";
  return null;
}

function dateSql(column: string, order: "DMY" | "MDY" | null): string {
  return `CAST(${wallClockSql(column, order)} AS DATE)`;
}

/**
 * The type of each of `columns` of `table` (loaded rows: reject_reason IS NULL), what was blank, and
 * the typed expression; warnings for columns read as text that are almost all numbers or dates.
 */
export async function typeAttributes(db: Database, table: string, columns: readonly string[], config: WorkbenchConfig): Promise<{ attributes: TypedAttribute[]; warnings: string[] }> {
  const attributes: TypedAttribute[] = [];
  const warnings: string[] = [];
  for (const column of columns) {
    const c = quoteIdent(column);
    const t = `trim(${c})`;
    const order = await columnDateOrder(db, table, column, config.ingest.dateOrder);
    const filled = `(${t} <> '' AND lower(${t}) NOT IN ${blankWordsSql})`;
    const number = numberSql(column, config.ingest.decimalSeparator);
    const date = dateSql(column, order);
    const [row] = await db.all<Record<string, number | string | null>>(`
      SELECT
        count(*) FILTER (WHERE ${filled})::INTEGER AS filled,
        count(*) FILTER (WHERE ${c} IS NULL OR ${t} = '')::INTEGER AS empty,
        count(*) FILTER (WHERE ${filled} AND ${number} IS NOT NULL)::INTEGER AS numbers,
        count(*) FILTER (WHERE ${filled} AND ${date} IS NOT NULL)::INTEGER AS dates,
        count(*) FILTER (WHERE ${filled} AND regexp_matches(${t}, '^0[0-9]+$'))::INTEGER AS leading_zeros,
        arg_min(${t}, source_line) FILTER (WHERE ${filled} AND ${number} IS NULL) AS not_number,
        min(source_line) FILTER (WHERE ${filled} AND ${number} IS NULL) AS not_number_line,
        arg_min(${t}, source_line) FILTER (WHERE ${filled} AND ${date} IS NULL) AS not_date,
        min(source_line) FILTER (WHERE ${filled} AND ${date} IS NULL) AS not_date_line,
        ${BLANK_WORDS.map((w, i) => `count(*) FILTER (WHERE lower(${t}) = ${quoteLiteral(w)})::INTEGER AS word_${i}`).join(",\n        ")}
      FROM ${quoteIdent(table)} WHERE reject_reason IS NULL`);
    const blankWords: Record<string, number> = {};
    BLANK_WORDS.forEach((w, i) => {
      const n = Number(row[`word_${i}`]);
      if (n) blankWords[w] = n;
    });
    const counts: AttributeCounts = {
      name: column,
      filled: Number(row.filled),
      empty: Number(row.empty),
      blankWords,
      numbers: Number(row.numbers),
      dates: Number(row.dates),
      leadingZeros: Number(row.leading_zeros),
      notNumber: row.not_number_line === null ? null : { value: String(row.not_number), line: Number(row.not_number_line) },
      notDate: row.not_date_line === null ? null : { value: String(row.not_date), line: Number(row.not_date_line) },
    };
    const decision = decideAttributeType(counts);
    warnings.push(...decision.warnings);
    attributes.push({ quality: decision.quality, sql: typedSql(column, decision.quality.type, number, date) });
  }
  return { attributes, warnings };
}

function typedSql(column: string, type: AttributeType, number: string, date: string): string {
  const t = `trim(${quoteIdent(column)})`;
  const filled = `${t} <> '' AND lower(${t}) NOT IN ${blankWordsSql}`;
  if (type === "number") return `CAST(CASE WHEN ${filled} THEN ${number} END AS DOUBLE)`;
  if (type === "date") return `CASE WHEN ${filled} THEN ${date} END`;
  return textSql(column);
}
