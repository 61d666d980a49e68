/**
 * A PostgreSQL table (or view) as an input (`inputs.transactions: {"postgres": URL, "table": NAME}`):
 * its columns, how its rows are located, and its values as the text ingest's typing rules read.
 *
 * - **Values**: every column is read as text, in a form the export rules read back exactly: text
 *   columns as they are; numbers in PostgreSQL's exact text (NaN and infinities stay unreadable);
 *   `timestamp` as `YYYY-MM-DD HH:MM:SS[.ffffff]` (a wall-clock time, in ingest.timezone like an
 *   export's); `timestamp with time zone` as that instant in UTC with `Z`; `date` as `YYYY-MM-DD` (a
 *   calendar day). Years outside 1–9999 and infinite dates keep PostgreSQL's text, which no rule reads.
 * - **Rows**: a row's locator (source_line) is its `key` column's value when the input names one (a
 *   whole number that identifies the row: a line number or a serial id; it is not data, so it is no
 *   role and no part of the duplicate check), else its position 1, 2, … in the order of all its
 *   values (byte order), which is the same for the same rows whatever order the server keeps them in.
 * - **Name**: `TABLE (postgres USER@HOST:PORT/DATABASE)`, which quality.json shows in place of a file:
 *   no password is ever in it.
 */
import type { TableInput } from "../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import type { PostgresDatabase } from "../postgres.js";
import { InputError, isReservedColumn } from "./inputs.js";

export interface TableColumn {
  name: string;
  /** format_type of the column: `text`, `timestamp without time zone`, `numeric(12,2)`, … */
  type: string;
}

export interface TableSource {
  input: TableInput;
  db: PostgresDatabase;
  /** The config key it comes from: `inputs.transactions` or `inputs.customers`. */
  key: "inputs.transactions" | "inputs.customers";
  /** How messages and quality.json name it. */
  label: string;
  /** The table as SQL (each part quoted). */
  relation: string;
  /** The data columns, in table order (the key column left out). */
  columns: TableColumn[];
}

/** `name` or `schema.name` as SQL, each part quoted. */
function relationSql(table: string): string {
  return table.split(".").map(quoteIdent).join(".");
}

/**
 * Looks the table up: it must exist and, with a key, have that column holding distinct whole numbers
 * from 0 to 2,147,483,647 on every row. Each failure is one line naming the config key and the fix.
 */
export async function describeTable(db: PostgresDatabase, input: TableInput, key: TableSource["key"]): Promise<TableSource> {
  const names = await db.columns(input.table);
  const relation = relationSql(input.table);
  const label = `${input.table} ${db.source.replace(/^.*\(postgres /, "(postgres ")}`;
  const types = await db.all<{ name: string; type: string }>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [relation],
  );
  const typeOf = new Map(types.map((t) => [t.name, t.type]));
  if (input.key !== null) {
    await db.requireColumns(input.table, [input.key], `set ${key}.key to the column that numbers the rows, or to null`);
    const keyType = typeOf.get(input.key) ?? "";
    if (!/^(smallint|integer|bigint|numeric\(\d+,0\))$/.test(keyType)) {
      throw new InputError(label, `${key}.key "${input.key}" is a ${keyType} column; it must hold whole numbers (smallint, integer or bigint) that number the rows. Set ${key}.key to such a column, or to null.`);
    }
    const k = quoteIdent(input.key);
    const [row] = await db.all<{ rows: bigint; keyed: bigint; distinct: bigint; low: string | null; high: string | null }>(
      `SELECT count(*) AS rows, count(${k}) AS keyed, count(DISTINCT ${k}) AS distinct, CAST(min(${k}) AS TEXT) AS low, CAST(max(${k}) AS TEXT) AS high FROM ${relation}`,
    );
    if (row.keyed !== row.rows) throw new InputError(label, `${key}.key "${input.key}" is empty on ${row.rows - row.keyed} rows; every row needs its number. Set ${key}.key to another column, or to null.`);
    if (row.distinct !== row.rows) throw new InputError(label, `${key}.key "${input.key}" repeats values (${row.distinct} distinct in ${row.rows} rows); it must identify each row. Set ${key}.key to another column, or to null.`);
    if (row.low !== null && (Number(row.low) < 0 || Number(row.high) > 2 ** 31 - 1)) {
      throw new InputError(label, `${key}.key "${input.key}" runs from ${row.low} to ${row.high}; row numbers must be from 0 to 2147483647. Set ${key}.key to another column, or to null.`);
    }
  }
  const columns = names.filter((n) => n !== input.key).map((name) => ({ name, type: typeOf.get(name) ?? "text" }));
  const reserved = columns.map((c) => c.name).filter(isReservedColumn);
  if (reserved.length) {
    throw new InputError(
      label,
      `has a column named ${reserved.map((c) => `"${c}"`).join(", ")}, a name the workbench keeps for its own bookkeeping ` +
        `(source_file, source_line, reject_reason and names starting with __wb_, in any case). Rename the column, or read the table through a view that renames it.`,
    );
  }
  if (!columns.length) throw new InputError(label, `has no columns besides ${key}.key "${input.key}".`);
  return { input, db, key, label, relation, columns };
}

