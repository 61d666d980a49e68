/**
 * The committed workbench config: where the exports are, how their columns map to roles,
 * how they are cleaned, and the segmentation to publish. Pure: parsing and validation only,
 * so the Node pipeline, the CLI, the pages and the tests read it the same way.
 */

export const TRANSACTION_ROLES = [
  "customer_id",
  "order_id",
  "timestamp",
  "product_id",
  "product_name",
  "category",
  "quantity",
  "unit_price",
] as const;
export type TransactionRole = (typeof TRANSACTION_ROLES)[number];

export type Scaling = "zscore" | "robust" | "minmax" | "none";
export type Encoding = "utf-8" | "latin-1" | "utf-16";
export type DateOrder = "auto" | "DMY" | "MDY";
export const ENCODINGS: readonly Encoding[] = ["utf-8", "latin-1", "utf-16"];
export const DATE_ORDERS: readonly DateOrder[] = ["auto", "DMY", "MDY"];

export interface SegmentationConfig {
  /** Feature columns the clustering uses, in order. */
  features: string[];
  /** Features transformed with log1p before scaling (skewed money and counts). */
  log: string[];
  scale: Scaling;
  k: number;
  seed: number;
  /** Restarts from different seeded starts; the lowest inertia wins. */
  nInit: number;
  /** Segment name overrides, keyed by segment number (as a string) in the published order. */
  names: Record<string, string>;
  /** Recommended-action overrides, keyed by segment number. */
  actions: Record<string, string>;
}

export interface WorkbenchConfig {
  inputs: { transactions: string; customers?: string };
  columns: {
    /** Role → column name in the transactions export; unset roles are recognised by common names. */
    transactions: Partial<Record<TransactionRole, string>>;
    customers: { customer_id?: string };
  };
  ingest: {
    /** Order ids starting with this prefix are cancellations (kept as returns). */
    cancelPrefix: string;
    /** Product codes that are not products (postage, fees, adjustments): kept, flagged, left out of product metrics. */
    nonProductCodes: string[];
    /** Drop exact duplicate lines (counted as rejected with reason "duplicate"). */
    dropDuplicates: boolean;
    /** CSV delimiter; null sniffs it. */
    delimiter: string | null;
    /** Text encoding of CSV exports: utf-8, latin-1 or utf-16. */
    encoding: Encoding;
    /** How to read dates like 03/04/2024: day first, month first, or decided from the data. */
    dateOrder: DateOrder;
    /** Decimal separator of numbers: "." (1,234.50) or "," (1.234,50). */
    decimalSeparator: "." | ",";
  };
  /** Customer columns that hold personal data: never passed to pages or the published report. */
  pii: string[];
  features: {
    /** Analysis date (YYYY-MM-DD); null means the day after the last transaction. */
    asOf: string | null;
  };
  segmentation: SegmentationConfig;
}

export const DEFAULT_CONFIG: WorkbenchConfig = {
  inputs: { transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" },
  columns: { transactions: {}, customers: {} },
  ingest: {
    cancelPrefix: "C",
    nonProductCodes: ["POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE"],
    dropDuplicates: true,
    delimiter: null,
    encoding: "utf-8",
    dateOrder: "auto",
    decimalSeparator: ".",
  },
  pii: ["first_name", "last_name", "name", "email", "phone", "address", "street", "postcode", "zip"],
  features: { asOf: null },
  segmentation: {
    features: ["recency_days", "frequency", "monetary"],
    log: ["frequency", "monetary"],
    scale: "zscore",
    k: 5,
    seed: 42,
    nInit: 4,
    names: {},
    actions: {},
  },
};

export class ConfigError extends Error {
  constructor(source: string, key: string, message: string) {
    super(`${source}: ${key}: ${message}`);
    this.name = "ConfigError";
  }
}

const SCALINGS: readonly Scaling[] = ["zscore", "robust", "minmax", "none"];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, source: string, key: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new ConfigError(source, key, `expected a list of strings, got ${JSON.stringify(value)}`);
  }
  return value;
}

