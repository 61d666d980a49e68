/**
 * SQL dialects: how DuckDB and PostgreSQL spell the same computation. The workbench's SQL (features,
 * RFM scores, ingest's typing and accounting, segment assignment) is written once, against this
 * small interface, so the same definition runs on native DuckDB, DuckDB-WASM and PostgreSQL and the
 * engines return the same values. For DuckDB every method gives the text the SQL had before there
 * was a second dialect, so DuckDB's results do not change.
 *
 * What differs, and why each PostgreSQL spelling gives DuckDB's value:
 *
 * - **Type names**: DOUBLE / DOUBLE PRECISION, VARCHAR / TEXT.
 * - **Division**: DuckDB's `/` on integers divides as doubles and `//` truncates; PostgreSQL's `/`
 *   on integers truncates, so a double division casts its dividend first.
 * - **Rounding doubles**: DuckDB's `round(x, n)` is C's round (ties away from zero) of x·10ⁿ, divided
 *   by 10ⁿ; PostgreSQL has no round(double, n), and its round(double) breaks ties to even. The
 *   PostgreSQL spelling takes trunc(x·10ⁿ) and steps away from zero when the dropped fraction is at
 *   least one half: the same double operations, so the same double, −0 included.
 * - **Date differences**: date_diff('day', a, b) / b − a (PostgreSQL's date − date is days).
 * - **Text order**: DuckDB compares strings byte by byte; PostgreSQL by the database's collation,
 *   which is rarely "C" outside tests, so ORDER BY on text adds COLLATE "C" (the same byte order).
 * - **Regular expressions**: regexp_matches(x, p) / x ~ p (both engines' syntax is kept to what RE2
 *   and PostgreSQL's ARE read alike: classes, anchors, {m,n}, groups).
 * - **Formatting a timestamp**: strftime / to_char.
 * - **A table's columns**: DuckDB's pragma_table_info / PostgreSQL's pg_attribute.
 * - **DuckDB-only functions**: arg_min (PostgreSQL: the first of an ordered array_agg),
 *   regexp_extract (regexp_match), contains (strpos), TRY_CAST (see finiteDouble).
 */
import { quoteIdent, quoteLiteral } from "./sql.js";

export type SqlDialect = "duckdb" | "postgres";
export const SQL_DIALECTS: readonly SqlDialect[] = ["duckdb", "postgres"];

export interface Dialect {
  readonly name: SqlDialect;
  /** The IEEE double type. */
  readonly double: string;
  /** The text type. */
  readonly text: string;
  /** x / y as doubles (x and y may be integers). */
  divide(x: string, y: string): string;
  /** Integer division of non-negative integers (truncating). */
  intDivide(x: string, y: string): string;
  /** A double rounded to `digits` decimals as DuckDB's round does (ties away from zero). */
  round(x: string, digits: number): string;
  /** Whole days from date `from` to date `to`. */
  daysBetween(from: string, to: string): string;
  /** The year of a date, as an integer. */
  year(date: string): string;
  /** A text expression as it sorts in ORDER BY and compares in min/max: byte order. */
  byteOrder(text: string): string;
  /** True when text `x` matches the regular expression `pattern` (a SQL string literal's content). */
  matches(x: string, pattern: string): string;
  /** A timestamp as text: `date` "YYYY-MM-DD", `seconds` "YYYY-MM-DD HH:MM:SS", `iso` "YYYY-MM-DDTHH:MM:SS". */
  formatTimestamp(ts: string, form: "date" | "seconds" | "iso"): string;
  /** A query with one `name` column listing a table's columns in order. */
  columnsQuery(table: string): string;
  /** The `value` of the row with the smallest `by` (among rows passing `filter`, when given). */
  argMin(value: string, by: string, filter?: string): string;
  /** Capture group `group` (0: the whole match of a pattern without groups) of the first match of `pattern` in text `x` ('' or NULL when none). */
  extract(x: string, pattern: string, group: number): string;
  /** True when text `x` holds the text of SQL literal `literal`. */
  contains(x: string, literal: string): string;
  /** The relation listing the time zones the engine knows, with a `name` column. */
  readonly timezones: string;
  /**
   * Text read as a finite double the way DuckDB's TRY_CAST(x AS DOUBLE) reads it (surrounding blanks,
   * a leading `+`, `_` between digits, exponents; correctly rounded), or NULL when it is not a
   * number or not finite (NaN, infinities, beyond ±1.8e308). Never an error.
   */
  finiteDouble(x: string): string;
}

