/**
 * Finds and reads an input: one file, a folder or a glob of files (daily exports) in one format:
 * CSV/TSV (any delimiter, sniffed; plain or gzip), Parquet, or JSON/NDJSON. The result is a table
 * of text columns with each row's source file and line, plus the rows DuckDB could not parse at all
 * (malformed CSV lines), so every input row is either read or rejected with a reason.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { PROJECT_ROOT } from "../config.js";
import type { Database } from "../duckdb.js";
import { headerAdvice, looksLikeData } from "../../src/lib/ingest/header.js";
import { firstLine as firstLineOf, readLines, splitFixedWidth, splitWhitespace } from "./layouts.js";

export type InputFormat = "csv" | "parquet" | "json";

export class InputError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = "InputError";
  }
}

/** How a path is shown in messages and outputs: relative to the project when inside it. */
export function displayPath(file: string): string {
  const rel = relative(PROJECT_ROOT, file);
  return rel && !rel.startsWith("..") ? rel : file;
}

/** displayPath in SQL, for file names DuckDB reports. */
export function displayPathSql(expr: string): string {
  const root = quoteLiteral(PROJECT_ROOT + "/");
  return `CASE WHEN starts_with(${expr}, ${root}) THEN substr(${expr}, ${PROJECT_ROOT.length + 2}) ELSE ${expr} END`;
}

export function formatOf(file: string): InputFormat | null {
  const name = file.toLowerCase().replace(/\.(gz|gzip)$/, "");
  if (/\.(csv|tsv|txt|tab|psv)$/.test(name)) return "csv";
  if (/\.parquet$/.test(name)) return "parquet";
  if (/\.(json|ndjson|jsonl)$/.test(name)) return "json";
  return null;
}

function isGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** The files of an input, sorted, all in one known format. */
export async function resolveInput(db: Database, path: string): Promise<{ files: string[]; format: InputFormat }> {
  let files: string[];
  if (isGlob(path)) {
    files = (await db.all<{ file: string }>(`SELECT file FROM glob(${quoteLiteral(path)}) ORDER BY file`)).map((r) => r.file);
    if (!files.length) throw new InputError(path, "no files match this pattern. Check inputs in workbench.config.json or the path given.");
  } else if (!existsSync(path)) {
    throw new InputError(path, "file not found. Check inputs in workbench.config.json or the --transactions/--customers path.");
  } else if (statSync(path).isDirectory()) {
    files = readdirSync(path)
      .filter((name) => !name.startsWith(".") && formatOf(name) !== null)
      .sort()
      .map((name) => join(path, name));
    if (!files.length) throw new InputError(path, "the folder holds no CSV, TSV, Parquet or JSON files.");
  } else {
    files = [path];
  }
  const formats = new Set(files.map(formatOf));
  if (formats.has(null)) {
    const unknown = files.find((f) => formatOf(f) === null)!;
    throw new InputError(displayPath(unknown), "unknown format: expected .csv, .tsv, .txt (optionally .gz), .parquet, .json, .ndjson or .jsonl.");
  }
  if (formats.size > 1) throw new InputError(path, `mixes formats (${[...formats].join(", ")}); one input must be one format.`);
  for (const file of files) {
    if (statSync(file).size === 0) throw new InputError(displayPath(file), "the file is empty. Export it again with a header row and data.");
  }
  return { files: files.map((f) => resolve(f)), format: [...formats][0]! };
}

export interface RawInput {
  /** Data columns, as text. The table also has source_file and source_line. */
  columns: string[];
  /** Lines that could not be split into the columns' fields, per file and line, already in the rejects table. */
  malformed: number;
  /** The first file's header fields, when its first line was read as the header (text formats), for messages. */
  header: string[] | null;
}

/** How a text export is laid out. The customers export is always read with a header. */
export type ReadOptions = Pick<WorkbenchConfig["ingest"], "delimiter" | "encoding" | "header" | "columnNames" | "fixedWidth">;

const fileList = (files: string[]) => `[${files.map(quoteLiteral).join(", ")}]`;

/**
 * The column DuckDB adds with each row's file. Not "filename" (DuckDB's default), which an export may
 * have as a column of its own and which then fails the read.
 */
const FILE_COLUMN = "__wb_file";

/** Where a part table keeps an export column named rowid (any case), which would hide DuckDB's row numbers. */
const ROWID_COLUMN = "__wb_rowid";

/** The line number column of parts read line by line (whitespace-aligned and fixed-width files). */
const LINE_COLUMN = "__wb_line";

