/**
 * SQL expressions that turn export text into typed values, in the DuckDB or the PostgreSQL dialect
 * (src/lib/io/dialect.ts). Every expression yields NULL for a value it cannot read, so the caller can
 * reject the row with a reason instead of failing the load, and never raises an error on any text.
 *
 * The rules are DuckDB's readers (TRY_STRPTIME, TRY_CAST) on the forms the README lists; the
 * PostgreSQL spellings rebuild each value from the same text with regular expressions and integer
 * arithmetic (PostgreSQL 15 has no TRY_CAST, and its own casts fail the whole query on one bad value),
 * so both engines give the same value, or NULL, for the same text (tests/lib/ingest/typing.test.ts
 * compares them on generated values of every form and on malformed ones).
 */
import type { DateOrder, WorkbenchConfig } from "../config/config.js";
import { dialect as dialectOf, type SqlDialect } from "../io/dialect.js";
import { quoteIdent, quoteLiteral } from "../io/sql.js";

/** Currency codes: trimmed, upper case (`gbp ` → `GBP`), NULL when empty. */
export function currencySql(column: string): string {
  return `NULLIF(upper(trim(${quoteIdent(column)})), '')`;
}

/** Trimmed text, NULL when empty. */
export function textSql(column: string | undefined, dialect: SqlDialect = "duckdb"): string {
  return column ? `NULLIF(trim(${quoteIdent(column)}), '')` : `CAST(NULL AS ${dialectOf(dialect).text})`;
}

/** Ids without float artefacts: ` 17850.0 ` → `17850` (spreadsheets and pandas write ids as floats). */
export function idSql(column: string): string {
  return `NULLIF(regexp_replace(trim(${quoteIdent(column)}), '^([0-9]+)\\.0+$', '\\1'), '')`;
}

/**
 * The currency signs and blanks numbers lose (`£1,234.50`, `1 234,50 €`): RE2's \s (tab, newline,
 * form feed, return, space), no-break and narrow no-break spaces, as a PostgreSQL escape string.
 */
const STRIPPED = "E'£$€¥\\t\\n\\f\\r \\u00A0\\u202F'";

/**
 * Numbers with thousands separators and currency symbols: `£1,234.50` → 1234.5 (or `1.234,50` with
 * decimalSeparator ","). NaN and infinities are not numbers a shop records: they read as NULL.
 */
