/** `pii`: customer columns that hold personal data, never passed to pages or the published report. */
import { z } from "zod";
import { text } from "../fields.js";

const DEFAULT_PII = ["first_name", "last_name", "name", "email", "phone", "address", "street", "postcode", "zip"];

export const piiSchema = z.array(text("a column name of the customers export"), { error: "a list of customer column names" }).prefault(DEFAULT_PII);
