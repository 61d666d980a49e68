/** `pii`: customer columns that hold personal data, never passed to pages or the published report. */
import { z } from "zod";
import { text } from "../fields.js";

import { DEFAULT_PII } from "../constants.js";

export const piiSchema = z.array(text("a column name of the customers export"), { error: "a list of customer column names" }).prefault([...DEFAULT_PII]);