/** The blanks DuckDB's number cast skips around a value (C's isspace), as a bracket expression. */
const BLANKS = "[ \\t\\n\\v\\f\\r]";
/** Digits with single underscores between them, as DuckDB's number cast accepts them (`1_000`). */
const DIGITS = "[0-9]+(_[0-9]+)*";
const NUMBER = `^${BLANKS}*\\+?-?(${DIGITS}(\\.(${DIGITS})?)?|\\.${DIGITS})([eE][+-]?${DIGITS})?${BLANKS}*$`;

/** The smallest value that rounds to infinity, 2^1024 − 2^970 (the midpoint above the largest double; ties go to even, up). */
const OVERFLOW = ((1n << 1024n) - (1n << 970n)).toString();
/** The largest value that rounds to zero, 2^-1075 (half the smallest subnormal; the tie goes to even, zero), exactly. */
const UNDERFLOW = `0.${"0".repeat(323)}${(5n ** 1075n).toString()}`;

/**
 * PostgreSQL's finiteDouble. Its own cast to double fails the whole query on text it cannot read or
 * on a value out of range, and PostgreSQL 15 has no TRY_CAST, so the text is checked first: against
 * the grammar DuckDB accepts, then, when it has an exponent or is long, against the range. The
 * range is decided on the decimal exponent E of the first significant digit (E > 308 is infinite,
 * E < −324 rounds to ±0), and at the two boundary decades by comparing exactly as NUMERIC with the
 * rounding thresholds. The value itself is always PostgreSQL's own correctly rounded reading of the
 * text, as DuckDB's is, so both give the same double.
 */
function postgresFiniteDouble(x: string): string {
  const text = `btrim(${x}, E' \\t\\n\\v\\f\\r')`;
  // Without the underscores and a leading "+" (DuckDB reads "+-1" as −1).
  const plain = `regexp_replace(replace(${text}, '_', ''), '^[+]', '')`;
  const body = `ltrim(lower(${plain}), '-')`;
  const mantissa = `split_part(${body}, 'e', 1)`;
  const exponent = `split_part(${body}, 'e', 2)`;
  const whole = `split_part(${mantissa}, '.', 1)`;
  const digits = `replace(${mantissa}, '.', '')`;
  const significant = `ltrim(${digits}, '0')`;
  // An exponent of more than 6 digits is beyond any double's range whatever the mantissa: ±10^7 stands for it.
  const power = `CASE WHEN ${exponent} = '' THEN 0 WHEN length(ltrim(ltrim(${exponent}, '+-'), '0')) > 6 THEN CASE WHEN ${exponent} LIKE '-%' THEN -10000000 ELSE 10000000 END ELSE CAST(${exponent} AS INTEGER) END`;
  const decade = `(length(${whole}) - 1 - (length(${digits}) - length(${significant})) + ${power})`;
  const scaled = (shift: number) => `CAST('0.' || left(rtrim(${significant}, '0'), 800) || 'e' || ${shift} AS NUMERIC)`;
  const zero = `CASE WHEN ${plain} LIKE '-%' THEN CAST('-0' AS DOUBLE PRECISION) ELSE CAST('0' AS DOUBLE PRECISION) END`;
  // Plain decimals of at most 300 characters (nearly every value) are in range: read them directly.
  return `(CASE WHEN ${x} ~ '^-?([0-9]+[.]?[0-9]*|[.][0-9]+)$' AND length(${x}) <= 300 THEN CAST(${x} AS DOUBLE PRECISION)
    WHEN NOT (${x} ~ '${NUMBER}') THEN NULL
    WHEN ${plain} !~ '[eE]' AND length(${plain}) <= 300 THEN CAST(${plain} AS DOUBLE PRECISION)
    WHEN ${significant} = '' THEN ${zero}
    WHEN ${decade} > 308 THEN NULL
    WHEN ${decade} < -324 THEN ${zero}
    WHEN ${decade} = 308 AND ${scaled(309)} >= ${OVERFLOW} THEN NULL
    WHEN ${decade} = -324 AND ${scaled(-323)} <= ${UNDERFLOW} THEN ${zero}
    ELSE CAST(${plain} AS DOUBLE PRECISION) END)`;
}