/**
 * Names the rows of every input carry (source_file, source_line) or that ingest adds (reject_reason,
 * __wb_*): an export column with one of them would be confused with them (DuckDB names are not case
 * sensitive), so the read stops and asks for a rename.
 */
export function isReservedColumn(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "source_file" || lower === "source_line" || lower === "reject_reason" || lower.startsWith("__wb_");
}

/** Whitespace-aligned or fixed-width: read as whole lines and split by ingest (layouts.ts), not by DuckDB's CSV reader. */
function isLineLayout(options: ReadOptions): boolean {
  return options.fixedWidth !== null || options.delimiter === "whitespace";
}

/**
 * Reads an input into `table` (source_file VARCHAR, source_line INTEGER, then every column as text)
 * and appends rows that cannot be split into fields to the `rejects` table with reason "malformed row".
 * Files are read one at a time and stacked by column name, so daily exports whose columns moved
 * still line up, and each file's rows keep their own line numbers.
 */
export async function readInput(db: Database, path: string, table: string, options: ReadOptions): Promise<RawInput> {
  const { files, format } = await resolveInput(db, path);
  const shown = files.length === 1 ? displayPath(files[0]) : displayPath(path);
  if (format !== "csv" && (options.fixedWidth || !options.header)) {
    // A setting that cannot apply must not pass silently: the user believes the file is read that way.
    throw new InputError(shown, `is ${format === "json" ? "JSON" : "Parquet"}, whose columns are named in the file: ingest.header, ingest.columnNames and ingest.fixedWidth are for text exports. Remove them from workbench.config.json.`);
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE malformed_gaps (file VARCHAR, first_row_after BIGINT, skipped INTEGER)`);
  let malformed = 0;
  let header: string[] | null = null;
  const parts: string[] = [];
  for (const [i, file] of files.entries()) {
    const part = `${table}_part_${i}`;
    const read = await readFile(db, file, format, part, options);
    malformed += read.malformed;
    header ??= read.header;
    parts.push(part);
  }
  const columnsOf = async (part: string) =>
    columnsOfCache.get(part) ?? (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(part)})`)).map((c) => c.name).filter((c) => c !== FILE_COLUMN);
  const columns = await columnsOf(parts[0]);
  for (const part of parts.slice(1)) {
    for (const name of await columnsOf(part)) if (!columns.includes(name)) columns.push(name);
  }
  if (format === "csv") checkDelimiter(shown, columns, options, header);
  const reserved = columns.filter(isReservedColumn);
  if (reserved.length) {
    throw new InputError(
      shown,
      `has a column named ${reserved.map((c) => `"${c}"`).join(", ")}, a name the workbench keeps for its own bookkeeping ` +
        `(source_file, source_line, reject_reason and names starting with __wb_, in any case). Rename the column in the export.`,
    );
  }
  // The line of a file's first row: after its header, when there is one.
  const firstRowLine = format === "csv" && options.header ? 2 : 1;
  // rowid follows each file's order (DuckDB preserves insertion order), so it numbers the rows;
  // lines after a malformed line shift by the malformed lines before them. Parts read line by line
  // carry their own line numbers.
  const numbered = parts.map(
    (p) =>
      `SELECT ${FILE_COLUMN}, rowid AS row_index, ${lineNumbered.has(p) ? LINE_COLUMN : "CAST(NULL AS INTEGER)"} AS known_line, ${columns
        .map((c) => (columnsOfCache.get(p)?.includes(c) ? `${quoteIdent(storedName(p, c))} AS ${quoteIdent(c)}` : `CAST(NULL AS VARCHAR) AS ${quoteIdent(c)}`))
        .join(", ")} FROM ${quoteIdent(p)}`,
  );
  const counted = malformed && !isLineLayout(options)
    ? `CAST(n.row_index + ${firstRowLine} + COALESCE((SELECT max(g.skipped) FROM malformed_gaps g WHERE g.file = n.${FILE_COLUMN} AND g.first_row_after <= n.row_index), 0) AS INTEGER)`
    : `CAST(n.row_index + ${firstRowLine} AS INTEGER)`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS
    SELECT ${displayPathSql(`n.${FILE_COLUMN}`)} AS source_file, COALESCE(n.known_line, ${counted}) AS source_line, ${columns.map((c) => `n.${quoteIdent(c)}`).join(", ")}
    FROM (${numbered.join(" UNION ALL ")}) n`);
  for (const part of parts) await db.run(`DROP TABLE ${quoteIdent(part)}`);
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(table)}`);
  if (n === 0 && malformed === 0) {
    throw new InputError(shown, options.header && format === "csv" ? "has a header but no data rows. Export it again with its data." : "has no data rows. Export it again with its data.");
  }
  return { columns, malformed, header };
}

