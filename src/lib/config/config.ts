/**
 * The committed workbench config: where the exports are, how their columns map to roles, how they
 * are cleaned, and the segmentation to publish. Pure: parsing and validation only, so the Node
 * pipeline, the CLI, the pages and the tests read it the same way. The schema (schema.ts and
 * sections/) is the source of the types, the defaults and the error messages; this module is the
 * entry point the rest of the workbench imports.
 */
import { configError, fallbackMessage } from "./errors.js";
import { checkedConfigSchema, type WorkbenchConfig } from "./schema.js";
import { SCALINGS as SCALING_LIST, type Scaling } from "./sections/segmentation.js";
import { DATE_ORDERS as DATE_ORDER_LIST, ENCODINGS as ENCODING_LIST, type DateOrder, type Encoding } from "./sections/ingest.js";

export { ConfigError } from "./errors.js";
export type { WorkbenchConfig } from "./schema.js";
export { TRANSACTION_ROLES, type TransactionRole } from "./sections/columns.js";
export { isTableInput, type InputSource, type TableInput } from "./sections/inputs.js";
export type { DateOrder, DuplicatePolicy, Encoding, FixedWidthColumn, IngestConfig } from "./sections/ingest.js";
export type { HistoryCadence, HistoryConfig, ReportConfig } from "./sections/report.js";
export type { RfmConfig, RfmRule, ScoreRange } from "./sections/rfm.js";
export type { Scaling, SegmentationConfig } from "./sections/segmentation.js";
export type { InputsConfig } from "./sections/inputs.js";
export type { MissingStrategy } from "./constants.js";

// As plain lists of their types, so that callers can ask `SCALINGS.includes(value)` of any string.
export const SCALINGS: readonly Scaling[] = SCALING_LIST;
export const ENCODINGS: readonly Encoding[] = ENCODING_LIST;
export const DATE_ORDERS: readonly DateOrder[] = DATE_ORDER_LIST;

/**
 * The parsed config file `raw` (any JSON value): every key it sets checked, every key it leaves out
 * given its default. Throws a ConfigError, one line naming `source`, the key and the problem, for the
 * first problem found (see firstProblem in errors.ts for the order).
 */
export function parseConfig(raw: unknown, source = "workbench.config.json"): WorkbenchConfig {
  const result = checkedConfigSchema.safeParse(raw, { reportInput: true, error: fallbackMessage });
  if (!result.success) throw configError(result.error.issues, source);
  return result.data;
}

/** What an empty config gives: the schema's defaults. */
export const DEFAULT_CONFIG: WorkbenchConfig = parseConfig({}, "the built-in defaults");