const duckdb: Dialect = {
  name: "duckdb",
  double: "DOUBLE",
  text: "VARCHAR",
  divide: (x, y) => `${x} / ${y}`,
  intDivide: (x, y) => `${x} // ${y}`,
  round: (x, digits) => `round(${x}, ${digits})`,
  daysBetween: (from, to) => `date_diff('day', ${from}, ${to})`,
  year: (date) => `year(${date})`,
  byteOrder: (text) => text,
  matches: (x, pattern) => `regexp_matches(${x}, '${pattern}')`,
  formatTimestamp: (ts, form) => `strftime(${ts}, '${{ date: "%Y-%m-%d", seconds: "%Y-%m-%d %H:%M:%S", iso: "%Y-%m-%dT%H:%M:%S" }[form]}')`,
  columnsQuery: (table) => `SELECT name FROM pragma_table_info(${quoteLiteral(table)}) ORDER BY cid`,
  argMin: (value, by, filter) => `arg_min(${value}, ${by})${filter ? ` FILTER (WHERE ${filter})` : ""}`,
  extract: (x, pattern, group) => `regexp_extract(${x}, '${pattern}', ${group})`,
  contains: (x, literal) => `contains(${x}, ${literal})`,
  timezones: "pg_timezone_names()",
  finiteDouble: (x) => `CASE WHEN isfinite(TRY_CAST(${x} AS DOUBLE)) THEN TRY_CAST(${x} AS DOUBLE) END`,
};

const postgres: Dialect = {
  name: "postgres",
  double: "DOUBLE PRECISION",
  text: "TEXT",
  divide: (x, y) => `CAST(${x} AS DOUBLE PRECISION) / ${y}`,
  intDivide: (x, y) => `${x} / ${y}`,
  round: (x, digits) => {
    const scale = `CAST('${10 ** digits}' AS DOUBLE PRECISION)`;
    const scaled = `(${x}) * ${scale}`;
    return `(CASE WHEN abs(${scaled} - trunc(${scaled})) >= 0.5 THEN trunc(${scaled}) + sign(${scaled}) ELSE trunc(${scaled}) END / ${scale})`;
  },
  daysBetween: (from, to) => `(${to} - ${from})`,
  year: (date) => `CAST(extract(year FROM ${date}) AS INTEGER)`,
  byteOrder: (text) => `${text} COLLATE "C"`,
  matches: (x, pattern) => `(${x} ~ '${pattern}')`,
  formatTimestamp: (ts, form) => `to_char(${ts}, '${{ date: "YYYY-MM-DD", seconds: "YYYY-MM-DD HH24:MI:SS", iso: 'YYYY-MM-DD"T"HH24:MI:SS' }[form]}')`,
  columnsQuery: (table) =>
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass(${quoteLiteral(quoteIdent(table))}) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
  argMin: (value, by, filter) => `(array_agg(${value} ORDER BY ${by})${filter ? ` FILTER (WHERE ${filter})` : ""})[1]`,
  // Group 0, the whole match, of a pattern without groups: substring gives it.
  extract: (x, pattern, group) => (group === 0 ? `substring(${x} FROM '${pattern}')` : `(regexp_match(${x}, '${pattern}'))[${group}]`),
  contains: (x, literal) => `(strpos(${x}, ${literal}) > 0)`,
  timezones: "pg_timezone_names",
  finiteDouble: postgresFiniteDouble,
};

const DIALECTS: Record<SqlDialect, Dialect> = { duckdb, postgres };

/** The dialect of that name (default DuckDB). */
export function dialect(name: SqlDialect = "duckdb"): Dialect {
  return DIALECTS[name];
}
