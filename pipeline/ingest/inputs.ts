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
  /** Lines DuckDB could not split into fields, per file and line, already in the rejects table. */
  malformed: number;
}

const fileList = (files: string[]) => `[${files.map(quoteLiteral).join(", ")}]`;

/**
 * The column DuckDB adds with each row's file. Not "filename" (DuckDB's default), which an export may
 * have as a column of its own and which then fails the read.
 */
const FILE_COLUMN = "__wb_file";

/** Where a part table keeps an export column named rowid (any case), which would hide DuckDB's row numbers. */
const ROWID_COLUMN = "__wb_rowid";

/**
 * Names the rows of every input carry (source_file, source_line) or that ingest adds (reject_reason,
 * __wb_*): an export column with one of them would be confused with them (DuckDB names are not case
 * sensitive), so the read stops and asks for a rename.
 */
function isReservedColumn(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "source_file" || lower === "source_line" || lower === "reject_reason" || lower.startsWith("__wb_");
}

/**
 * Reads an input into `table` (source_file VARCHAR, source_line INTEGER, then every column as text)
 * and appends rows DuckDB could not parse to the `rejects` table with reason "malformed row".
 * Files are read one at a time and stacked by column name, so daily exports whose columns moved
 * still line up, and each file's rows keep their own line numbers.
 */