/** A column's value as the text the typing rules read (see the module comment). */
export function columnTextSql(column: TableColumn): string {
  const c = quoteIdent(column.name);
  const fraction = (ts: string) => `CASE WHEN CAST(extract(microseconds FROM ${ts}) AS BIGINT) % 1000000 = 0 THEN '' ELSE to_char(${ts}, '.US') END`;
  if (column.type === "timestamp without time zone" || /^timestamp\(\d\) without time zone$/.test(column.type)) {
    return `CASE WHEN isfinite(${c}) AND ${c} >= '0001-01-01' AND ${c} < '10000-01-01' THEN to_char(${c}, 'YYYY-MM-DD HH24:MI:SS') || ${fraction(c)} ELSE CAST(${c} AS TEXT) END`;
  }
  if (column.type === "timestamp with time zone" || /^timestamp\(\d\) with time zone$/.test(column.type)) {
    const utc = `(${c} AT TIME ZONE 'UTC')`;
    return `CASE WHEN isfinite(${c}) AND ${utc} >= '0001-01-01' AND ${utc} < '10000-01-01' THEN to_char(${utc}, 'YYYY-MM-DD"T"HH24:MI:SS') || ${fraction(utc)} || 'Z' ELSE CAST(${c} AS TEXT) END`;
  }
  if (column.type === "date") {
    return `CASE WHEN isfinite(${c}) AND ${c} >= '0001-01-01' AND ${c} < '10000-01-01' THEN to_char(${c}, 'YYYY-MM-DD') ELSE CAST(${c} AS TEXT) END`;
  }
  return `CAST(${c} AS TEXT)`;
}

/**
 * The table as ingest's raw input: source_file (the label), source_line (the locator) and every data
 * column as text under its own name.
 */
export function rawSelectSql(source: TableSource): string {
  const texts = source.columns.map(columnTextSql);
  const locator =
    source.input.key !== null
      ? `CAST(${quoteIdent(source.input.key)} AS INTEGER)`
      : `CAST(row_number() OVER (ORDER BY ${texts.map((t) => `${t} COLLATE "C"`).join(", ")}) AS INTEGER)`;
  return `SELECT CAST(${quoteLiteral(source.label)} AS TEXT) AS source_file, ${locator} AS source_line, ${source.columns
    .map((c, i) => `${texts[i]} AS ${quoteIdent(c.name)}`)
    .join(", ")} FROM ${source.relation}`;
}

/**
 * What a table's rows are now, for the pipeline's cache key: its columns and their types, its row
 * count and the sum of a hash of every row's text (any insert, update or delete changes it, whatever
 * order the server keeps the rows in). One pass over the table.
 */
export async function tableStamp(db: PostgresDatabase, input: TableInput): Promise<string> {
  const relation = relationSql(input.table);
  await db.columns(input.table);
  const [columns] = await db.all<{ list: string }>(
    `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS list FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
    [relation],
  );
  const [rows] = await db.all<{ n: bigint; checksum: string }>(`SELECT count(*) AS n, CAST(COALESCE(sum(CAST(hashtext(CAST(t AS TEXT)) AS BIGINT)), 0) AS TEXT) AS checksum FROM ${relation} AS t`);
  return `${db.source} ${JSON.stringify(input)} ${columns.list} rows ${rows.n} checksum ${rows.checksum}`;
}
