/** `ingest`: how the exports are read and cleaned. */
import { z } from "zod";
import { oneOf, strictObject, text } from "../fields.js";

import { DATE_ORDERS, DECIMAL_SEPARATORS, ENCODINGS, WHITESPACE_DELIMITER, type DUPLICATE_POLICIES } from "../constants.js";

export { DATE_ORDERS, DECIMAL_SEPARATORS, ENCODINGS, WHITESPACE_DELIMITER };

const encoding = oneOf(ENCODINGS);
const dateOrder = oneOf(DATE_ORDERS);
export type Encoding = z.output<typeof encoding>;
export type DateOrder = z.output<typeof dateOrder>;
export type DuplicatePolicy = (typeof DUPLICATE_POLICIES)[number];

/** A time zone name the platform's ICU data knows (the pipeline checks that DuckDB's ICU knows it too). */
export function isTimeZone(name: string): boolean {
  if (!name.trim()) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Column names must differ ignoring case: DuckDB, which reads the exports, does not tell "Qty" from "qty". */
function repeatedNames(names: readonly string[]): number[] {
  const seen = new Set<string>();
  const repeated: number[] = [];
  names.forEach((name, i) => {
    if (seen.has(name.toLowerCase())) repeated.push(i);
    seen.add(name.toLowerCase());
  });
  return repeated;
}

const columnName = text("a column name (not blank)");

/** One column of a fixed-width export: its name, first character (1 = the start of the line) and width. */
const fixedWidthColumn = strictObject(
  {
    name: columnName,
    start: z.int({ error: "the column's first character, a whole number ≥ 1 (1 = the start of the line)" }).min(1),
    width: z.int({ error: "the column's width in characters, a whole number ≥ 1" }).min(1),
  },
  'a column like {"name": "customer_id", "start": 1, "width": 5}',
);
export type FixedWidthColumn = z.output<typeof fixedWidthColumn>;

/** Postage, fees and adjustments in the UCI Online Retail export. */
const NON_PRODUCT_CODES = ["POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE"];

export const ingestSchema = strictObject({
  /**
   * Order ids starting with this prefix are cancellations (kept as returns). Not empty: every id
   * starts with "", which would make every order a return.
   */
  cancelPrefix: z.string({ error: "the prefix of cancelled order ids (not empty)" }).min(1).default("C"),
  /** Product codes that are not products: kept, flagged, left out of product metrics. */
  nonProductCodes: z.array(text("a product code"), { error: "a list of product codes" }).prefault(NON_PRODUCT_CODES),
  /**
   * Drop exact duplicate lines (counted as rejected with reason "duplicate"). "auto": only when an order
   * id is mapped; without one, identical lines are most likely real repeat purchases, so they are kept
   * and counted.
   */
  dropDuplicates: z
    .custom<DuplicatePolicy>((value) => value === "auto" || typeof value === "boolean", {
      error: '"auto" (drop exact duplicate lines only when an order id is mapped), true or false',
    })
    .default("auto"),
  /** CSV delimiter; "whitespace" splits on runs of spaces and tabs (aligned columns); null sniffs it. */
  delimiter: z
    .custom<string>((value) => value === WHITESPACE_DELIMITER || (typeof value === "string" && value.length === 1 && !["\n", "\r", '"'].includes(value)), {
      error: 'one character (not a quote or a line break), "whitespace" (columns aligned with spaces), or null to sniff it',
    })
    .nullable()
    .default(null),
  /** Columns of a fixed-width transactions export, or null. Names come from here, not from a header. */
  fixedWidth: z
    .array(fixedWidthColumn, { error: 'a list of columns like [{"name": "customer_id", "start": 1, "width": 5}, …], or null' })
    .min(1)
    .nullable()
    .default(null),
  /** Whether the transactions export's first line is a header; false needs columnNames (or fixedWidth). */
  header: z.boolean({ error: "true (the first line names the columns) or false" }).default(true),
  /** Column names of a transactions export without a header row (header false), in file order. */
  columnNames: z.array(columnName, { error: "a list of the export's column names in file order, or null" }).min(1).nullable().default(null),
  /** A run stops when an input's rejected rows exceed this share of its rows read. */
  maxRejectedShare: z.number({ error: "a share from 0 to 1 (0.5 stops a run that rejects more than half an input's rows)" }).min(0).max(1).default(0.5),
  /** IANA time zone of timestamps written without an offset (local times); they are converted to UTC. */
  timezone: z
    .custom<string>((value) => typeof value === "string" && isTimeZone(value), {
      error: 'an IANA time zone name such as "UTC", "Europe/London" or "America/New_York"',
    })
    .default("UTC"),
  /** Text encoding of CSV exports. */
  encoding: encoding.default("utf-8"),
  /** How to read dates like 03/04/2024: day first, month first, or decided from the data. */
  dateOrder: dateOrder.default("auto"),
  /** Decimal separator of numbers: "." (1,234.50) or "," (1.234,50). */
  decimalSeparator: oneOf(DECIMAL_SEPARATORS).default("."),
}).superRefine((ingest, ctx) => {
  const { fixedWidth, delimiter, header, columnNames } = ingest;
  if (fixedWidth) {
    for (const i of repeatedNames(fixedWidth.map((c) => c.name))) {
      ctx.addIssue({ code: "custom", path: ["fixedWidth", i, "name"], input: fixedWidth[i].name, message: "a name not used before (names are compared ignoring case)" });
    }
    const sorted = fixedWidth.map((c, i) => ({ ...c, i })).sort((a, b) => a.start - b.start);
    for (let j = 1; j < sorted.length; j++) {
      const before = sorted[j - 1];
      if (sorted[j].start < before.start + before.width) {
        ctx.addIssue({
          code: "custom",
          path: ["fixedWidth", sorted[j].i, "start"],
          input: sorted[j].start,
          message: `a start after "${before.name}", which covers characters ${before.start}–${before.start + before.width - 1}`,
        });
      }
    }
    if (delimiter !== null) {
      ctx.addIssue({ code: "custom", path: ["delimiter"], input: delimiter, message: "null with ingest.fixedWidth (a fixed-width export has no delimiter)" });
    }
    if (columnNames !== null) {
      ctx.addIssue({ code: "custom", path: ["columnNames"], input: columnNames, message: "null with ingest.fixedWidth, which names the columns" });
    }
  }
  if (columnNames !== null) {
    for (const i of repeatedNames(columnNames)) {
      ctx.addIssue({ code: "custom", path: ["columnNames", i], input: columnNames[i], message: "a name not used before (names are compared ignoring case)" });
    }
    if (header) {
      ctx.addIssue({ code: "custom", path: ["columnNames"], input: columnNames, message: "null unless ingest.header is false (a header row names the columns)" });
    }
  } else if (!header && !fixedWidth) {
    ctx.addIssue({
      code: "custom",
      path: ["columnNames"],
      input: columnNames,
      message: 'the column names in file order, since ingest.header is false (e.g. ["customer_id", "date", "quantity", "amount"])',
    });
  }
});

export type IngestConfig = z.output<typeof ingestSchema>;
