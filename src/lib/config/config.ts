/**
 * The committed workbench config: where the exports are, how their columns map to roles,
 * how they are cleaned, and the segmentation to publish. Pure: parsing and validation only,
 * so the Node pipeline, the CLI, the pages and the tests read it the same way.
 */

import { ARCHETYPES, PLAY_FIELDS, type Archetype, type Play, type PlaybookOverrides, type PlayOverride } from "../segments/playbook.js";

export const TRANSACTION_ROLES = [
  "customer_id",
  "order_id",
  "timestamp",
  "product_id",
  "product_name",
  "category",
  "quantity",
  "unit_price",
  "amount",
  "currency",
] as const;
export type TransactionRole = (typeof TRANSACTION_ROLES)[number];

export type Scaling = "zscore" | "robust" | "minmax" | "none";
export type Encoding = "utf-8" | "latin-1" | "utf-16";
export type DateOrder = "auto" | "DMY" | "MDY";
export const ENCODINGS: readonly Encoding[] = ["utf-8", "latin-1", "utf-16"];
export const DATE_ORDERS: readonly DateOrder[] = ["auto", "DMY", "MDY"];

/** ingest.delimiter: one character, "whitespace" (runs of spaces and tabs, for aligned columns) or null (sniffed). */
export type Delimiter = string | "whitespace" | null;

/** One column of a fixed-width export: its name, first character (1 = the start of the line) and width in characters. */
export interface FixedWidthColumn {
  name: string;
  start: number;
  width: number;
}

/** ingest.dropDuplicates: "auto" drops exact duplicate lines only when an order id is mapped. */
export type DuplicatePolicy = "auto" | boolean;

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
  /**
   * Recommended-action overrides, keyed by segment number: the action text, or an object with any of
   * description, action, channel, avoid, kpi.
   */
  actions: Record<string, PlayOverride>;
}

export interface ReportConfig {
  /** Segments are rebuilt this many days before the as-of date to show where customers moved (1–3650). */
  previousAsOfDays: number;
  /** Put the customer_id,segment CSV in the published site (dist/data/segment-export.csv). */
  publishExport: boolean;
  /** ISO 4217 code of the money in the exports (e.g. "GBP"), shown with every amount; null when unknown. */
  currency: string | null;
}

/** Inclusive score range [low, high], each 1–5. */
export type ScoreRange = [number, number];

/** One named RFM segment: customers whose R, F and M scores all fall in the ranges. */
export interface RfmRule {
  name: string;
  r: ScoreRange;
  f: ScoreRange;
  m: ScoreRange;
}

export interface RfmConfig {
  /** Tried in order; the first rule a customer matches names their segment. */
  segments: RfmRule[];
  /** Segment of customers that match no rule. */
  other: string;
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
    /**
     * Drop exact duplicate lines (counted as rejected with reason "duplicate"). "auto": only when an order
     * id is mapped; without one, identical lines are most likely real repeat purchases, so they are kept
     * and counted.
     */
    dropDuplicates: DuplicatePolicy;
    /** CSV delimiter; "whitespace" splits on runs of spaces and tabs (aligned columns); null sniffs it. */
    delimiter: Delimiter;
    /** Columns of a fixed-width transactions export, or null. Names come from here, not from a header. */
    fixedWidth: FixedWidthColumn[] | null;
    /** Whether the transactions export's first line is a header; false needs columnNames (or fixedWidth). */
    header: boolean;
    /** Column names of a transactions export without a header row (ingest.header false), in file order. */
    columnNames: string[] | null;
    /** A run stops when an input's rejected rows exceed this share of its rows read (0–1). */
    maxRejectedShare: number;
    /** IANA time zone of timestamps written without an offset (local times); they are converted to UTC. */
    timezone: string;
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
    /** Top categories by revenue that get a share_<category> column (0–20). */
    topCategories: number;
  };
  segmentation: SegmentationConfig;
  rfm: RfmConfig;
  /** Edits to the built-in playbook (src/lib/segments/playbook.ts), by archetype. */
  playbook: PlaybookOverrides;
  report: ReportConfig;
}

