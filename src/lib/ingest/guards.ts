/**
 * When an input's accounting means the run must stop: no row loaded, or more rejected than
 * ingest.maxRejectedShare allows. A run that went on would report figures from a sliver of the export
 * (the whitespace export read with ingest.delimiter " " rejected every line, and features then wrote
 * "0 customers"). The message names the file, the share, the top reasons with an example line each,
 * and the keys that fix the likeliest cause.
 */
import type { InputQuality } from "./quality.js";

/** The column each transactions reject reason is about, from the mapping. */
export function reasonColumns(mapping: Partial<Record<"customer_id" | "timestamp" | "quantity" | "unit_price" | "amount", string>>): Record<string, string | undefined> {
  return {
    "missing customer id": mapping.customer_id,
    "unparseable timestamp": mapping.timestamp,
    "non-numeric quantity": mapping.quantity,
    "non-numeric unit price": mapping.unit_price,
    "non-numeric amount": mapping.amount,
  };
}

/** What to check for each reject reason: the config keys that decide it. */
export const REJECT_ADVICE: Record<string, string> = {
  "malformed row": "check ingest.delimiter (\"whitespace\" for aligned columns), ingest.header and ingest.columnNames, or ingest.fixedWidth",
  "missing customer id": "check that columns.transactions.customer_id names the column with the customer ids",
  "unparseable timestamp": "check columns.transactions.timestamp, ingest.dateOrder and the date format (README, Formats)",
  "non-numeric quantity": "check columns.transactions.quantity and ingest.decimalSeparator",
  "non-numeric unit price": "check columns.transactions.unit_price and ingest.decimalSeparator",
  "non-numeric amount": "check columns.transactions.amount and ingest.decimalSeparator",
  duplicate: "check ingest.dropDuplicates (\"auto\" keeps identical lines when there is no order id)",
  "duplicate customer id": "check columns.customers.customer_id",
};

export interface RejectExample {
  reason: string;
  source_file: string;
  source_line: number;
  /** The rejected line's raw values as JSON (rejects.parquet's raw). */
  raw: string;
}

/** Why the run must stop for this input, or null when it may go on. */
export function guardViolation(q: InputQuality, maxRejectedShare: number): "no rows" | "too many rejected" | null {
  if (q.rowsLoaded === 0) return "no rows";
  if (q.rowsRead > 0 && q.rowsRejected / q.rowsRead > maxRejectedShare) return "too many rejected";
  return null;
}

/** A rejected line's values, short (the `focus` column first): `"   1 19970101  1  11.77"` for a malformed line, `customer_id="" date="x"` otherwise. */
export function describeRaw(raw: string, limit = 120, focus?: string): string {
  let text = raw;
  try {
    const values = JSON.parse(raw) as Record<string, unknown>;
    if (typeof values.line === "string" && Object.keys(values).every((k) => k === "line" || k === "error")) {
      text = JSON.stringify(values.line) + (typeof values.error === "string" ? ` (${values.error.toLowerCase()})` : "");
    } else {
      // The column the reason is about first, so it survives the cut.
      const entries = Object.entries(values).sort(([a], [b]) => Number(b === focus) - Number(a === focus));
      text = entries.map(([k, v]) => `${k}=${JSON.stringify(v ?? "")}`).join(" ");
    }
  } catch {
    // not JSON: shown as it is
  }
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/**
 * The message that stops the run: a first line with the file, the figures, the threshold and the fix for
 * the top reason; then one line per top reason (at most 3) with its count and an example line.
 */
export function guardMessage(
  q: InputQuality,
  maxRejectedShare: number,
  examples: readonly RejectExample[],
  input: "transactions" | "customers" = "transactions",
  /** Reason → the column it is about (the customer id column for "missing customer id", …). */
  focus: Record<string, string | undefined> = {},
  /** What an example's source_line numbers: a file's "line", a database table's "row" (its key, or its position). */
  locator: "line" | "row" = "line",
): string {
  const violation = guardViolation(q, maxRejectedShare);
  const reasons = Object.entries(q.rejectedByReason).slice(0, 3);
  const top = reasons[0]?.[0];
  let advice = top ? REJECT_ADVICE[top] ?? "check the export and the column mapping" : "check the export";
  if (input === "customers") advice = advice.replace("columns.transactions.customer_id", "columns.customers.customer_id");
  const pct = q.rowsRead ? ((q.rowsRejected / q.rowsRead) * 100).toFixed(1) : "0";
  const first =
    violation === "no rows"
      ? `${q.file}: no rows loaded: all ${q.rowsRead} rows read were rejected, most as "${top}". To fix it, ${advice}.`
      : `${q.file}: ${q.rowsRejected} of ${q.rowsRead} rows rejected (${pct}%), more than ingest.maxRejectedShare (${maxRejectedShare}) allows; most as "${top}". To fix it, ${advice}; or raise ingest.maxRejectedShare if these rejects are expected.`;
  const lines = reasons.map(([reason, n]) => {
    const example = examples.find((e) => e.reason === reason);
    return `  ${reason}: ${n} row${n === 1 ? "" : "s"}${example ? `, e.g. ${example.source_file} ${locator} ${example.source_line}: ${describeRaw(example.raw, 120, focus[reason])}` : ""}`;
  });
  return [first, ...lines].join("\n");
}
