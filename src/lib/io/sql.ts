/**
 * Safe SQL text. Column and file names come from exports and config, so every identifier is
 * quoted and every value is a quoted literal or a bound parameter, never pasted raw.
 */

/** A double-quoted SQL identifier: `a"b` → `"a""b"`. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted SQL string literal: `it's` → `'it''s'`. */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A SQL list of string literals, for `IN (...)`; `(NULL)` when empty so the SQL stays valid. */
export function literalList(values: readonly string[]): string {
  return values.length ? `(${values.map(quoteLiteral).join(", ")})` : "(NULL)";
}