export function numberSql(column: string, decimalSeparator: WorkbenchConfig["ingest"]["decimalSeparator"], dialect: SqlDialect = "duckdb"): string {
  const d = dialectOf(dialect);
  // PostgreSQL deletes the same characters with translate (no regular expression per value).
  const stripped =
    d.name === "duckdb"
      ? `regexp_replace(trim(${quoteIdent(column)}), '[£$€¥\\s\\x{00A0}\\x{202F}]', '', 'g')`
      : `translate(${quoteIdent(column)}, ${STRIPPED}, '')`;
  const normalised =
    decimalSeparator === "."
      ? `CASE WHEN ${d.matches(stripped, "^[+-]?[0-9]{1,3}(,[0-9]{3})+(\\.[0-9]*)?$")} THEN replace(${stripped}, ',', '') ELSE ${stripped} END`
      : `replace(CASE WHEN ${d.matches(stripped, "^[+-]?[0-9]{1,3}(\\.[0-9]{3})+(,[0-9]*)?$")} THEN replace(${stripped}, '.', '') ELSE ${stripped} END, ',', '.')`;
  if (d.name === "duckdb") {
    const value = `TRY_CAST(${normalised} AS DOUBLE)`;
    return `CASE WHEN isfinite(${value}) THEN ${value} END`;
  }
  return d.finiteDouble(normalised);
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
function hasTimeSql(t: string, dialect: SqlDialect): string {
  return dialectOf(dialect).matches(t, "([ T][0-9]{1,2}:[0-9]{2})|^[0-9]{14}$");
}

/**
 * ISO 8601 with seconds and `Z` or an offset (`+01`, `+0130`, `+01:30`): absolute instants, whatever
 * ingest.timezone says. DuckDB reads no offset on a time without seconds, so neither do we.
 */
const OFFSET_PATTERN = "^([0-9]{4})-([0-9]{2})-([0-9]{2})[T ]([0-9]{2}):([0-9]{2}):([0-9]{2})([.][0-9]+)?(Z|([+-])([0-9]{2}):?([0-9]{2})?)$";

function hasOffsetSql(t: string, dialect: SqlDialect): string {
  return dialectOf(dialect).matches(t, OFFSET_PATTERN);
}

/**
 * ISO dates and times DuckDB's timestamp cast reads, as the README lists them: a date, or a date and a
 * time with `T` or a space, minutes, optional seconds and fraction (truncated to microseconds), 24:00
 * as the next midnight. Looser text DuckDB's cast would also take (`12:`, `0010:00`, an offset it
 * ignores) is not a timestamp here.
 */
const ISO_PATTERN = "^([0-9]{4})-([0-9]{2})-([0-9]{2})([T ]([0-9]{2}):([0-9]{2})(:([0-9]{2})([.][0-9]+)?)?)?$";

// ---- PostgreSQL: timestamps rebuilt from their parts -------------------------------------------

/** Blanks DuckDB's strptime skips at the end of a value (the value is already trimmed of spaces). */
const TRAILING = "[ \\t\\n\\v\\f\\r]*";

/** What a space in a strptime format matches: one or more blanks, tabs included. */
const GAP = "[ \\t\\n\\v\\f\\r]+";

/** `(regexp_match(t, pattern))` bound once as `m`, for an expression over m[1], m[2], … (a scalar subquery). */
function withMatch(t: string, pattern: string, body: string): string {
  return `(SELECT ${body} FROM regexp_match(${t}, '${pattern}') AS m)`;
}

/** An integer from a captured group of digits (at most 4), or 0 when the group did not match. */
const int = (group: string) => `COALESCE(CAST(${group} AS INTEGER), 0)`;

/** 1 in a leap year of the proleptic Gregorian calendar (year 0 is one), else 0. */
const leap = (y: string) => `(CASE WHEN ${y} % 4 = 0 AND (${y} % 100 <> 0 OR ${y} % 400 = 0) THEN 1 ELSE 0 END)`;

/** Days in month `mo` of year `y`. */
const monthDays = (y: string, mo: string) => `(CASE WHEN ${mo} = 2 THEN 28 + ${leap(y)} ELSE 30 + (${mo} + ${mo} / 8) % 2 END)`;

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** Fraction digits after the point (text, may be NULL or empty). */
  fraction?: string;
  /** 24:00:00 is the next midnight (DuckDB's timestamp cast); strptime refuses hour 24. */
  midnight24?: boolean;
}

/**
 * A TIMESTAMP from integer parts, or NULL when they name no moment: month 1–12, a day the month has,
 * hours 0–23 (24:00:00 with `midnight24`), minutes and seconds 0–59; a fraction truncated to
 * microseconds. Year 0 is 1 BC, as in DuckDB (PostgreSQL numbers it −1).
 */
function timestampFromParts(p: Parts): string {
  const micros = p.fraction ? `COALESCE(CAST(rpad(left(${p.fraction}, 6), 6, '0') AS INTEGER), 0)` : "0";
  const ordinary = `${p.hour} <= 23`;
  const midnight = p.midnight24 ? ` OR (${p.hour} = 24 AND ${p.minute} = 0 AND ${p.second} = 0 AND ${micros} = 0)` : "";
  const valid = `${p.month} BETWEEN 1 AND 12 AND ${p.day} BETWEEN 1 AND ${monthDays(p.year, p.month)} AND (${ordinary}${midnight}) AND ${p.minute} <= 59 AND ${p.second} <= 59`;
  const year = `CASE WHEN ${p.year} = 0 THEN -1 ELSE ${p.year} END`;
  const base = `make_timestamp(${year}, ${p.month}, ${p.day}, 0, ${p.minute}, 0)`;
  return `CASE WHEN ${valid} THEN ${base} + (${p.hour} * 60) * INTERVAL '1 minute' + (${p.second} * 1000000 + ${micros}) * INTERVAL '1 microsecond' END`;
}

