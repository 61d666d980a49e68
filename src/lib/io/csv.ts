/**
 * CSV for CRM and marketing tools: RFC 4180 quoting, and spreadsheet formula injection
 * neutralised. A text cell that starts with = + - @, a tab or a carriage return is read as a
 * formula by Excel, LibreOffice and Google Sheets, so it gets a leading apostrophe (the OWASP
 * recommendation): `=HYPERLINK(...)` is written as `'=HYPERLINK(...)` and shown as text.
 * Numbers are written as numbers (a negative number is not a formula).
 */

/** Characters that make a spreadsheet read a cell as a formula when they come first. */
export const FORMULA_TRIGGERS: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];

/** `=1+1` → `'=1+1`; anything else unchanged. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_TRIGGERS.includes(text[0]) ? `'${text}` : text;
}

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One CSV field: text is neutralised (unless `neutralise` is false, for files only machines read),
 * then quoted when it holds a comma, a quote or a line break, with quotes doubled.
 */
export function csvField(value: CsvValue, neutralise = true): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} to CSV`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = neutralise ? neutraliseFormula(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole CSV file: the header, then one line per row, each ending in "\n". */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>, options: { neutralise?: boolean } = {}): string {
  const neutralise = options.neutralise ?? true;
  const lines = [header.map((h) => csvField(h, neutralise)).join(",")];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} fields, the header ${header.length}`);
    lines.push(row.map((v) => csvField(v, neutralise)).join(","));
  }
  return lines.join("\n") + "\n";
}

/** Columns of the segment export. */
export const EXPORT_HEADER = ["customer_id", "segment"] as const;

/**
 * The segment export: one line per customer, `customer_id,segment` (the segment's name), in the
 * order given (the report's: by customer id).
 */
export function segmentExportCsv(customerIds: ArrayLike<string>, labels: ArrayLike<number>, names: readonly string[]): string {
  if (customerIds.length !== labels.length) throw new Error(`${customerIds.length} customer ids but ${labels.length} segment labels`);
  function* rows(): Generator<CsvValue[]> {
    for (let i = 0; i < labels.length; i++) {
      const name = names[labels[i]];
      if (name === undefined) throw new Error(`customer ${customerIds[i]}: no segment ${labels[i]}`);
      yield [customerIds[i], name];
    }
  }
  return toCsv(EXPORT_HEADER, rows());
}
