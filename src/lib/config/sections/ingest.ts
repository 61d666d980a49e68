/** `ingest`: how the exports are read and cleaned. */
import { z } from "zod";
import { oneOf, strictObject, text } from "../fields.js";

import { DATE_ORDERS, DECIMAL_SEPARATORS, ENCODINGS } from "../constants.js";

export { DATE_ORDERS, DECIMAL_SEPARATORS, ENCODINGS };

const encoding = oneOf(ENCODINGS);
const dateOrder = oneOf(DATE_ORDERS);
export type Encoding = z.output<typeof encoding>;
export type DateOrder = z.output<typeof dateOrder>;

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
  /** Drop exact duplicate lines (counted as rejected with reason "duplicate"). */
  dropDuplicates: z.boolean({ error: "true or false" }).default(true),
  /** CSV delimiter; null sniffs it. */
  delimiter: z.string({ error: "one character, or null to sniff it" }).length(1).nullable().default(null),
  /** Text encoding of CSV exports. */
  encoding: encoding.default("utf-8"),
  /** How to read dates like 03/04/2024: day first, month first, or decided from the data. */
  dateOrder: dateOrder.default("auto"),
  /** Decimal separator of numbers: "." (1,234.50) or "," (1.234,50). */
  decimalSeparator: oneOf(DECIMAL_SEPARATORS).default("."),
});

export type IngestConfig = z.output<typeof ingestSchema>;
