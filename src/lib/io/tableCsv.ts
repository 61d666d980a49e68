/**
 * CSV downloads of the workbench's tables and chart data. Values are written through
 * exportCsv.ts (RFC 4180 quoting, spreadsheet formula injection neutralised: a text cell starting
 * with = + - @ is written with a leading apostrophe), after turning what pages hold into CSV values:
 * numbers that are not finite become empty cells, dates ISO 8601, big integers plain digits,
 * anything else its JSON.
 */
import { toCsv, type CsvValue } from "./csv.js";

export function csvValue(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

export interface CsvColumn<T> {
  label: string;
  value: (row: T) => unknown;
}

/** A CSV of rows through columns (label and value of each). */
export function rowsCsv<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[]): string {
  function* lines(): Generator<CsvValue[]> {
    for (const row of rows) yield columns.map((c) => csvValue(c.value(row)));
  }
  return toCsv(
    columns.map((c) => c.label),
    lines(),
  );
}

/** A CSV of records: the given columns, or the keys of the first record. */
export function recordsCsv(rows: Iterable<Record<string, unknown>>, columns?: readonly string[]): string {
  const list = Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [...rows];
  const names = columns ?? (list.length ? Object.keys(list[0]) : []);
  return rowsCsv(
    list,
    names.map((name) => ({ label: name, value: (row: Record<string, unknown>) => row[name] })),
  );
}

/** A file name from a title: letters, digits, "-" and "_" only, at most 80 characters, and the extension. */
export function safeFileName(title: string, extension: string): string {
  const base =
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80)
      .replace(/-+$/, "") || "download";
  return `${base}.${extension.replace(/^\./, "")}`;
}
