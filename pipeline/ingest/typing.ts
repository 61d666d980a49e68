/**
 * SQL expressions that turn export text into typed values. Every expression yields NULL for a
 * value it cannot read, so the caller can reject the row with a reason instead of failing the load.
 */
import type { DateOrder, WorkbenchConfig } from "../../src/lib/config/config.js";
import { quoteIdent } from "../../src/lib/io/sql.js";

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

/**
 * Timestamps from ISO 8601 (with `T`, fractions, `Z` or offsets, converted to UTC), `YYYYMMDD`,
 * `YYYY/MM/DD`, and day-first or month-first dates with `/`, `.` or `-` (order resolved beforehand).
 */
export function timestampSql(column: string, order: Exclude<DateOrder, "auto"> | null): string {
  const t = `trim(${quoteIdent(column)})`;
  // Year-first forms only for values that start with a 4-digit year, so 10/01/11 is never year 10.
  const parts = [
    `CASE WHEN regexp_matches(${t}, '^[0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(ISO_FORMATS)}) END`,
    `CASE WHEN regexp_matches(${t}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+(Z|[+-][0-9]{2}:?[0-9]{2})$')
          THEN CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP)
          WHEN regexp_matches(${t}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(${t} AS TIMESTAMP) END`,
  ];
  if (order) {
    parts.push(`CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%Y"))})
          WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([ T]|$)') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%y"))}) END`);
  }
  return `COALESCE(${parts.join(",\n    ")})`;
}
