/**
 * SQL expressions that turn export text into typed values. Every expression yields NULL for a
 * value it cannot read, so the caller can reject the row with a reason instead of failing the load.
 */
import type { DateOrder, WorkbenchConfig } from "../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";

/** Currency codes: trimmed, upper case (`gbp ` → `GBP`), NULL when empty. */
export function currencySql(column: string): string {
  return `NULLIF(upper(trim(${quoteIdent(column)})), '')`;
}

/** Trimmed text, NULL when empty. */
export function textSql(column: string | undefined): string {
  return column ? `NULLIF(trim(${quoteIdent(column)}), '')` : "CAST(NULL AS VARCHAR)";
}

/** Ids without float artefacts: ` 17850.0 ` → `17850` (spreadsheets and pandas write ids as floats). */
export function idSql(column: string): string {
  return `NULLIF(regexp_replace(trim(${quoteIdent(column)}), '^([0-9]+)\\.0+$', '\\1'), '')`;
}

/**
 * Numbers with thousands separators and currency symbols: `£1,234.50` → 1234.5 (or `1.234,50` with
 * decimalSeparator ","). NaN and infinities are not numbers a shop records: they read as NULL.
 */
export function numberSql(column: string, decimalSeparator: WorkbenchConfig["ingest"]["decimalSeparator"]): string {
  const stripped = `regexp_replace(trim(${quoteIdent(column)}), '[£$€¥\\s\\x{00A0}\\x{202F}]', '', 'g')`;
  const normalised =
    decimalSeparator === "."
      ? `CASE WHEN regexp_matches(${stripped}, '^[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]*)?$') THEN replace(${stripped}, ',', '') ELSE ${stripped} END`
      : `replace(CASE WHEN regexp_matches(${stripped}, '^[+-]?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]*)?$') THEN replace(${stripped}, '.', '') ELSE ${stripped} END, ',', '.')`;
  const value = `TRY_CAST(${normalised} AS DOUBLE)`;
  return `CASE WHEN isfinite(${value}) THEN ${value} END`;
}

const ISO_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d", "%Y%m%d%H%M%S", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d"];

function dayMonthFormats(order: "DMY" | "MDY", year: "%Y" | "%y"): string[] {
  const formats: string[] = [];
  for (const sep of ["/", ".", "-"]) {
    const date = order === "DMY" ? `%d${sep}%m${sep}${year}` : `%m${sep}%d${sep}${year}`;
    formats.push(`${date} %H:%M:%S`, `${date} %H:%M`, date);
  }
  return formats;
}

const list = (formats: string[]) => `[${formats.map((f) => `'${f}'`).join(", ")}]`;

/** Matches day/month/year dates (either order) and captures the first two parts. */
export const DAY_MONTH_PATTERN = "^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{2}|[0-9]{4})([ T]|$)";

/** True for values that carry a time of day (`2024-01-05 10:00`, `20240105103000`), not just a date. */
function hasTimeSql(t: string): string {
  return `regexp_matches(${t}, '([ T][0-9]{1,2}:[0-9]{2})|^[0-9]{14}$')`;
}

/** True for ISO 8601 values with `Z` or an offset: absolute instants, whatever ingest.timezone says. */
function hasOffsetSql(t: string): string {
  return `regexp_matches(${t}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})$')`;
}

/**
 * A timestamp as written, without converting it: ISO 8601 without an offset, `YYYYMMDD`, `YYYY/MM/DD`,
 * and day-first or month-first dates with `/`, `.` or `-` (order resolved beforehand). NULL when unreadable.
 */
export function wallClockSql(column: string, order: Exclude<DateOrder, "auto"> | null): string {
  const t = `trim(${quoteIdent(column)})`;
  // Year-first forms only for values that start with a 4-digit year, so 10/01/11 is never year 10.
  const parts = [
    `CASE WHEN regexp_matches(${t}, '^[0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(ISO_FORMATS)}) END`,
    `CASE WHEN regexp_matches(${t}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') AND NOT ${hasOffsetSql(t)} THEN TRY_CAST(${t} AS TIMESTAMP) END`,
  ];
  if (order) {
    parts.push(`CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%Y"))})
          WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([ T]|$)') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%y"))}) END`);
  }
  return `COALESCE(${parts.join(",\n    ")})`;
}

/** A wall-clock TIMESTAMP in `timezone` → the same instant as a UTC TIMESTAMP (DuckDB's built-in ICU time zone data). */
export function localToUtcSql(local: string, timezone: string): string {
  return `CAST((${local}) AT TIME ZONE ${quoteLiteral(timezone)} AT TIME ZONE 'UTC' AS TIMESTAMP)`;
}

/**
 * True for a wall-clock time `timezone` skips (the hour clocks jump forward): converting it to UTC
 * and back does not give it again. DuckDB moves such a time forward; ingest counts and reports them.
 */
export function skippedLocalTimeSql(column: string, order: Exclude<DateOrder, "auto"> | null, timezone: string): string {
  const t = `trim(${quoteIdent(column)})`;
  const local = wallClockSql(column, order);
  return `(${hasTimeSql(t)} AND NOT ${hasOffsetSql(t)} AND CAST(${localToUtcSql(local, timezone)} AT TIME ZONE 'UTC' AT TIME ZONE ${quoteLiteral(timezone)} AS TIMESTAMP) <> ${local})`;
}

/**
 * Timestamps in UTC, from ISO 8601 (with `T`, fractions, `Z` or offsets), `YYYYMMDD`, `YYYY/MM/DD`, and
 * day-first or month-first dates with `/`, `.` or `-` (order resolved beforehand). Values with `Z` or an
 * offset are converted from it; other values with a time of day are wall-clock times in `timezone`
 * (ingest.timezone) and converted from it; dates without a time are calendar days and stay as they are
 * (a purchase on 5 January stays on 5 January).
 */
export function timestampSql(column: string, order: Exclude<DateOrder, "auto"> | null, timezone = "UTC"): string {
  const t = `trim(${quoteIdent(column)})`;
  const absolute = `CASE WHEN ${hasOffsetSql(t)} THEN CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) END`;
  const local = wallClockSql(column, order);
  const converted = timezone === "UTC" ? local : `CASE WHEN ${hasTimeSql(t)} THEN ${localToUtcSql(local, timezone)} ELSE ${local} END`;
  return `COALESCE(${absolute},\n    ${converted})`;
}
