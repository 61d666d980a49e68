/**
 * Does a header row look like data? A file exported without a header loses its first line to the
 * header, silently, unless someone notices that the "column names" are numbers and dates. Pure, so the
 * rule is unit-tested on its own and the same wherever a header is read.
 */

/** A plain or formatted number: `12`, `-3.5`, `£1,234.50`, `1.234,50`, `11.77`. */
const NUMBER = /^[+-]?[£$€¥]?(\d+|\d{1,3}([,.\s]\d{3})+)([.,]\d+)?$/;

/** A date, optionally with a time: `1997-01-01`, `2024/01/05 10:00`, `03/04/2024`, `1.2.24`, `2024-01-05T10:00:00Z`. */
const DATE = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](\d{2}|\d{4}))([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function isNumberOrDate(field: string): boolean {
  const value = field.trim();
  return NUMBER.test(value) || DATE.test(value);
}

/** Every non-empty field is a number or a date (and there is at least one): no export names its columns so. */
export function looksLikeData(fields: readonly string[]): boolean {
  const filled = fields.map((f) => f.trim()).filter((f) => f !== "");
  return filled.length > 0 && filled.every(isNumberOrDate);
}

/**
 * A softer sign, for messages only: some field is a date, or most are numbers. Shown when no column
 * could be mapped, where a header that is really a data line is the likeliest cause.
 */
export function mayBeData(fields: readonly string[]): boolean {
  const filled = fields.map((f) => f.trim()).filter((f) => f !== "");
  if (!filled.length) return false;
  return filled.some((f) => DATE.test(f)) || filled.filter((f) => NUMBER.test(f)).length * 2 > filled.length;
}

/** The advice for a header that looks like data, naming the keys to set. */
export function headerAdvice(fieldCount: number): string {
  return `If the export has no header row, set ingest.header to false and ingest.columnNames to its ${fieldCount} column names in file order.`;
}