function stringMap(value: unknown, source: string, key: string): Record<string, string> {
  if (!isRecord(value) || !Object.values(value).every((v) => typeof v === "string")) {
    throw new ConfigError(source, key, `expected an object of strings, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, string>;
}

function parseReadOptions(ingest: Record<string, unknown>, source: string) {
  const d = DEFAULT_CONFIG.ingest;
  const delimiter = ingest.delimiter ?? d.delimiter;
  if (delimiter !== null && (typeof delimiter !== "string" || delimiter.length !== 1)) {
    throw new ConfigError(source, "ingest.delimiter", `expected one character or null (sniffed), got ${JSON.stringify(delimiter)}`);
  }
  const encoding = ingest.encoding ?? d.encoding;
  if (!ENCODINGS.includes(encoding as Encoding)) throw new ConfigError(source, "ingest.encoding", `expected one of ${ENCODINGS.join(", ")}`);
  const dateOrder = ingest.dateOrder ?? d.dateOrder;
  if (!DATE_ORDERS.includes(dateOrder as DateOrder)) throw new ConfigError(source, "ingest.dateOrder", `expected one of ${DATE_ORDERS.join(", ")}`);
  const decimalSeparator = ingest.decimalSeparator ?? d.decimalSeparator;
  if (decimalSeparator !== "." && decimalSeparator !== ",") throw new ConfigError(source, "ingest.decimalSeparator", `expected "." or ","`);
  return { delimiter: delimiter as string | null, encoding: encoding as Encoding, dateOrder: dateOrder as DateOrder, decimalSeparator: decimalSeparator as "." | "," };
}

/** Merges a parsed config file over the defaults and validates every key it sets. */
export function parseConfig(raw: unknown, source = "workbench.config.json"): WorkbenchConfig {
  if (!isRecord(raw)) throw new ConfigError(source, "(root)", "expected a JSON object");
  const known = ["$comment", "inputs", "columns", "ingest", "pii", "features", "segmentation"];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) throw new ConfigError(source, key, `unknown key; expected one of ${known.join(", ")}`);
  }
  const d = DEFAULT_CONFIG;
  const inputs = isRecord(raw.inputs) ? raw.inputs : {};
  const transactions = inputs.transactions ?? d.inputs.transactions;
  if (typeof transactions !== "string" || !transactions) {
    throw new ConfigError(source, "inputs.transactions", "expected the path of the transactions export");
  }
  const customers = "customers" in inputs ? inputs.customers : d.inputs.customers;
  if (customers !== undefined && customers !== null && typeof customers !== "string") {
    throw new ConfigError(source, "inputs.customers", "expected a path, or null for no customers export");
  }
  const columns = isRecord(raw.columns) ? raw.columns : {};
  const txColumns = stringMap(columns.transactions ?? {}, source, "columns.transactions");
  for (const role of Object.keys(txColumns)) {
    if (!(TRANSACTION_ROLES as readonly string[]).includes(role)) {
      throw new ConfigError(source, `columns.transactions.${role}`, `unknown role; roles are ${TRANSACTION_ROLES.join(", ")}`);
    }
  }
  const customerColumns = stringMap(columns.customers ?? {}, source, "columns.customers");
  const ingest = isRecord(raw.ingest) ? raw.ingest : {};
  const features = isRecord(raw.features) ? raw.features : {};
  const asOf = features.asOf ?? d.features.asOf;
  if (asOf !== null && (typeof asOf !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(asOf))) {
    throw new ConfigError(source, "features.asOf", `expected YYYY-MM-DD or null, got ${JSON.stringify(asOf)}`);
  }
  const seg = isRecord(raw.segmentation) ? raw.segmentation : {};
  const segmentation: SegmentationConfig = {
    features: stringList(seg.features ?? d.segmentation.features, source, "segmentation.features"),
    log: stringList(seg.log ?? d.segmentation.log, source, "segmentation.log"),
    scale: (seg.scale ?? d.segmentation.scale) as Scaling,
    k: Number(seg.k ?? d.segmentation.k),
    seed: Number(seg.seed ?? d.segmentation.seed),
    nInit: Number(seg.nInit ?? d.segmentation.nInit),
    names: stringMap(seg.names ?? {}, source, "segmentation.names"),
    actions: stringMap(seg.actions ?? {}, source, "segmentation.actions"),
  };
  if (!SCALINGS.includes(segmentation.scale)) {
    throw new ConfigError(source, "segmentation.scale", `expected one of ${SCALINGS.join(", ")}`);
  }
  if (!Number.isInteger(segmentation.k) || segmentation.k < 2 || segmentation.k > 10) {
    throw new ConfigError(source, "segmentation.k", "expected a whole number from 2 to 10");
  }
  if (!Number.isInteger(segmentation.seed)) throw new ConfigError(source, "segmentation.seed", "expected a whole number");
  if (!Number.isInteger(segmentation.nInit) || segmentation.nInit < 1) {
    throw new ConfigError(source, "segmentation.nInit", "expected a whole number ≥ 1");
  }
  if (segmentation.features.length === 0) throw new ConfigError(source, "segmentation.features", "choose at least one feature");
  for (const f of segmentation.log) {
    if (!segmentation.features.includes(f)) {
      throw new ConfigError(source, "segmentation.log", `"${f}" is not one of segmentation.features`);
    }
  }
  return {
    inputs: { transactions, ...(typeof customers === "string" ? { customers } : {}) },
    columns: { transactions: txColumns, customers: customerColumns },
    ingest: {
      cancelPrefix: String(ingest.cancelPrefix ?? d.ingest.cancelPrefix),
      nonProductCodes: stringList(ingest.nonProductCodes ?? d.ingest.nonProductCodes, source, "ingest.nonProductCodes"),
      dropDuplicates: Boolean(ingest.dropDuplicates ?? d.ingest.dropDuplicates),
      ...parseReadOptions(ingest, source),
    },
    pii: stringList(raw.pii ?? d.pii, source, "pii"),
    features: { asOf: asOf as string | null },
    segmentation,
  };
}