export const DEFAULT_CONFIG: WorkbenchConfig = {
  inputs: { transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" },
  columns: { transactions: {}, customers: {} },
  ingest: {
    cancelPrefix: "C",
    nonProductCodes: ["POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE"],
    dropDuplicates: "auto",
    delimiter: null,
    fixedWidth: null,
    header: true,
    columnNames: null,
    maxRejectedShare: 0.5,
    timezone: "UTC",
    encoding: "utf-8",
    dateOrder: "auto",
    decimalSeparator: ".",
  },
  pii: ["first_name", "last_name", "name", "email", "phone", "address", "street", "postcode", "zip"],
  features: { asOf: null, topCategories: 5 },
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
  // The classic RFM scheme's score ranges, ordered so that every named segment can be reached.
  rfm: {
    segments: [
      { name: "Champions", r: [4, 5], f: [4, 5], m: [4, 5] },
      { name: "Loyal Customers", r: [2, 5], f: [3, 5], m: [3, 5] },
      { name: "New Customers", r: [4, 5], f: [1, 1], m: [1, 1] },
      { name: "Promising", r: [3, 4], f: [1, 1], m: [1, 1] },
      { name: "Potential Loyalist", r: [3, 5], f: [1, 3], m: [1, 3] },
      { name: "Need Attention", r: [2, 3], f: [2, 3], m: [2, 3] },
      { name: "About To Sleep", r: [2, 3], f: [1, 2], m: [1, 2] },
      { name: "Can't Lose Them", r: [1, 1], f: [4, 5], m: [4, 5] },
      { name: "At Risk", r: [1, 2], f: [2, 5], m: [2, 5] },
      { name: "Lost", r: [1, 2], f: [1, 2], m: [1, 2] },
    ],
    other: "Others",
  },
  playbook: {},
  report: { previousAsOfDays: 90, publishExport: false, currency: null },
};

export class ConfigError extends Error {
  constructor(source: string, key: string, message: string) {
    super(`${source}: ${key}: ${message}`);
    this.name = "ConfigError";
  }
}

export const SCALINGS: readonly Scaling[] = ["zscore", "robust", "minmax", "none"];

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
  if (delimiter !== null && (typeof delimiter !== "string" || (delimiter.length !== 1 && delimiter !== "whitespace"))) {
    throw new ConfigError(source, "ingest.delimiter", `expected one character, "whitespace" (aligned columns) or null (sniffed), got ${JSON.stringify(delimiter)}`);
  }
  if (delimiter === "\n" || delimiter === "\r" || delimiter === '"') {
    throw new ConfigError(source, "ingest.delimiter", `${JSON.stringify(delimiter)} cannot separate fields; expected another character, "whitespace" or null`);
  }
  const encoding = ingest.encoding ?? d.encoding;
  if (!ENCODINGS.includes(encoding as Encoding)) throw new ConfigError(source, "ingest.encoding", `expected one of ${ENCODINGS.join(", ")}`);
  const dateOrder = ingest.dateOrder ?? d.dateOrder;
  if (!DATE_ORDERS.includes(dateOrder as DateOrder)) throw new ConfigError(source, "ingest.dateOrder", `expected one of ${DATE_ORDERS.join(", ")}`);
  const decimalSeparator = ingest.decimalSeparator ?? d.decimalSeparator;
  if (decimalSeparator !== "." && decimalSeparator !== ",") throw new ConfigError(source, "ingest.decimalSeparator", `expected "." or ","`);
  const fixedWidth = parseFixedWidth(ingest.fixedWidth ?? d.fixedWidth, source);
  if (fixedWidth && delimiter !== null) {
    throw new ConfigError(source, "ingest.fixedWidth", "a fixed-width export has no delimiter: set ingest.delimiter to null (or leave it out)");
  }
  const header = ingest.header ?? d.header;
  if (typeof header !== "boolean") throw new ConfigError(source, "ingest.header", `expected true (the first line names the columns) or false, got ${JSON.stringify(header)}`);
  const columnNames = ingest.columnNames ?? d.columnNames;
  if (columnNames !== null) {
    const names = stringList(columnNames, source, "ingest.columnNames");
    uniqueNames(names, source, "ingest.columnNames");
    if (header) throw new ConfigError(source, "ingest.columnNames", "is only read when ingest.header is false (the export has no header row); set ingest.header to false, or remove ingest.columnNames");
    if (fixedWidth) throw new ConfigError(source, "ingest.columnNames", "a fixed-width export takes its column names from ingest.fixedWidth; remove ingest.columnNames");
  } else if (!header && !fixedWidth) {
    throw new ConfigError(source, "ingest.columnNames", "ingest.header is false, so the export has no header row: list its column names in file order, e.g. [\"customer_id\", \"date\", \"quantity\", \"amount\"]");
  }
  const maxRejectedShare = ingest.maxRejectedShare ?? d.maxRejectedShare;
  if (typeof maxRejectedShare !== "number" || !(maxRejectedShare >= 0 && maxRejectedShare <= 1)) {
    throw new ConfigError(source, "ingest.maxRejectedShare", `expected a share from 0 to 1 (0.5 stops a run that rejects more than half an input's rows), got ${JSON.stringify(maxRejectedShare)}`);
  }
  const timezone = ingest.timezone ?? d.timezone;
  if (typeof timezone !== "string" || !isTimeZone(timezone)) {
    throw new ConfigError(source, "ingest.timezone", `expected an IANA time zone name such as "UTC", "Europe/London" or "America/New_York", got ${JSON.stringify(timezone)}`);
  }
  return {
    delimiter: delimiter as Delimiter,
    fixedWidth,
    header,
    columnNames: columnNames as string[] | null,
    maxRejectedShare,
    timezone,
    encoding: encoding as Encoding,
    dateOrder: dateOrder as DateOrder,
    decimalSeparator: decimalSeparator as "." | ",",
  };
}