interface FileRead {
  malformed: number;
  /** The header's fields, when the first line was read as one. */
  header: string[] | null;
}

/** One file into `part`: its file name (FILE_COLUMN), then every column as text; rowid is the row's order in the file. */
async function readFile(db: Database, file: string, format: InputFormat, part: string, options: ReadOptions): Promise<FileRead> {
  lineNumbered.delete(part);
  if (format === "csv" && isLineLayout(options)) return readLineFile(db, file, part, options);
  if (format === "csv") return readCsvFile(db, file, part, options);
  const source =
    format === "parquet"
      ? `read_parquet(${quoteLiteral(file)}, filename = ${quoteLiteral(FILE_COLUMN)})`
      : `read_json(${quoteLiteral(file)}, filename = ${quoteLiteral(FILE_COLUMN)}, sample_size = -1)`;
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE read_file AS SELECT * FROM ${source}`);
  } catch (error) {
    throw new InputError(displayPath(file), `could not be read as ${format.toUpperCase()}: ${firstLine(error)}`);
  }
  // ORDER BY rowid below needs DuckDB's row numbers, not an export column of that name.
  const rowid = await freeRowid(db, "read_file");
  const described = await db.all<{ column_name: string; column_type: string }>(`DESCRIBE read_file`);
  // Text for every column: JSON values through json_extract_string so "2" does not keep its quotes.
  const asText = described
    .filter((c) => c.column_name !== FILE_COLUMN)
    .map((c) =>
      c.column_type === "JSON"
        ? `json_extract_string(${quoteIdent(c.column_name)}, '$') AS ${quoteIdent(c.column_name)}`
        : `CAST(${quoteIdent(c.column_name)} AS VARCHAR) AS ${quoteIdent(c.column_name)}`,
    );
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(part)} AS SELECT ${FILE_COLUMN}, ${asText.join(", ")} FROM read_file ORDER BY rowid`);
  await db.run(`DROP TABLE read_file`);
  columnsOfCache.set(
    part,
    described.filter((c) => c.column_name !== FILE_COLUMN).map((c) => (c.column_name === ROWID_COLUMN && rowid ? rowid : c.column_name)),
  );
  rowidOf.set(part, rowid);
  return { malformed: 0, header: null };
}

/** A CSV/TSV file: DuckDB's reader (delimiter sniffed or configured), with or without a header row. */
async function readCsvFile(db: Database, file: string, part: string, options: ReadOptions): Promise<FileRead> {
  const shown = displayPath(file);
  // all_varchar: typing is ours, so a bad value is a counted reject, not a failed load.
  // ignore_errors + store_rejects: a line DuckDB cannot split is recorded, not dropped.
  const dialect = `all_varchar = true, encoding = ${quoteLiteral(options.encoding)}${options.delimiter ? `, delim = ${quoteLiteral(options.delimiter)}` : ""}`;
  const source = `read_csv(${quoteLiteral(file)}, header = ${options.header}, ${dialect}, filename = ${quoteLiteral(FILE_COLUMN)},
      ignore_errors = true, store_rejects = true, rejects_scan = 'reject_scans', rejects_table = 'reject_errors')`;
  await db.run(`DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans`);
  const target = options.header ? part : `${part}_unnamed`;
  try {
    // all_varchar already: the read table is the part, with no second copy.
    await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(target)} AS SELECT * FROM ${source}`);
  } catch (error) {
    throw new InputError(shown, `could not be read as CSV: ${firstLine(error)}`);
  }
  const malformed = await recordCsvErrors(db, options.header ? 1 : 0);
  // The first record as plain fields (a header row is not renamed or de-duplicated this way), for the checks on it.
  const first = await db
    .all<Record<string, string | null>>(`SELECT * FROM read_csv(${quoteLiteral(file)}, header = false, ${dialect}, ignore_errors = true) LIMIT 1`)
    .then((rows) => (rows[0] ? Object.values(rows[0]).map((v) => v ?? "") : null))
    .catch(() => null);
  checkSpaceRuns(shown, options, first);
  if (!options.header) await nameColumns(db, shown, target, part, options.columnNames!, first);
  const rowid = await freeRowid(db, part);
  const names = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(part)})`)).map((c) => c.name);
  columnsOfCache.set(part, names.filter((c) => c !== FILE_COLUMN).map((c) => (c === ROWID_COLUMN && rowid ? rowid : c)));
  rowidOf.set(part, rowid);
  if (options.header && first) checkHeader(shown, first);
  return { malformed, header: options.header ? first : null };
}

