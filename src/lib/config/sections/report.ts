/** `report`: the published report. */
import { z } from "zod";
import { strictObject } from "../fields.js";

export const reportSchema = strictObject({
  /** Segments are rebuilt this many days before the as-of date to show where customers moved. */
  previousAsOfDays: z.int({ error: "a whole number of days from 1 to 3650" }).min(1).max(3650).default(90),
  /** Put the customer_id,segment CSV in the published site (dist/data/segment-export.csv). */
  publishExport: z.boolean({ error: "true or false" }).default(false),
  /** ISO 4217 code of the money in the exports (shown with every amount); null when unknown or from a currency column. */
  currency: z
    .string({ error: 'an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null' })
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .default(null),
  /** A segment with fewer customers is flagged: usually a few extreme customers clustered on their own. */
  minSegmentSize: z.int({ error: "a whole number of customers, 1 or more" }).min(1).default(20),
});

export type ReportConfig = z.output<typeof reportSchema>;
