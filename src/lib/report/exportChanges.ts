/**
 * Changes since a previous CRM export (`export --since PREVIOUS`): only the customers whose segment
 * changed, so a CRM sync does not resend everyone. A customer is
 *
 * - `entered`: in the current export, not in the previous one;
 * - `left`: in the previous export, not in the current one;
 * - `moved`: in both, with another segment name (a renamed segment is a change too: the CRM holds
 *   the name).
 *
 * Customers and names are compared as the export writes them (csv.ts: formulas neutralised), so a
 * previous file compares cell for cell with the one the same segmentation would write now. Rows keep
 * the current export's order (by customer id), then the customers who left in the previous file's.
 */
import { CsvReadError, readCsv } from "../io/csvRead.js";
import { EXPORT_HEADER, neutraliseFormula, toCsv, type CsvValue } from "../io/csv.js";

/** Columns of the changes file: the export's, the segment in the previous export, and the change. */
export const CHANGES_HEADER = ["customer_id", "segment", "previous_segment", "change"] as const;

export type Change = "entered" | "left" | "moved";

export interface ExportChanges {
  csv: string;
  entered: number;
  left: number;
  moved: number;
  unchanged: number;
  /** Customers in the previous export. */
  previous: number;
}

/**
 * A previous full export (customer_id,segment, then any further columns such as the next best
 * products): customer id → segment, as written. Throws one line naming `file` and the line.
 */
export function readPreviousExport(text: string, file: string): Map<string, { segment: string; line: number }> {
  let records;
  try {
    records = readCsv(text);
  } catch (error) {
    if (error instanceof CsvReadError) throw new Error(`${file}: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw new Error(`${file}: empty file; pass the last full export written by \`export --out\``);
  const header = records[0].fields;
  if (header.includes("change")) {
    throw new Error(`${file}: a changes file (written by \`export --since\`, it has a change column): pass the last full export written by \`export --out\``);
  }
  if (header[0] === EXPORT_HEADER[0] && header[1] === "audience") {
    throw new Error(`${file}: an audience export (written by \`export --audience\`): pass the last full segment export written by \`export --out\``);
  }
  // The export's own columns first; what follows (the next best products) is not compared.
  if (header.length < EXPORT_HEADER.length || EXPORT_HEADER.some((h, i) => header[i] !== h)) {
    throw new Error(`${file}: line 1: expected the header ${EXPORT_HEADER.join(",")}[,…] of a full export written by \`export --out\`, got ${header.join(",")}`);
  }
  const previous = new Map<string, { segment: string; line: number }>();
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== header.length) throw new Error(`${file}: line ${line}: ${fields.length} fields, the header has ${header.length}`);
    const [id, segment] = fields;
    if (id === "") throw new Error(`${file}: line ${line}: no customer_id`);
    const seen = previous.get(id);
    if (seen) throw new Error(`${file}: line ${line}: customer ${JSON.stringify(id)} again (first on line ${seen.line})`);
    previous.set(id, { segment, line });
  }
  return previous;
}

/** The changes between a previous export and the current segments (see the module comment). */
export function exportChanges(
  previous: ReadonlyMap<string, { segment: string }>,
  customerIds: ArrayLike<string>,
  labels: ArrayLike<number>,
  names: readonly string[],
): ExportChanges {
  if (customerIds.length !== labels.length) throw new Error(`${customerIds.length} customer ids but ${labels.length} segment labels`);
  const rows: CsvValue[][] = [];
  const current = new Set<string>();
  let entered = 0;
  let moved = 0;
  let unchanged = 0;
  for (let i = 0; i < customerIds.length; i++) {
    const name = names[labels[i]];
    if (name === undefined) throw new Error(`customer ${customerIds[i]}: no segment ${labels[i]}`);
    const id = neutraliseFormula(customerIds[i]);
    const segment = neutraliseFormula(name);
    // Two ids that only differ by a leading apostrophe would be one row of the export: a CRM could not tell them apart.
    if (current.has(id)) throw new Error(`customer ids ${JSON.stringify(customerIds[i])} and another are the same cell in the export (${id})`);
    current.add(id);
    const before = previous.get(id);
    if (!before) {
      rows.push([id, segment, null, "entered"]);
      entered++;
    } else if (before.segment !== segment) {
      rows.push([id, segment, before.segment, "moved"]);
      moved++;
    } else {
      unchanged++;
    }
  }
  let left = 0;
  for (const [id, { segment }] of previous) {
    if (!current.has(id)) {
      rows.push([id, null, segment, "left"]);
      left++;
    }
  }
  return { csv: toCsv(CHANGES_HEADER, rows), entered, left, moved, unchanged, previous: previous.size };
}
