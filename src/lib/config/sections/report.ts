/** `report`: the published report. */
import { z } from "zod";
import { oneOf, strictObject, text } from "../fields.js";

/** How far apart the history's snapshots are: a calendar month, three months or seven days. */
export const HISTORY_CADENCES = ["month", "quarter", "week"] as const;
export type HistoryCadence = (typeof HISTORY_CADENCES)[number];

/**
 * `report.history`: snapshots every `every` back from the as-of date, `count` of them (the last is
 * the as-of date itself). Each one costs a feature build and a k-means refit (for drift), so the
 * bound keeps a mistyped count from running for hours; null turns the history off.
 */
export const historySchema = strictObject({
  every: oneOf(HISTORY_CADENCES).default("month"),
  count: z.int({ error: "a whole number of snapshots from 2 to 120" }).min(2).max(120).default(12),
  /**
   * The report asks for a review of the segmentation when a refit at any earlier snapshot agrees with
   * today's model (adjusted Rand index of the two assignments of that snapshot's customers) below this.
   */
  reviewBelowAri: z.number({ error: "a number from 0 to 1 (an adjusted Rand index)" }).min(0).max(1).default(0.8),
}, "an object with any of every, count, reviewBelowAri, or null for no history");

export type HistoryConfig = z.output<typeof historySchema>;

export const reportSchema = strictObject({
  /** Segments are rebuilt this many days before the as-of date to show where customers moved. */
  previousAsOfDays: z.int({ error: "a whole number of days from 1 to 3650" }).min(1).max(3650).default(90),
  /**
   * Put the customer_id,segment CSV in the published site (dist/data/segment-export.csv) and let the
   * audience page download an audience's members; false: neither is offered. (The analysis pages'
   * features.arrow, one row per customer id, is in the site either way: the browser computes on it.)
   */
  publishExport: z.boolean({ error: "true or false" }).default(false),
  /** ISO 4217 code of the money in the exports (shown with every amount); null when unknown or from a currency column. */
  currency: z
    .string({ error: 'an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null' })
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
  /**
   * Customers-only projects: the customers export's numeric columns whose sum is each customer's value
   * (one column, or spend per category), reported where revenue is with transactions; null for none.
   */
  valueColumns: z
    .array(text("a numeric column of the customers export"), { error: "a non-empty list of numeric columns of the customers export (their sum is a customer's value), or null" })
    .min(1)
    .nullable()
    .default(null),
  /** A segment with fewer customers is flagged: usually a few extreme customers clustered on their own. */
  minSegmentSize: z.int({ error: "a whole number of customers, 1 or more" }).min(1).default(20),
  /** Segments over time (the history page); null for none. */
  history: historySchema.nullable().prefault({}),
});

export type ReportConfig = z.output<typeof reportSchema>;
