/** `features`: how the per-customer features are built. */
import { z } from "zod";
import { DEFAULT_TOP_CATEGORIES } from "../constants.js";
import { strictObject } from "../fields.js";

export const featuresSchema = strictObject({
  /** Analysis date; null means the day after the last transaction. A real calendar date (no 2011-02-30). */
  asOf: z.iso.date({ error: "a date YYYY-MM-DD, or null for the day after the last transaction" }).nullable().default(null),
  /** Top categories by revenue that get a share_<category> column. */
  topCategories: z.int({ error: "a whole number from 0 to 20" }).min(0).max(20).default(DEFAULT_TOP_CATEGORIES),
});

export type FeaturesConfig = z.output<typeof featuresSchema>;