/** A time zone name the platform's ICU data knows (the pipeline checks DuckDB's ICU knows it too). */
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
function uniqueNames(names: string[], source: string, key: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!name.trim()) throw new ConfigError(source, key, "expected non-empty column names");
    if (seen.has(name.toLowerCase())) throw new ConfigError(source, key, `"${name}" is listed twice (names are compared ignoring case)`);
    seen.add(name.toLowerCase());
  }
}

function parseFixedWidth(value: unknown, source: string): FixedWidthColumn[] | null {
  if (value === null) return null;
  const example = `[{"name": "customer_id", "start": 1, "width": 5}, {"name": "date", "start": 7, "width": 8}]`;
  if (!Array.isArray(value) || value.length === 0) throw new ConfigError(source, "ingest.fixedWidth", `expected a list of columns like ${example}, or null`);
  const columns = value.map((column: unknown, i: number): FixedWidthColumn => {
    const key = `ingest.fixedWidth[${i}]`;
    if (!isRecord(column)) throw new ConfigError(source, key, `expected {"name": …, "start": …, "width": …}, got ${JSON.stringify(column)}`);
    for (const k of Object.keys(column)) {
      if (!["name", "start", "width"].includes(k)) throw new ConfigError(source, `${key}.${k}`, "unknown key; a column has name, start (1 = first character) and width");
    }
    if (typeof column.name !== "string") throw new ConfigError(source, `${key}.name`, "expected the column's name");
    if (!Number.isInteger(column.start) || (column.start as number) < 1) throw new ConfigError(source, `${key}.start`, `expected the column's first character as a whole number ≥ 1 (1 = the start of the line), got ${JSON.stringify(column.start)}`);
    if (!Number.isInteger(column.width) || (column.width as number) < 1) throw new ConfigError(source, `${key}.width`, `expected the column's width in characters, a whole number ≥ 1, got ${JSON.stringify(column.width)}`);
    return { name: column.name, start: column.start as number, width: column.width as number };
  });
  uniqueNames(columns.map((c) => c.name), source, "ingest.fixedWidth");
  const sorted = columns.map((c, i) => ({ ...c, i })).sort((a, b) => a.start - b.start);
  for (let j = 1; j < sorted.length; j++) {
    const before = sorted[j - 1];
    if (sorted[j].start < before.start + before.width) {
      throw new ConfigError(source, `ingest.fixedWidth[${sorted[j].i}]`, `"${sorted[j].name}" (from character ${sorted[j].start}) overlaps "${before.name}" (characters ${before.start}–${before.start + before.width - 1})`);
    }
  }
  return columns;
}