/** DuckDB's TRY_STRPTIME with the year-first formats (ISO_FORMATS): fields of 1–2 digits read greedily, blanks between date and time. */
function postgresYearFirst(t: string): string {
  const time = `(${GAP}([0-9]{1,2}):([0-9]{1,2})(:([0-9]{1,2}))?)?${TRAILING}$`;
  const separated = (sep: string) =>
    withMatch(
      t,
      `^([0-9]{4})${sep}([0-9]{1,2})${sep}([0-9]{1,2})${time}`,
      timestampFromParts({ year: int("m[1]"), month: int("m[2]"), day: int("m[3]"), hour: int("m[5]"), minute: int("m[6]"), second: int("m[8]") }),
    );
  // %Y%m%d and %Y%m%d%H%M%S: each field takes two digits when two are left, so only 7–8 and 13–14 digits read.
  const compact = withMatch(
    t,
    `^([0-9]{4})([0-9]{2})([0-9]{1,2})(([0-9]{2})([0-9]{2})([0-9]{1,2}))?${TRAILING}$`,
    `CASE WHEN m[4] IS NULL OR length(m[3]) = 2 THEN ${timestampFromParts({ year: int("m[1]"), month: int("m[2]"), day: int("m[3]"), hour: int("m[5]"), minute: int("m[6]"), second: int("m[7]") })} END`,
  );
  return `CASE WHEN ${t} ~ '^[0-9]{4}-' THEN ${separated("-")} WHEN ${t} ~ '^[0-9]{4}/' THEN ${separated("/")} WHEN ${t} ~ '^[0-9]{7}' THEN ${compact} END`;
}

/** DuckDB's TRY_STRPTIME with day-first or month-first formats, 4-digit (`%Y`) or 2-digit (`%y`: 00–68 → 20xx, 69–99 → 19xx) years. */
function postgresDayMonth(t: string, order: "DMY" | "MDY", digits: 2 | 4): string {
  const pattern = `^([0-9]{1,2})([/.-])([0-9]{1,2})\\2([0-9]{${digits}})(${GAP}([0-9]{1,2}):([0-9]{1,2})(:([0-9]{1,2}))?)?${TRAILING}$`;
  const [day, month] = order === "DMY" ? ["m[1]", "m[3]"] : ["m[3]", "m[1]"];
  const year = digits === 4 ? int("m[4]") : `(CASE WHEN ${int("m[4]")} < 69 THEN 2000 ELSE 1900 END + ${int("m[4]")})`;
  return withMatch(t, pattern, timestampFromParts({ year, month: int(month), day: int(day), hour: int("m[6]"), minute: int("m[7]"), second: int("m[9]") }));
}

/** DuckDB's TRY_CAST(t AS TIMESTAMP) on ISO_PATTERN. */
function postgresIso(t: string): string {
  return withMatch(
    t,
    ISO_PATTERN,
    timestampFromParts({ year: int("m[1]"), month: int("m[2]"), day: int("m[3]"), hour: int("m[5]"), minute: int("m[6]"), second: int("m[8]"), fraction: "substr(m[9], 2)", midnight24: true }),
  );
}

/** DuckDB's TRY_CAST(t AS TIMESTAMPTZ) AT TIME ZONE 'UTC' on OFFSET_PATTERN: the local time less its offset. */
function postgresAbsolute(t: string): string {
  const local = timestampFromParts({ year: int("m[1]"), month: int("m[2]"), day: int("m[3]"), hour: int("m[4]"), minute: int("m[5]"), second: int("m[6]"), fraction: "substr(m[7], 2)", midnight24: true });
  const offset = `CASE WHEN m[8] = 'Z' THEN 0 ELSE (CASE WHEN m[9] = '-' THEN -1 ELSE 1 END) * (${int("m[10]")} * 60 + ${int("m[11]")}) END`;
  return withMatch(t, OFFSET_PATTERN, `${local} - (${offset}) * INTERVAL '1 minute'`);
}

// ---- Both dialects ---------------------------------------------------------------------------

/**
 * A timestamp as written, without converting it: ISO 8601 without an offset, `YYYYMMDD`, `YYYY/MM/DD`,
 * and day-first or month-first dates with `/`, `.` or `-` (order resolved beforehand). NULL when unreadable.
 */
