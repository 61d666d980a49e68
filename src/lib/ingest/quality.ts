/**
 * The ingest accounting every page and the report share: for each input, rows read = rows loaded +
 * rows rejected (by reason), and for transactions what was loaded (dates, customers, orders, returns,
 * revenue) and where outliers show. Types only: the pipeline computes it (pipeline/ingest/ingest.ts).
 */
import type { DuplicatePolicy } from "../config/config.js";
import type { ColumnMapping } from "./columns.js";
import type { AmountCheck, LineTotalCheck } from "./lineTotals.js";
import type { AttributeQuality } from "./attributes.js";

export type { AmountCheck, AttributeQuality, LineTotalCheck };

export interface InputQuality {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Reason → count, most frequent first. */
  rejectedByReason: Record<string, number>;
}

export interface Anomaly {
  source_file: string;
  source_line: number;
  order_id: string;
  product_id: string | null;
  quantity: number;
  /** Null when the export has no unit price and the line's quantity is 0. */
  unit_price: number | null;
  amount: number;
}

/** Exact duplicate lines: every column equal to an earlier line's (across the files of one input). */
export interface DuplicateLines {
  /** ingest.dropDuplicates as configured. */
  policy: DuplicatePolicy;
  /** Whether they were dropped (rejected as "duplicate"): "auto" drops them only when an order id is mapped. */
  dropped: boolean;
  /** Lines that repeat an earlier one, dropped or kept. */
  lines: number;
}

export interface TransactionQuality extends InputQuality {
  /** Role → column used. */
  mapping: ColumnMapping;
  /** Where a line's revenue comes from: the amount column, or quantity × unit price. */
  revenueFrom: "amount" | "quantity × unit_price";
  /** No quantity column: each line counted as one unit (−1 for a negative amount). */
  quantityAssumed: boolean;
  /** How day/month dates were read, when the export has them. */
  dateOrder: "DMY" | "MDY" | null;
  /** ingest.timezone: the zone of timestamps written without an offset (converted to UTC). */
  timezone: string;
  /** Loaded lines whose local time the zone skips (clocks going forward); DuckDB moved them an hour on. */
  skippedLocalTimes: number;
  /** ISO 4217 code of the money (report.currency or the currency column), or null when unknown. */
  currency: string | null;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  customers: number;
  orders: number;
  returnLines: number;
  nonProductLines: number;
  netRevenue: number;
  /** Gross value of rejected lines whose quantity and price could be read, and its share of all gross value. */
  rejectedRevenue: number;
  rejectedRevenueShare: number;
  zeroPriceLines: number;
  negativePriceLines: number;
  duplicates: DuplicateLines;
  /** With an amount and quantity × unit price both mapped: how many lines disagree. */
  amountCheck: AmountCheck | null;
  /** With only quantity × unit price: whether the unit prices look like line totals. */
  lineTotalCheck: LineTotalCheck | null;
  /** Suspicious findings about this file in words, one line each (also printed on stderr, with the file). */
  warnings: string[];
  /** The largest lines by |quantity| and by unit price: where outliers and typos show. */
  topQuantities: Anomaly[];
  topPrices: Anomaly[];
}

/** The customers export: its accounting, where its ids come from and each attribute's type and blanks. */
export interface CustomersQuality extends InputQuality {
  /** The id column, or null when the rows are numbered in file order (columns.customers.customer_id null). */
  idColumn: string | null;
  /** Every attribute column in file order: its type (number, date, text) and how many rows have no value. */
  attributes: AttributeQuality[];
  /** Suspicious findings about this file in words, one line each (also printed on stderr, with the file). */
  warnings: string[];
}

/**
 * Per input. A customers-only project (inputs.transactions null) has no `transactions`; its money's
 * currency is then `currency` (report.currency).
 */
export interface QualityReport {
  transactions?: TransactionQuality;
  customers?: CustomersQuality;
  currency?: string | null;
}

/** ISO 4217 code of the money: the transactions' (report.currency or the currency column), or a customers-only project's report.currency. */
export function qualityCurrency(quality: QualityReport): string | null {
  return quality.transactions ? quality.transactions.currency : (quality.currency ?? null);
}