function parseDuplicatePolicy(value: unknown, source: string): DuplicatePolicy {
  if (value === "auto" || typeof value === "boolean") return value;
  throw new ConfigError(source, "ingest.dropDuplicates", `expected "auto" (drop exact duplicate lines only when an order id is mapped), true or false, got ${JSON.stringify(value)}`);
}

function scoreRange(value: unknown, source: string, key: string): ScoreRange {
  if (value === undefined) return [1, 5];
  if (
    !Array.isArray(value) || value.length !== 2 ||
    !value.every((v) => Number.isInteger(v) && v >= 1 && v <= 5) || value[0] > value[1]
  ) {
    throw new ConfigError(source, key, `expected [low, high] with whole scores 1 to 5 and low ≤ high, got ${JSON.stringify(value)}`);
  }
  return [value[0], value[1]];
}

function parseRfm(raw: unknown, source: string): RfmConfig {
  const d = DEFAULT_CONFIG.rfm;
  if (raw === undefined) return { segments: d.segments.map((s) => ({ ...s })), other: d.other };
  if (!isRecord(raw)) throw new ConfigError(source, "rfm", "expected an object with segments and other");
  for (const key of Object.keys(raw)) {
    if (!["$comment", "segments", "other"].includes(key)) throw new ConfigError(source, `rfm.${key}`, "unknown key; expected segments, other");
  }
  const other = raw.other ?? d.other;
  if (typeof other !== "string" || !other.trim()) throw new ConfigError(source, "rfm.other", "expected the name of the segment for customers that match no rule");
  const list = raw.segments ?? d.segments;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError(source, "rfm.segments", "expected a non-empty list of rules like {\"name\": \"Champions\", \"r\": [4, 5], \"f\": [4, 5], \"m\": [4, 5]}");
  const seen = new Set([other]);
  const segments = list.map((rule: unknown, i: number): RfmRule => {
    const key = `rfm.segments[${i}]`;
    if (!isRecord(rule)) throw new ConfigError(source, key, `expected an object with name, r, f, m, got ${JSON.stringify(rule)}`);
    for (const k of Object.keys(rule)) {
      if (!["name", "r", "f", "m"].includes(k)) throw new ConfigError(source, `${key}.${k}`, "unknown key; a rule has name, r, f, m");
    }
    if (typeof rule.name !== "string" || !rule.name.trim()) throw new ConfigError(source, `${key}.name`, "expected a segment name");
    if (seen.has(rule.name)) throw new ConfigError(source, `${key}.name`, `"${rule.name}" is used twice (rules and rfm.other need distinct names)`);
    seen.add(rule.name);
    return { name: rule.name, r: scoreRange(rule.r, source, `${key}.r`), f: scoreRange(rule.f, source, `${key}.f`), m: scoreRange(rule.m, source, `${key}.m`) };
  });
  return { segments, other };
}

function parsePlay(value: unknown, source: string, key: string): Partial<Play> {
  if (!isRecord(value)) {
    throw new ConfigError(source, key, `expected an object with any of ${PLAY_FIELDS.join(", ")}, got ${JSON.stringify(value)}`);
  }
  for (const [field, text] of Object.entries(value)) {
    if (field === "$comment") continue;
    if (!(PLAY_FIELDS as readonly string[]).includes(field)) throw new ConfigError(source, `${key}.${field}`, `unknown field; a play has ${PLAY_FIELDS.join(", ")}`);
    if (typeof text !== "string" || !text.trim()) throw new ConfigError(source, `${key}.${field}`, `expected text, got ${JSON.stringify(text)}`);
  }
  const { $comment: _, ...play } = value;
  return play as Partial<Play>;
}

function parsePlaybook(raw: unknown, source: string): PlaybookOverrides {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new ConfigError(source, "playbook", `expected an object keyed by archetype (${ARCHETYPES.join(", ")})`);
  const out: PlaybookOverrides = {};
  for (const [archetype, play] of Object.entries(raw)) {
    if (archetype === "$comment") continue;
    if (!(ARCHETYPES as string[]).includes(archetype)) throw new ConfigError(source, `playbook.${archetype}`, `unknown archetype; archetypes are ${ARCHETYPES.join(", ")}`);
    out[archetype as Archetype] = parsePlay(play, source, `playbook.${archetype}`);
  }
  return out;
}