/** A headerless CSV's columns (column0, column1, … as DuckDB names them) get ingest.columnNames, which must name every field. */
async function nameColumns(db: Database, shown: string, unnamed: string, part: string, names: readonly string[], first: string[] | null): Promise<void> {
  const found = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(unnamed)}) ORDER BY cid`)).map((c) => c.name).filter((c) => c !== FILE_COLUMN);
  if (found.length !== names.length) {
    const hint = found.length === 1 && first ? delimiterHint(first[0] ?? "", null) : null;
    throw new InputError(
      shown,
      `has ${found.length} field${found.length === 1 ? "" : "s"} per line but ingest.columnNames lists ${names.length} (${names.join(", ")})` +
        (hint ? `; ${hint}` : `. List one name per field, in file order.`),
    );
  }
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(part)} AS
    SELECT ${FILE_COLUMN}, ${found.map((c, i) => `${quoteIdent(c)} AS ${quoteIdent(names[i])}`).join(", ")} FROM ${quoteIdent(unnamed)} ORDER BY rowid`);
  await db.run(`DROP TABLE ${quoteIdent(unnamed)}`);
}

/**
 * A whitespace-aligned or fixed-width file: read as lines (layouts.ts), the header (if any) taken from
 * its first line, every line after it split into the columns.
 */
async function readLineFile(db: Database, file: string, part: string, options: ReadOptions): Promise<FileRead> {
  const shown = displayPath(file);
  const lines = `${part}_lines`;
  try {
    await readLines(db, file, lines, FILE_COLUMN, options.encoding);
  } catch (error) {
    const message = firstLine(error);
    const line = /Line: (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    if (/unicode|utf-?8|encod/i.test(error instanceof Error ? error.message : "")) {
      throw new InputError(shown, `line ${line ?? "?"} is not valid ${options.encoding.toUpperCase()}. Set ingest.encoding in workbench.config.json to the export's encoding ("utf-8", "latin-1" or "utf-16").`);
    }
    throw new InputError(shown, `could not be read as lines of text: ${message}`);
  }
  let header: string[] | null = null;
  let afterLine = 0;
  const first = await firstLineOf(db, lines);
  if (!first) throw new InputError(shown, "has no lines with text. Export it again with its data.");
  if (options.header) {
    afterLine = first.number;
    header = options.fixedWidth
      ? options.fixedWidth.map((c) => Array.from(first.line).slice(c.start - 1, c.start - 1 + c.width).join("").trim())
      : first.line.trim().split(/[ \t]+/);
    checkHeader(shown, header);
  }
  let malformed: number;
  if (options.fixedWidth) {
    malformed = await splitFixedWidth(db, { lines, part, fileColumn: FILE_COLUMN, columns: options.fixedWidth, afterLine, shown });
  } else {
    const names = header ?? options.columnNames!;
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name.toLowerCase())) {
        throw new InputError(shown, `line ${first.number}, the header, names the column "${name}" twice (names are compared ignoring case). Rename one, or set ingest.header to false and ingest.columnNames.`);
      }
      seen.add(name.toLowerCase());
    }
    malformed = await splitWhitespace(db, { lines, part, fileColumn: FILE_COLUMN, names, afterLine, shown });
  }
  await db.run(`DROP TABLE ${quoteIdent(lines)}`);
  lineNumbered.add(part);
  const rowid = await freeRowid(db, part);
  const names = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(part)})`)).map((c) => c.name);
  columnsOfCache.set(part, names.filter((c) => c !== FILE_COLUMN && c !== LINE_COLUMN).map((c) => (c === ROWID_COLUMN && rowid ? rowid : c)));
  rowidOf.set(part, rowid);
  return { malformed, header };
}

/** A header row whose every field is a number or a date is a data line: reading it as the header would lose it. */
function checkHeader(shown: string, fields: string[]): void {
  if (!looksLikeData(fields)) return;
  const text = fields.join(" | ");
  throw new InputError(
    shown,
    `the first line ("${text.length > 80 ? `${text.slice(0, 80)}…` : text}") looks like data, not a header: every field is a number or a date. ` +
      headerAdvice(fields.length),
  );
}

/** Parts read line by line: they carry each row's line number in LINE_COLUMN. */
const lineNumbered = new Set<string>();

/** Data columns of each part table (export names), to fill the ones a file lacks with NULL when stacking by name. */
const columnsOfCache = new Map<string, string[]>();

/** The export's own rowid column of each part table (kept as ROWID_COLUMN), if it has one. */
const rowidOf = new Map<string, string | null>();

/** The name a part table keeps an export column under. */
function storedName(part: string, column: string): string {
  return rowidOf.get(part) === column ? ROWID_COLUMN : column;
}

/**
 * Renames an export column named rowid (in any case) to ROWID_COLUMN: while it exists, `rowid` in SQL
 * means that column, not DuckDB's row number that numbers the lines. Returns its original name.
 */
async function freeRowid(db: Database, table: string): Promise<string | null> {
  const names = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(table)})`)).map((c) => c.name);
  const rowid = names.find((c) => c.toLowerCase() === "rowid") ?? null;
  if (rowid) await db.run(`ALTER TABLE ${quoteIdent(table)} RENAME COLUMN ${quoteIdent(rowid)} TO ${quoteIdent(ROWID_COLUMN)}`);
  return rowid;
}

