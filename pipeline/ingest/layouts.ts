/**
 * Text exports that are not CSV: whitespace-aligned columns (`ingest.delimiter: "whitespace"`, as in the
 * CDNOW master file: `00001 19970101  1  11.77`) and fixed-width columns (`ingest.fixedWidth`). DuckDB's
 * CSV reader splits on one delimiter, so such a file is read as whole lines (each with its line number)
 * and split here in SQL. A line with the wrong number of fields, or with text past the last fixed-width
 * column, is a malformed row: counted and rejected with its line, never dropped.
 */
import type { FixedWidthColumn } from "../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";

/**
 * A "delimiter" no text export contains, so DuckDB hands over each line whole. Should one contain it,
 * DuckDB fails the read loudly (the line gets two fields), which ingest reports; nothing is dropped.
 */
const NO_DELIMITER = "E'\\x01\\x02\\x03\\x04'";

/** Spaces, tabs and a stray carriage return: what separates and surrounds whitespace-aligned fields. */
const BLANKS = "E' \\t\\r'";

/** The fields of a whitespace-aligned line: leading and trailing blanks ignored, runs of spaces or tabs split. */
export function whitespaceFieldsSql(line: string): string {
  return `regexp_split_to_array(trim(${line}, ${BLANKS}), '[ \\t]+')`;
}

/** One fixed-width field: characters start … start + width − 1 (1-based), trimmed; NULL when blank or past the end. */
export function fixedWidthFieldSql(line: string, column: FixedWidthColumn): string {
  return `NULLIF(trim(substr(${line}, ${column.start}, ${column.width}), ${BLANKS}), '')`;
}

/** True when a line has text after the last fixed-width column (the layout is wrong or the line is). */
export function pastLayoutSql(line: string, columns: readonly FixedWidthColumn[]): string {
  const end = Math.max(...columns.map((c) => c.start + c.width - 1));
  return `length(rtrim(${line}, ${BLANKS})) > ${end}`;
}

/**
 * Reads `file` into `table` as (fileColumn, __wb_line, line): every line whole with its 1-based line
 * number, blank lines left out (they are not rows). Compression follows the file name.
 */
export async function readLines(db: Database, file: string, table: string, fileColumn: string, encoding: string): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(`${table}_all`)} AS
    SELECT ${quoteIdent(fileColumn)}, line FROM read_csv(${quoteLiteral(file)}, columns = {'line': 'VARCHAR'}, header = false,
      delim = ${NO_DELIMITER}, quote = '', escape = '', auto_detect = false, skip = 0,
      filename = ${quoteLiteral(fileColumn)}, encoding = ${quoteLiteral(encoding)})`);
  // rowid follows the file's order (DuckDB preserves insertion order) and, with blank lines still in, numbers the lines.
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS
    SELECT ${quoteIdent(fileColumn)}, CAST(rowid + 1 AS INTEGER) AS __wb_line, line
    FROM ${quoteIdent(`${table}_all`)} WHERE trim(COALESCE(line, ''), ${BLANKS}) <> ''`);
  await db.run(`DROP TABLE ${quoteIdent(`${table}_all`)}`);
}

/** The first line of a lines table, with its number. */
export async function firstLine(db: Database, table: string): Promise<{ line: string; number: number } | null> {
  const [row] = await db.all<{ line: string; number: number }>(`SELECT line, __wb_line AS number FROM ${quoteIdent(table)} ORDER BY __wb_line LIMIT 1`);
  return row ?? null;
}

export interface SplitOptions {
  lines: string;
  part: string;
  fileColumn: string;
  /** Column names, in field order. */
  names: readonly string[];
  /** Lines up to this number are not data (the header). */
  afterLine: number;
  /** The file as shown in rejects. */
  shown: string;
}

/**
 * Splits a lines table into `part` (fileColumn, __wb_line, one text column per name) and appends its
 * malformed lines to `rejects`. Returns how many lines were malformed.
 */
export async function splitWhitespace(db: Database, options: SplitOptions): Promise<number> {
  const { lines, part, fileColumn, names, afterLine, shown } = options;
  const fields = `${quoteIdent(`${part}_fields`)}`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${fields} AS
    SELECT ${quoteIdent(fileColumn)}, __wb_line, line, ${whitespaceFieldsSql("line")} AS f
    FROM ${quoteIdent(lines)} WHERE __wb_line > ${afterLine}`);
  const n = names.length;
  await db.run(`INSERT INTO rejects
    SELECT ${quoteLiteral(shown)}, __wb_line, 'malformed row',
      CAST(json_object('error', 'expected ' || ${n} || ' fields separated by spaces or tabs, found ' || len(f), 'line', line) AS VARCHAR)
    FROM ${fields} WHERE len(f) <> ${n} ORDER BY __wb_line`);
  const [{ malformed }] = await db.all<{ malformed: number }>(`SELECT count(*)::INTEGER AS malformed FROM ${fields} WHERE len(f) <> ${n}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(part)} AS
    SELECT ${quoteIdent(fileColumn)}, __wb_line, ${names.map((name, i) => `f[${i + 1}] AS ${quoteIdent(name)}`).join(", ")}
    FROM ${fields} WHERE len(f) = ${n} ORDER BY __wb_line`);
  await db.run(`DROP TABLE ${fields}`);
  return malformed;
}

/** As splitWhitespace, for fixed-width columns: a line with text past the last column is malformed. */
export async function splitFixedWidth(db: Database, options: Omit<SplitOptions, "names"> & { columns: readonly FixedWidthColumn[] }): Promise<number> {
  const { lines, part, fileColumn, columns, afterLine, shown } = options;
  const past = pastLayoutSql("line", columns);
  const end = Math.max(...columns.map((c) => c.start + c.width - 1));
  await db.run(`INSERT INTO rejects
    SELECT ${quoteLiteral(shown)}, __wb_line, 'malformed row',
      CAST(json_object('error', 'text after character ${end}, where the last column of ingest.fixedWidth ends', 'line', line) AS VARCHAR)
    FROM ${quoteIdent(lines)} WHERE __wb_line > ${afterLine} AND ${past} ORDER BY __wb_line`);
  const [{ malformed }] = await db.all<{ malformed: number }>(
    `SELECT count(*)::INTEGER AS malformed FROM ${quoteIdent(lines)} WHERE __wb_line > ${afterLine} AND ${past}`,
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(part)} AS
    SELECT ${quoteIdent(fileColumn)}, __wb_line, ${columns.map((c) => `${fixedWidthFieldSql("line", c)} AS ${quoteIdent(c.name)}`).join(", ")}
    FROM ${quoteIdent(lines)} WHERE __wb_line > ${afterLine} AND NOT ${past} ORDER BY __wb_line`);
  return malformed;
}