/** Per-segment overrides are keyed by segment number: "0" (the largest) to k − 1. */
function segmentKeys(map: Record<string, unknown>, k: number, source: string, key: string): void {
  for (const segment of Object.keys(map)) {
    if (!/^\d+$/.test(segment) || Number(segment) >= k) {
      throw new ConfigError(source, `${key}.${segment}`, `expected a segment number from 0 (the largest) to ${k - 1} (segmentation.k is ${k})`);
    }
  }
}

function parseActions(raw: unknown, k: number, source: string): Record<string, PlayOverride> {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new ConfigError(source, "segmentation.actions", `expected an object keyed by segment number, got ${JSON.stringify(raw)}`);
  segmentKeys(raw, k, source, "segmentation.actions");
  const out: Record<string, PlayOverride> = {};
  for (const [segment, value] of Object.entries(raw)) {
    const key = `segmentation.actions.${segment}`;
    if (typeof value === "string") {
      if (!value.trim()) throw new ConfigError(source, key, "expected the action text, or an object of play fields");
      out[segment] = value;
    } else {
      out[segment] = parsePlay(value, source, key);
    }
  }
  return out;
}

function parseReport(raw: unknown, source: string): ReportConfig {
  const d = DEFAULT_CONFIG.report;
  if (raw === undefined) return { ...d };
  if (!isRecord(raw)) throw new ConfigError(source, "report", "expected an object with previousAsOfDays, publishExport, currency");
  for (const key of Object.keys(raw)) {
    if (!["$comment", "previousAsOfDays", "publishExport", "currency"].includes(key)) throw new ConfigError(source, `report.${key}`, "unknown key; expected previousAsOfDays, publishExport, currency");
  }
  const previousAsOfDays = raw.previousAsOfDays ?? d.previousAsOfDays;
  if (!Number.isInteger(previousAsOfDays) || (previousAsOfDays as number) < 1 || (previousAsOfDays as number) > 3650) {
    throw new ConfigError(source, "report.previousAsOfDays", `expected a whole number of days from 1 to 3650, got ${JSON.stringify(previousAsOfDays)}`);
  }
  const publishExport = raw.publishExport ?? d.publishExport;
  if (typeof publishExport !== "boolean") {
    throw new ConfigError(source, "report.publishExport", `expected true or false, got ${JSON.stringify(publishExport)}`);
  }
  const currency = raw.currency ?? d.currency;
  if (currency !== null && (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency))) {
    throw new ConfigError(source, "report.currency", `expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got ${JSON.stringify(currency)}`);
  }
  return { previousAsOfDays: previousAsOfDays as number, publishExport, currency };
}

/** Merges a parsed config file over the defaults and validates every key it sets. */
export function parseConfig(raw: unknown, source = "workbench.config.json"): WorkbenchConfig {
  if (!isRecord(raw)) throw new ConfigError(source, "(root)", "expected a JSON object");
  const known = ["$comment", "inputs", "columns", "ingest", "pii", "features", "segmentation", "rfm", "playbook", "report"];
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
  const topCategories = features.topCategories ?? d.features.topCategories;
  if (!Number.isInteger(topCategories) || (topCategories as number) < 0 || (topCategories as number) > 20) {
    throw new ConfigError(source, "features.topCategories", `expected a whole number from 0 to 20, got ${JSON.stringify(topCategories)}`);
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
    actions: {},
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
  segmentKeys(segmentation.names, segmentation.k, source, "segmentation.names");
  segmentation.actions = parseActions(seg.actions, segmentation.k, source);
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
      dropDuplicates: parseDuplicatePolicy(ingest.dropDuplicates ?? d.ingest.dropDuplicates, source),
      ...parseReadOptions(ingest, source),
    },
    pii: stringList(raw.pii ?? d.pii, source, "pii"),
    features: { asOf: asOf as string | null, topCategories: topCategories as number },
    segmentation,
    rfm: parseRfm(raw.rfm, source),
    playbook: parsePlaybook(raw.playbook, source),
    report: parseReport(raw.report, source),
  };
}