export function wallClockSql(column: string, order: Exclude<DateOrder, "auto"> | null, dialect: SqlDialect = "duckdb"): string {
  const d = dialectOf(dialect);
  const t = `trim(${quoteIdent(column)})`;
  // Year-first forms only for values that start with a 4-digit year, so 10/01/11 is never year 10.
  const parts =
    d.name === "duckdb"
      ? [
          `CASE WHEN regexp_matches(${t}, '^[0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(ISO_FORMATS)}) END`,
          `CASE WHEN regexp_matches(${t}, '${ISO_PATTERN}') THEN TRY_CAST(${t} AS TIMESTAMP) END`,
        ]
      : [
          // The common form first, read by position: no regular expression match per part.
          `CASE WHEN ${t} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$' THEN ${timestampFromParts({
            year: `CAST(substr(${t}, 1, 4) AS INTEGER)`,
            month: `CAST(substr(${t}, 6, 2) AS INTEGER)`,
            day: `CAST(substr(${t}, 9, 2) AS INTEGER)`,
            hour: `CAST(substr(${t}, 12, 2) AS INTEGER)`,
            minute: `CAST(substr(${t}, 15, 2) AS INTEGER)`,
            second: `CAST(substr(${t}, 18, 2) AS INTEGER)`,
          })} END`,
          postgresYearFirst(t),
          postgresIso(t),
        ];
  if (order) {
    parts.push(
      d.name === "duckdb"
        ? `CASE WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%Y"))})
          WHEN regexp_matches(${t}, '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([ T]|$)') THEN TRY_STRPTIME(${t}, ${list(dayMonthFormats(order, "%y"))}) END`
        : `CASE WHEN ${t} ~ '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}' THEN ${postgresDayMonth(t, order, 4)}
          WHEN ${t} ~ '^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}([ T]|$)' THEN ${postgresDayMonth(t, order, 2)} END`,
    );
  }
  return `COALESCE(${parts.join(",\n    ")})`;
}

/** A wall-clock TIMESTAMP in `timezone` → the same instant as a UTC TIMESTAMP (the engine's time zone data: DuckDB's built-in ICU, PostgreSQL's tzdata). */
export function localToUtcSql(local: string, timezone: string): string {
  return `CAST((${local}) AT TIME ZONE ${quoteLiteral(timezone)} AT TIME ZONE 'UTC' AS TIMESTAMP)`;
}

/**
 * True for a wall-clock time `timezone` skips (the hour clocks jump forward): converting it to UTC
 * and back does not give it again. Both engines move such a time forward; ingest counts and reports them.
 */
export function skippedLocalTimeSql(column: string, order: Exclude<DateOrder, "auto"> | null, timezone: string, dialect: SqlDialect = "duckdb"): string {
  const t = `trim(${quoteIdent(column)})`;
  const local = wallClockSql(column, order, dialect);
  return `(${hasTimeSql(t, dialect)} AND NOT ${hasOffsetSql(t, dialect)} AND CAST(${localToUtcSql(local, timezone)} AT TIME ZONE 'UTC' AT TIME ZONE ${quoteLiteral(timezone)} AS TIMESTAMP) <> ${local})`;
}

/**
 * Timestamps in UTC, from ISO 8601 (with `T`, fractions, `Z` or offsets), `YYYYMMDD`, `YYYY/MM/DD`, and
 * day-first or month-first dates with `/`, `.` or `-` (order resolved beforehand). Values with `Z` or an
 * offset are converted from it; other values with a time of day are wall-clock times in `timezone`
 * (ingest.timezone) and converted from it; dates without a time are calendar days and stay as they are
 * (a purchase on 5 January stays on 5 January).
 */
export function timestampSql(column: string, order: Exclude<DateOrder, "auto"> | null, timezone = "UTC", dialect: SqlDialect = "duckdb"): string {
  const t = `trim(${quoteIdent(column)})`;
  const absolute =
    dialect === "duckdb"
      ? `CASE WHEN ${hasOffsetSql(t, dialect)} THEN CAST(TRY_CAST(${t} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS TIMESTAMP) END`
      : `CASE WHEN ${hasOffsetSql(t, dialect)} THEN ${postgresAbsolute(t)} END`;
  const local = wallClockSql(column, order, dialect);
  const converted = timezone === "UTC" ? local : `CASE WHEN ${hasTimeSql(t, dialect)} THEN ${localToUtcSql(local, timezone)} ELSE ${local} END`;
  return `COALESCE(${absolute},\n    ${converted})`;
}