export async function readInput(db: Database, path: string, table: string, options: WorkbenchConfig["ingest"]): Promise<RawInput> {
  const { files, format } = await resolveInput(db, path);
  const shown = files.length === 1 ? displayPath(files[0]) : displayPath(path);
  await db.run(`CREATE OR REPLACE TEMP TABLE malformed_gaps (file VARCHAR, first_row_after BIGINT, skipped INTEGER)`);
  let malformed = 0;
  const parts: string[] = [];
  for (const [i, file] of files.entries()) {
    const part = `${table}_part_${i}`;
    malformed += await readFile(db, file, format, part, options);
    parts.push(part);
  }
  const columnsOf = async (part: string) =>
    columnsOfCache.get(part) ?? (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(part)})`)).map((c) => c.name).filter((c) => c !== FILE_COLUMN);
  const columns = await columnsOf(parts[0]);
  for (const part of parts.slice(1)) {
    for (const name of await columnsOf(part)) if (!columns.includes(name)) columns.push(name);
  }
  if (format === "csv") checkDelimiter(shown, columns, options.delimiter);
  const reserved = columns.filter(isReservedColumn);
  if (reserved.length) {
    throw new InputError(
      shown,
      `has a column named ${reserved.map((c) => `"${c}"`).join(", ")}, a name the workbench keeps for its own bookkeeping ` +
        `(source_file, source_line, reject_reason and names starting with __wb_, in any case). Rename the column in the export.`,
    );
  }
  const header = format === "csv" ? 2 : 1;
  // rowid follows each file's order (DuckDB preserves insertion order), so it numbers the rows;
  // lines after a malformed line shift by the malformed lines before them.
  const numbered = parts.map(
    (p) =>
      `SELECT ${FILE_COLUMN}, rowid AS row_index, ${columns
        .map((c) => (columnsOfCache.get(p)?.includes(c) ? `${quoteIdent(storedName(p, c))} AS ${quoteIdent(c)}` : `CAST(NULL AS VARCHAR) AS ${quoteIdent(c)}`))
        .join(", ")} FROM ${quoteIdent(p)}`,
  );
  const line = malformed
    ? `CAST(n.row_index + ${header} + COALESCE((SELECT max(g.skipped) FROM malformed_gaps g WHERE g.file = n.${FILE_COLUMN} AND g.first_row_after <= n.row_index), 0) AS INTEGER)`
    : `CAST(n.row_index + ${header} AS INTEGER)`;
  await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(table)} AS
    SELECT ${displayPathSql(`n.${FILE_COLUMN}`)} AS source_file, ${line} AS source_line, ${columns.map((c) => `n.${quoteIdent(c)}`).join(", ")}
    FROM (${numbered.join(" UNION ALL ")}) n`);
  for (const part of parts) await db.run(`DROP TABLE ${quoteIdent(part)}`);
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${quoteIdent(table)}`);
  if (n === 0 && malformed === 0) {
    throw new InputError(shown, "has a header but no data rows. Export it again with its data.");
  }
  return { columns, malformed };
}

/** One file into `part`: its file name (FILE_COLUMN), then every column as text; rowid is the row's order in the file. */
async function readFile(db: Database, file: string, format: InputFormat, part: string, options: WorkbenchConfig["ingest"]): Promise<number> {
  let source: string;
  if (format === "csv") {
    // all_varchar: typing is ours, so a bad value is a counted reject, not a failed load.
    // ignore_errors + store_rejects: a line DuckDB cannot split is recorded, not dropped.
    const delimiter = options.delimiter ? `, delim = ${quoteLiteral(options.delimiter)}` : "";
    source = `read_csv(${quoteLiteral(file)}, header = true, all_varchar = true, filename = ${quoteLiteral(FILE_COLUMN)},
      ignore_errors = true, store_rejects = true, rejects_scan = 'reject_scans', rejects_table = 'reject_errors',
      encoding = ${quoteLiteral(options.encoding)}${delimiter})`;
    await db.run(`DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans`);
  } else if (format === "parquet") {
    source = `read_parquet(${quoteLiteral(file)}, filename = ${quoteLiteral(FILE_COLUMN)})`;
  } else {
    source = `read_json(${quoteLiteral(file)}, filename = ${quoteLiteral(FILE_COLUMN)}, sample_size = -1)`;
  }
  try {
    if (format === "csv") {
      // all_varchar already: the read table is the part, with no second copy.
      await db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdent(part)} AS SELECT * FROM ${source}`);
    } else {
      await db.run(`CREATE OR REPLACE TEMP TABLE read_file AS SELECT * FROM ${source}`);
    }
  } catch (error) {
    throw new InputError(displayPath(file), `could not be read as ${format.toUpperCase()}: ${firstLine(error)}`);
  }
  if (format === "csv") {
    const malformed = await recordCsvErrors(db);
    const rowid = await freeRowid(db, part);
    const names = (await db.all<{ name: string }>(`SELECT name FROM pragma_table_info(${quoteLiteral(part)})`)).map((c) => c.name);
    columnsOfCache.set(part, names.filter((c) => c !== FILE_COLUMN).map((c) => (c === ROWID_COLUMN && rowid ? rowid : c)));
    rowidOf.set(part, rowid);
    return malformed;
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
  return 0;
}

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
async function recordCsvErrors(db: Database): Promise<number> {
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
    SELECT file, CAST(line - 1 - skipped AS BIGINT), CAST(skipped AS INTEGER) FROM ranked`);
  await db.run(`INSERT INTO rejects
    SELECT ${displayPathSql("s.file_path")}, CAST(e.line AS INTEGER), 'malformed row',
           CAST(json_object('error', CAST(first(e.error_type) AS VARCHAR), 'line', first(e.csv_line)) AS VARCHAR)
    FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id)
    GROUP BY s.file_path, e.line ORDER BY e.line`);
  return new Set(errors.map((e) => e.line)).size;
}

/** One column whose name holds another likely delimiter: the file was split on the wrong character. */
function checkDelimiter(file: string, columns: string[], configured: string | null) {
  if (columns.length !== 1) return;
  const likely = [";", "\t", "|", ","].find((d) => d !== configured && columns[0].includes(d));
  if (likely) {
    const shown = likely === "\t" ? "\\t" : likely;
    throw new InputError(file, `only one column was found ("${columns[0].slice(0, 60)}"); the delimiter looks like "${shown}". Set ingest.delimiter to "${shown}" in workbench.config.json.`);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}