/**
 * Copies DuckDB's CSV errors for the file just read into the rejects table and malformed_gaps,
 * which shifts the line numbers of the rows after each malformed line. Fails loudly when the file
 * is not in the configured encoding: that is a setting to fix, not rows to reject.
 */
async function recordCsvErrors(db: Database, headerLines: number): Promise<number> {
  const errors = await db.all<{ file: string; line: number; error_type: string }>(`
    SELECT s.file_path AS file, CAST(e.line AS INTEGER) AS line, CAST(e.error_type AS VARCHAR) AS error_type
    FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id) ORDER BY line`);
  const encoding = errors.find((e) => e.error_type === "INVALID ENCODING" || e.error_type === "INVALID UNICODE");
  if (encoding) {
    throw new InputError(
      displayPath(encoding.file),
      `line ${encoding.line} is not valid UTF-8. Set ingest.encoding in workbench.config.json to the export's encoding ("latin-1" or "utf-16"), or export it again as UTF-8.`,
    );
  }
  if (!errors.length) return 0;
  await db.run(`INSERT INTO malformed_gaps
    WITH lines AS (SELECT DISTINCT s.file_path AS file, CAST(e.line AS INTEGER) AS line
                   FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)),
    ranked AS (SELECT file, line, row_number() OVER (PARTITION BY file ORDER BY line) AS skipped FROM lines)
    -- Rows read before malformed line L (1-based): L − 1 lines, less the header and the malformed lines before it.
    SELECT file, CAST(line - ${headerLines} - skipped AS BIGINT), CAST(skipped AS INTEGER) FROM ranked`);
  await db.run(`INSERT INTO rejects
    SELECT ${displayPathSql("s.file_path")}, CAST(e.line AS INTEGER), 'malformed row',
           CAST(json_object('error', CAST(first(e.error_type) AS VARCHAR), 'line', first(e.csv_line)) AS VARCHAR)
    FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
    GROUP BY s.file_path, e.line ORDER BY e.line`);
  return new Set(errors.map((e) => e.line)).size;
}

/**
 * What a line read as one field says about the delimiter: another likely delimiter in it, or fields
 * aligned with spaces. Null when it says nothing.
 */
function delimiterHint(line: string, configured: string | null): string | null {
  const likely = [";", "\t", "|", ","].find((d) => d !== configured && line.includes(d));
  if (likely) {
    const shown = likely === "\t" ? "\\t" : likely;
    return `the delimiter looks like "${shown}". Set ingest.delimiter to "${shown}" in workbench.config.json.`;
  }
  const fields = line.trim().split(/[ \t]+/);
  if (fields.length > 1) {
    const headerless = looksLikeData(fields) ? ` The line looks like data, not a header: also set ingest.header to false and ingest.columnNames to its ${fields.length} column names in file order.` : "";
    return `the fields look aligned with spaces. Set ingest.delimiter to "whitespace" in workbench.config.json (runs of spaces and tabs separate fields).${headerless}`;
  }
  return null;
}

/**
 * A file split on the wrong character: one column whose name holds another likely delimiter or
 * whitespace-separated fields.
 */
function checkDelimiter(file: string, columns: string[], options: ReadOptions, header: string[] | null) {
  if (isLineLayout(options)) return;
  if (columns.length === 1) {
    const hint = delimiterHint(header?.[0] ?? columns[0], options.delimiter);
    if (hint) throw new InputError(file, `only one column was found ("${columns[0].slice(0, 60)}"); ${hint}`);
  }
}

/** A configured " " on a file aligned with runs of spaces: every run makes empty fields, and almost every line is malformed. */
function checkSpaceRuns(file: string, options: ReadOptions, first: string[] | null) {
  if (options.delimiter === " " && first && first.some((f) => f === "")) {
    throw new InputError(file, `the first line has runs of spaces between its fields, which ingest.delimiter " " reads as empty fields. Set ingest.delimiter to "whitespace" in workbench.config.json (runs of spaces and tabs separate fields).`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
