/**
 * The `cluster` command: k-means, or k-prototypes when a column is categorical, over chosen columns
 * of a features file (Parquet or CSV with an id column), with the same pure modules the report and
 * the workbench run.
 *
 *   cluster --features FILE --columns a,b,c --k K [--id COLUMN] [--categorical x,y] [--gamma G]
 *           [--missing exclude|median|mode|indicator] [--seed S] [--n-init N] [--scale zscore|robust|minmax|none]
 *           [--log a,b] [--winsorize 1,99 | a:1:99,b:0:95] [--threads N] [--mini-batch [SIZE]] --out DIR
 *     writes DIR/assignments.parquet (customer_id, cluster; not_segmented when rows are left out) and DIR/model.json;
 *     with --k 2..10, a fit for every k, DIR/sweep.json (the measures per k and the recommended k),
 *     and the assignments and model for the recommended k.
 *   cluster --features FILE --model DIR/model.json [--id COLUMN] --out DIR
 *     assigns the rows of FILE (new customers, say) to the model's segments: DIR/assignments.parquet.
 *
 * The method and the handling of blanks are the config path's (`segmentCustomers`): k-means when every
 * column is numeric (a text column, or one listed in --categorical, is categorical) and --missing is
 * not indicator, k-prototypes (`runAttributeSegmentation`) otherwise; blanks are excluded (the rows get
 * no cluster and their reason in not_segmented, counted), filled or flagged, never read as 0.
 * The k-means fit runs on every core (parallel.ts) with the one-core result; a sweep's k-means runs on one.
 * --mini-batch [SIZE] fits mini-batch k-means instead (src/lib/cluster/minibatch.ts; SIZE rows a step,
 * default 1024), for inputs too large for full iterations.
 * Rows keep the file's order. Every output file is written under a temporary name and renamed into
 * place, so a failed run never leaves a half-written file.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { SCALINGS, type Scaling } from "../../src/lib/config/config.js";
import { closestKey } from "../../src/lib/config/suggest.js";
import { describeClusters } from "../../src/lib/cluster/describe.js";
import { assign } from "../../src/lib/cluster/kmeans.js";
import { evaluate } from "../../src/lib/cluster/metrics.js";
import { applyMissing, categoryValue, DEFAULT_MISSING_STRATEGY, fitMissing, isMissing, MISSING_STRATEGIES, type FeatureKind, type FeatureSpec, type MissingPlan, type MissingResult, type MissingStrategy } from "../../src/lib/cluster/missing.js";
import { evaluateMixed, sweepMixed } from "../../src/lib/cluster/mixedMeasures.js";
import { applyModel, prepare, toOriginalUnits, type PreparedModel, type WinsorizeOption } from "../../src/lib/cluster/prepare.js";
import { recognisedIdColumn } from "../../src/lib/ingest/columns.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { sweep, type SweepResult } from "../../src/lib/cluster/sweep.js";
import { miniBatchKMeans } from "../../src/lib/cluster/minibatch.js";
import { assignAttributeSegments, runAttributeSegmentation, type AttributeSegmentationResult } from "../../src/lib/segments/attributeSegmentation.js";
import { columnKind, strayTextMessage } from "../../src/lib/segments/featureKinds.js";
import { chooseMethod, clusteringMatrix } from "../../src/lib/segments/customerSegmentation.js";
import { attributeModelOf, isMixedModelFile, mixedModelFile, type MixedModelFile } from "../../src/lib/segments/mixedModelFile.js";
import { kmeansParallel } from "./parallel.js";


export interface ClusterOptions {
  /** Parquet or CSV file with an id column. */
  features: string;
  columns: string[];
  /** The id column; default: the first column named as ingest recognises a customer id. */
  id?: string;
  /** Columns clustered as categories although their values are numbers (codes); text columns are categorical anyway. */
  categorical?: string[];
  /** Weight of one categorical mismatch (k-prototypes); default Huang's, half the mean standard deviation of the scaled numeric columns. */
  gamma?: number;
  /** Blanks in a clustered column (segmentation.missing's strategies); default exclude. */
  missing?: MissingStrategy;
  /** One k, or a range to sweep (the recommended k is then written). */
  k: number | { min: number; max: number };
  seed?: number;
  nInit?: number;
  scale?: Scaling;
  log?: string[];
  winsorize?: WinsorizeOption;
  silhouetteSample?: number;
  /** Threads for the k-means fit (default: every core, os.availableParallelism()); the result is the same with any number. */
  threads?: number;
  /** Mini-batch k-means with batches of this many rows instead of full Lloyd iterations (one k only). */
  miniBatch?: number;
  out: string;
}

/** model.json of a k-means fit: enough to reproduce the assignments and to assign new customers. */
export interface ClusterModelFile {
  k: number;
  seed: number;
  n_init: number;
  input: string;
  /** Input rows (all of them clustered unless `missing` says otherwise). */
  rows: number;
  columns: string[];
  scaling: Scaling;
  /** Per column, in order: winsorizing percentiles and clip bounds, log, then (x − center) / scale. */
  transforms: PreparedModel["features"];
  /** Centroids in original units (clipping aside), by column. */
  centroids: Record<string, number>[];
  /** Centroids in the prepared space, where new rows are assigned to the nearest one. */
  centroids_prepared: number[][];
  sizes: number[];
  names: string[];
  inertia: number;
  /** "lloyd" (full k-means) or "mini-batch" (with batch_size rows a step; iterations then counts steps). */
  algorithm: "lloyd" | "mini-batch";
  batch_size: number | null;
  silhouette: number | null;
  silhouette_rows: number;
  calinski_harabasz: number | null;
  davies_bouldin: number | null;
  variance_explained: number;
  f_statistics: Record<string, number | null>;
  iterations: number;
  /** The input's id column, when it is not customer_id. */
  id_column?: string;
  /** When the input had blanks or --missing was given: the rows clustered and the blanks' accounting. */
  clustered?: number;
  missing?: KMeansMissingSection;
}

export interface ClusterRun {
  model: ClusterModelFile | MixedModelFile;
  sweep: SweepResult | null;
  files: string[];
  method: "k-means" | "k-prototypes";
  /** Rows not segmented per reason ("missing annual income" → 60). */
  notSegmented: Record<string, number>;
  /** Categorical features (k-prototypes) and their number of categories. */
  categories: Record<string, number>;
}

/** "4" → 4; "2..10" → {min: 2, max: 10}. */
export function parseK(text: string): number | { min: number; max: number } {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min < 2 || max < min) throw new Error(`--k ${text}: expected a range like 2..10 (from at least 2)`);
    return { min, max };
  }
  const k = Number(text);
  if (!Number.isInteger(k) || k < 2) throw new Error(`--k ${text}: expected a whole number ≥ 2 or a range like 2..10`);
  return k;
}

/** "1,99" (every column) or "a:1:99,b:0:95" (per column) → winsorizing percentiles. */
export function parseWinsorize(text: string): WinsorizeOption {
  const number = (s: string) => {
    const x = Number(s);
    if (s.trim() === "" || !Number.isFinite(x)) throw new Error(`--winsorize ${text}: "${s}" is not a number`);
    return x;
  };
  if (!text.includes(":")) {
    const parts = text.split(",");
    if (parts.length !== 2) throw new Error(`--winsorize ${text}: expected LOW,HIGH percentiles (e.g. 1,99) or column:LOW:HIGH,…`);
    return [number(parts[0]), number(parts[1])];
  }
  const out: Record<string, [number, number]> = {};
  for (const part of text.split(",")) {
    const [name, low, high, ...rest] = part.split(":");
    if (!name || low === undefined || high === undefined || rest.length) throw new Error(`--winsorize ${text}: expected column:LOW:HIGH, got "${part}"`);
    out[name] = [number(low), number(high)];
  }
  return out;
}

/** NaN and ±Infinity are not JSON: null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

async function openConnection(): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

/** DuckDB column types read as numbers (CAST AS DOUBLE); any other column is read as text. */
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(.*\))?)$/i;

/** A loaded features file: the table `cluster_input` (file order kept in rowid), its columns and id column. */
export interface ClusterInput {
  file: string;
  /** Columns as in the file, and each one's DuckDB type. */
  columns: string[];
  types: Record<string, string>;
  /** The id column: --id, else the first name ingest recognises as a customer id. */
  idColumn: string;
  rows: number;
  /** A quoted reference to a column of cluster_input (a column named rowid is kept under another name). */
  ref(name: string): string;
}

/** " (did you mean "x"?)" when a column of the file is close to the unknown name. */
function didYouMean(unknown: string, present: readonly string[]): string {
  const close = closestKey(unknown, present);
  return close ? ` (did you mean "${close}"?)` : "";
}

/**
 * Loads FILE into the table `cluster_input` and finds its id column: `id` when given (it must exist),
 * else the first column named as ingest recognises a customer id (customer_id, CustomerID, account_id,
 * ID, …; a saved model's `preferred` id column first, when the file has it). Throws one line naming
 * the file, its columns and --id when there is none, and when an id is empty or on two rows.
 */
export async function loadClusterInput(connection: DuckDBConnection, file: string, id?: string, preferred?: string): Promise<ClusterInput> {
  if (!existsSync(file)) throw new Error(`${file}: not found`);
  const source = /\.parquet$/i.test(file) ? `read_parquet(${quoteLiteral(file)})` : `read_csv(${quoteLiteral(file)}, header = true)`;
  await connection.run(`CREATE OR REPLACE TABLE cluster_input AS SELECT * FROM ${source}`);
  const described = await rows<{ column_name: string; column_type: string }>(connection, "SELECT column_name, column_type FROM (DESCRIBE cluster_input)");
  const present = described.map((r) => r.column_name);
  const types = Object.fromEntries(described.map((r) => [r.column_name, r.column_type]));
  let idColumn: string;
  if (id !== undefined) {
    if (!present.includes(id)) throw new Error(`${file}: --id ${id}: no such column${didYouMean(id, present)} (columns: ${present.join(", ")})`);
    idColumn = id;
  } else if (preferred !== undefined && present.includes(preferred)) {
    // A saved model's id column, when the file has it.
    idColumn = preferred;
  } else {
    const recognised = recognisedIdColumn(present);
    if (!recognised) {
      throw new Error(`${file}: no id column (columns: ${present.join(", ")}): none is named like a customer id (customer_id, CustomerID, account_id, ID, …); name it with --id COLUMN`);
    }
    idColumn = recognised;
  }
  // A column named rowid (any case; customer attributes pass into features) would hide DuckDB's row
  // numbers, which keep the file's order: keep it under another name.
  const rowidColumn = present.find((c) => c.toLowerCase() === "rowid");
  if (rowidColumn) await connection.run(`ALTER TABLE cluster_input RENAME COLUMN ${quoteIdent(rowidColumn)} TO "__wb_rowid"`);
  const ref = (name: string) => quoteIdent(name === rowidColumn ? "__wb_rowid" : name);
  const [missingIds] = await rows<{ n: number; first: number | null; total: number }>(
    connection,
    `SELECT count(*) FILTER (WHERE ${ref(idColumn)} IS NULL OR trim(${ref(idColumn)}::VARCHAR) = '')::INTEGER AS n,
            (min(rowid) FILTER (WHERE ${ref(idColumn)} IS NULL OR trim(${ref(idColumn)}::VARCHAR) = '') + 1)::INTEGER AS first,
            count(*)::INTEGER AS total
     FROM cluster_input`,
  );
  if (missingIds.n > 0) throw new Error(`${file}: ${missingIds.n} rows have no ${idColumn} (first: data row ${missingIds.first})`);
  // Counts per id only (no list per id: a features file may have 10 million), then the first repeat's second row.
  const repeated = await rows<{ id: string; first: number; ids: number }>(
    connection,
    `SELECT id, first::INTEGER AS first, (count(*) OVER ())::INTEGER AS ids FROM (
       SELECT ${ref(idColumn)}::VARCHAR AS id, min(rowid) + 1 AS first FROM cluster_input GROUP BY 1 HAVING count(*) > 1) ORDER BY first LIMIT 1`,
  );
  if (repeated.length) {
    const [r] = repeated;
    const [second] = await rows<{ row: number }>(connection, `SELECT (rowid + 1)::INTEGER AS row FROM cluster_input WHERE ${ref(idColumn)}::VARCHAR = ${quoteLiteral(r.id)} ORDER BY rowid LIMIT 1 OFFSET 1`);
    const more = r.ids > 1 ? ` (and ${r.ids - 1} more ids repeat)` : "";
    throw new Error(`${file}: id column "${idColumn}": ${JSON.stringify(r.id)} is on data rows ${r.first} and ${second.row}${more}: each row needs its own id; name the id column with --id COLUMN`);
  }
  return { file, columns: present, types, idColumn, rows: missingIds.total, ref };
}

/** Throws naming the file for a chosen column it lacks (with a close name when there is one) or that is its id column. */
function checkColumns(input: ClusterInput, columns: readonly string[]): void {
  for (const name of columns) {
    if (!input.columns.includes(name)) throw new Error(`${input.file}: no column "${name}"${didYouMean(name, input.columns)} (columns: ${input.columns.join(", ")})`);
    if (name === input.idColumn) throw new Error(`${input.file}: column "${name}" is the id column: leave it out of --columns (or name another id column with --id)`);
  }
}

/** The chosen columns' values in file order: numbers (NULL: null) for numeric columns, text (or null) otherwise. */
export async function readRawColumns(connection: DuckDBConnection, input: ClusterInput, columns: readonly string[]): Promise<Record<string, (number | string | null)[]>> {
  checkColumns(input, columns);
  if (!columns.length) return {};
  const reader = await connection.runAndReadAll(
    `SELECT ${columns.map((c) => `CAST(${input.ref(c)} AS ${NUMERIC_TYPE.test(input.types[c]) ? "DOUBLE" : "VARCHAR"}) AS ${quoteIdent(c)}`).join(", ")} FROM cluster_input ORDER BY rowid`,
  );
  const read = reader.getColumnsJS() as (number | string | null)[][];
  return Object.fromEntries(columns.map((name, j) => [name, read[j]]));
}

/**
 * Checks what the pure modules would otherwise take in silently, and gives each column its kind
 * (`columnKind`, the config path's decision): a column of numbers with stray text in it (or
 * ±Infinity) stops with the file, column, first row, its id and value, how many there are and what to
 * do, as does a column with no value at all. A column that is mostly text is categorical; listed in
 * `categorical`, any values are. `numeric` (a saved model's numeric features) must hold numbers or blanks.
 */
export async function checkRawColumns(
  connection: DuckDBConnection,
  input: ClusterInput,
  values: Readonly<Record<string, readonly (number | string | null)[]>>,
  options: { categorical?: readonly string[]; numeric?: readonly string[] } = {},
): Promise<Record<string, FeatureKind>> {
  const forced = new Set(options.categorical ?? []);
  const numericOnly = new Set(options.numeric ?? []);
  const kinds: Record<string, FeatureKind> = {};
  for (const [name, column] of Object.entries(values)) {
    if (!forced.has(name) && column.every(isMissing)) throw new Error(`${input.file}: column "${name}": all ${column.length} rows are empty: leave it out of --columns`);
    const decided = columnKind(name, column, { categorical: forced.has(name), numeric: numericOnly.has(name) });
    if (decided.kind !== "stray text") {
      kinds[name] = decided.kind;
      continue;
    }
    const { row } = decided.stray.first;
    const [id] = await rows<{ id: string | null }>(connection, `SELECT ${input.ref(input.idColumn)}::VARCHAR AS id FROM cluster_input WHERE rowid = ${row}`);
    throw new Error(
      strayTextMessage(decided.stray, {
        subject: `${input.file}: column "${name}"`,
        at: `data row ${row + 1} (${input.idColumn} ${JSON.stringify(id?.id ?? "")})`,
        missingKey: "--missing",
        categorical: numericOnly.has(name) ? null : `give --categorical ${name}`,
      }),
    );
  }
  return kinds;
}

/**
 * Writes DIR/assignments.parquet in the input's row order: customer_id (the id column's values, as in
 * the input), cluster (null for a row not segmented) and, when a row is not segmented, not_segmented
 * (its reason, "missing annual income"; null for the others).
 */
async function writeAssignments(connection: DuckDBConnection, input: ClusterInput, labels: Int32Array, file: string, reasons?: (string | null)[]): Promise<void> {
  const withReasons = reasons?.some((r) => r !== null) ?? false;
  await connection.run(`CREATE OR REPLACE TABLE cluster_labels (row_index BIGINT, cluster INTEGER${withReasons ? ", not_segmented VARCHAR" : ""})`);
  const appender = await connection.createAppender("cluster_labels");
  for (let i = 0; i < labels.length; i++) {
    appender.appendBigInt(BigInt(i));
    if (labels[i] < 0) appender.appendNull();
    else appender.appendInteger(labels[i]);
    if (withReasons) {
      const reason = reasons![i];
      if (reason === null) appender.appendNull();
      else appender.appendVarchar(reason);
    }
    appender.endRow();
  }
  appender.closeSync();
  const temporary = `${file}.tmp-${process.pid}`;
  await connection.run(
    `COPY (SELECT i.${input.ref(input.idColumn)} AS customer_id, l.cluster${withReasons ? ", l.not_segmented" : ""} FROM cluster_input i JOIN cluster_labels l ON i.rowid = l.row_index ORDER BY l.row_index)
     TO ${quoteLiteral(temporary)} (FORMAT parquet)`,
  );
  await rename(temporary, file);
}

/**
 * What applyMissing gives for columns that are all numbers with no blank, without its per-row
 * bookkeeping (a features file of 10 million customers is the case it matters for); null otherwise.
 */
function completeNumbers(plan: MissingPlan, raw: Readonly<Record<string, readonly (number | string | null)[]>>): MissingResult | null {
  const names = plan.features.map((f) => f.name);
  const columns = names.map((name) => raw[name]);
  if (!columns.every((column) => column.every((v) => typeof v === "number" && !Number.isNaN(v)))) return null;
  const n = columns[0]?.length ?? 0;
  const zero = () => Object.fromEntries(names.map((name) => [name, 0]));
  return {
    plan,
    n,
    rows: Int32Array.from({ length: n }, (_, i) => i),
    numeric: Object.fromEntries(names.map((name, j) => [name, Float64Array.from(columns[j] as number[])])),
    categorical: {},
    indicators: {},
    missingByFeature: zero(),
    imputedByFeature: zero(),
    excluded: [],
    countsByReason: {},
  };
}

/** Each row's reason for not being segmented (null when it is), from the groups left out; undefined when none is. */
function rowReasons(n: number, groups: readonly { reason: string; rows: ArrayLike<number> }[]): (string | null)[] | undefined {
  if (!groups.some((g) => g.rows.length > 0)) return undefined;
  const reasons = new Array<string | null>(n).fill(null);
  for (const g of groups) for (let j = 0; j < g.rows.length; j++) reasons[g.rows[j]] = g.reason;
  return reasons;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(value, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2) + "\n");
  await rename(temporary, file);
}

/** The blanks' accounting of a k-means model.json (present when the input had blanks or --missing was given). */
export interface KMeansMissingSection {
  strategy: MissingStrategy;
  fill: Record<string, number | string>;
  missing_by_feature: Record<string, number>;
  imputed_by_feature: Record<string, number>;
  /** Rows not segmented per reason ("missing monetary" → 2): clustered + Σ = rows. */
  not_segmented: Record<string, number>;
}

function checkOptions(options: ClusterOptions, nInit: number, scale: Scaling, missing: MissingStrategy): void {
  const { columns, log = [], winsorize, categorical = [] } = options;
  if (!columns.length) throw new Error("--columns: choose at least one column");
  const twice = columns.find((c, i) => columns.indexOf(c) !== i);
  if (twice) throw new Error(`--columns: "${twice}" is listed twice`);
  if (!SCALINGS.includes(scale)) throw new Error(`--scale ${scale}: expected one of ${SCALINGS.join(", ")}`);
  if (!MISSING_STRATEGIES.includes(missing)) throw new Error(`--missing ${missing}: expected one of ${MISSING_STRATEGIES.join(", ")}`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new Error(`--n-init ${nInit}: expected a whole number ≥ 1`);
  if (options.gamma !== undefined && !(Number.isFinite(options.gamma) && options.gamma > 0)) throw new Error(`--gamma ${options.gamma}: expected a number above 0 (the weight of one categorical mismatch)`);
  if (options.miniBatch !== undefined) {
    if (!(Number.isInteger(options.miniBatch) && options.miniBatch >= 1)) throw new Error(`--mini-batch ${options.miniBatch}: expected a batch size, a whole number ≥ 1`);
    if (typeof options.k !== "number") throw new Error("--mini-batch: choose one k (--k K), not a range");
  }
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) throw new Error(`--threads ${options.threads}: expected a whole number ≥ 1`);
  for (const name of log) if (!columns.includes(name)) throw new Error(`--log ${name}: not one of --columns (${columns.join(", ")})`);
  for (const name of categorical) {
    if (!columns.includes(name)) throw new Error(`--categorical ${name}: not one of --columns (${columns.join(", ")})`);
    if (log.includes(name)) throw new Error(`--log ${name}: a categorical column (--categorical); log1p applies to numeric columns only`);
  }
  if (winsorize && !Array.isArray(winsorize)) {
    for (const name of Object.keys(winsorize)) {
      if (!columns.includes(name)) throw new Error(`--winsorize ${name}: not one of --columns (${columns.join(", ")})`);
      if (categorical.includes(name)) throw new Error(`--winsorize ${name}: a categorical column (--categorical); winsorizing applies to numeric columns only`);
    }
  }
}

/** "60 missing annual income, 30 missing age" for the groups not segmented. */
export function notSegmentedNote(counts: Record<string, number>): string {
  return Object.entries(counts).map(([reason, n]) => `${n} ${reason}`).join(", ");
}

/**
 * Fits k-means (all columns numeric) or k-prototypes (a categorical column, or --missing indicator)
 * over the file's columns, or sweeps k, and writes the assignments, the model and the sweep. The
 * method, the column kinds and the handling of blanks are the config path's (`segmentCustomers`):
 * the same options give the same segments.
 */
export async function runCluster(options: ClusterOptions): Promise<ClusterRun> {
  const { features, columns, seed = 42, nInit = 4, scale = "zscore", log = [], winsorize, silhouetteSample, out, categorical = [] } = options;
  const missing = options.missing ?? DEFAULT_MISSING_STRATEGY;
  checkOptions(options, nInit, scale, missing);
  const db = await openConnection();
  try {
    const file = resolve(features);
    const input = await loadClusterInput(db.connection, file, options.id);
    const raw = await readRawColumns(db.connection, input, columns);
    const checked = await checkRawColumns(db.connection, input, raw, { categorical });
    const kinds: FeatureSpec[] = columns.map((name) => ({ name, kind: checked[name] }));
    const method = chooseMethod(kinds, missing);
    if (method === "k-prototypes") return await runMixed(db.connection, input, raw, kinds, { ...options, seed, nInit, scale, log, missing, categorical });
    if (options.gamma !== undefined) throw new Error(`--gamma: every column is numeric (k-means); γ weighs categorical columns (k-prototypes)`);

    // k-means: blanks handled as the config path does (missing.ts), never read as 0.
    // (Under exclude there is nothing to fit: fitMissing would only check what checkRawColumns checked.)
    const plan: MissingPlan = missing === "exclude" ? { strategy: missing, features: kinds.map((f) => ({ ...f })), fill: {}, indicators: [] } : fitMissing(raw, kinds, missing);
    const filled = completeNumbers(plan, raw) ?? applyMissing(plan, raw);
    const values = filled.numeric;
    const n = filled.rows.length;
    const prepared = prepare(values, columns, { log, scaling: scale, winsorize });
    let sweepResult: SweepResult | null = null;
    let k: number;
    if (typeof options.k === "number") {
      k = options.k;
    } else {
      if (options.k.max > n) throw new Error(`--k ${options.k.min}..${options.k.max}: cannot make ${options.k.max} clusters from ${n} customers${notSegmentedSuffix(filled.countsByReason)}`);
      sweepResult = sweep(prepared.data, prepared.n, prepared.d, { kMin: options.k.min, kMax: options.k.max, seed, nInit, silhouetteSample });
      k = sweepResult.k;
    }
    if (k > n) throw new Error(`cannot make ${k} clusters from ${n} customers${notSegmentedSuffix(filled.countsByReason)}`);
    const fit = options.miniBatch
      ? miniBatchKMeans(prepared.data, prepared.n, prepared.d, { k, seed, nInit, batchSize: options.miniBatch })
      : await kmeansParallel(prepared.data, prepared.n, prepared.d, { k, seed, nInit, threads: options.threads });
    const metrics = evaluate(prepared.data, prepared.n, prepared.d, fit.labels, k, { sampleSize: silhouetteSample, seed });
    // Means in original units over the values as exported (filled values are not observations).
    const description = describeClusters(prepared, fit.labels, fit.centroids, { columns: missing === "exclude" ? values : undefined });
    const blanks = Object.values(filled.missingByFeature).some((c) => c > 0);
    const model: ClusterModelFile = {
      k,
      seed,
      n_init: nInit,
      input: basename(features),
      rows: filled.n,
      columns,
      scaling: scale,
      transforms: prepared.model.features,
      centroids: fit.centroids.map((c) => Object.fromEntries(toOriginalUnits(prepared.model, c).map((x, j) => [columns[j], x]))),
      centroids_prepared: fit.centroids,
      sizes: fit.sizes,
      names: description.clusters.map((c) => c.profileName),
      inertia: fit.inertia,
      algorithm: options.miniBatch ? "mini-batch" : "lloyd",
      batch_size: options.miniBatch ? Math.min(options.miniBatch, n) : null,
      silhouette: finiteOrNull(metrics.silhouette),
      silhouette_rows: metrics.silhouetteRows,
      calinski_harabasz: finiteOrNull(metrics.calinskiHarabasz),
      davies_bouldin: finiteOrNull(metrics.daviesBouldin),
      variance_explained: description.varianceExplained,
      f_statistics: Object.fromEntries(description.features.map((f) => [f.name, finiteOrNull(f.F)])),
      iterations: fit.iterations,
      // Only when there is something to say, so a complete input's model.json is what it always was.
      ...(input.idColumn !== "customer_id" ? { id_column: input.idColumn } : {}),
      ...(blanks || options.missing !== undefined
        ? {
            clustered: n,
            missing: {
              strategy: missing,
              fill: plan.fill,
              missing_by_feature: filled.missingByFeature,
              imputed_by_feature: filled.imputedByFeature,
              not_segmented: filled.countsByReason,
            },
          }
        : {}),
    };
    const labels = new Int32Array(filled.n).fill(-1);
    filled.rows.forEach((row, r) => (labels[row] = fit.labels[r]));
    const files = await writeOutputs(db.connection, input, out, labels, rowReasons(filled.n, filled.excluded), model, sweepResult);
    return { model, sweep: sweepResult, files, method: "k-means", notSegmented: filled.countsByReason, categories: {} };
  } finally {
    db.close();
  }
}

function notSegmentedSuffix(counts: Record<string, number>): string {
  const note = notSegmentedNote(counts);
  return note ? ` (${note} not segmented: choose fewer clusters or another --missing)` : "";
}

/** k-prototypes through the report's own call (runAttributeSegmentation), or its sweep over k. */
async function runMixed(
  connection: DuckDBConnection,
  input: ClusterInput,
  raw: Record<string, (number | string | null)[]>,
  kinds: FeatureSpec[],
  options: ClusterOptions & { seed: number; nInit: number; scale: Scaling; log: string[]; missing: MissingStrategy; categorical: string[] },
): Promise<ClusterRun> {
  const { columns, seed, nInit, scale, log, missing, categorical, winsorize, silhouetteSample } = options;
  const categoricalNames = kinds.filter((f) => f.kind === "categorical").map((f) => f.name);
  const why = categoricalNames.length ? `categorical columns: ${categoricalNames.join(", ")}` : "--missing indicator";
  if (options.miniBatch !== undefined) throw new Error(`--mini-batch: k-means only, and this is k-prototypes (${why})`);
  if (options.threads !== undefined) throw new Error(`--threads: k-prototypes (${why}) runs on one thread; leave --threads out`);
  const logged = log.find((name) => categoricalNames.includes(name));
  if (logged) throw new Error(`--log ${logged}: a categorical column (its values are text); log1p applies to numeric columns only`);
  if (winsorize && !Array.isArray(winsorize)) {
    const clipped = Object.keys(winsorize).find((name) => categoricalNames.includes(name));
    if (clipped) throw new Error(`--winsorize ${clipped}: a categorical column (its values are text); winsorizing applies to numeric columns only`);
  }
  const config = { features: columns, categorical, log, scale, seed, nInit, gamma: options.gamma ?? null, missing };
  let sweepResult: SweepResult | null = null;
  let k: number;
  let result: AttributeSegmentationResult;
  try {
    if (typeof options.k === "number") {
      k = options.k;
    } else {
      // The matrix and γ the workbench's sweep uses (clusteringMatrix), k-prototypes for every k.
      const matrix = clusteringMatrix(raw, config, { winsorize });
      if (options.k.max > matrix.rows) throw new Error(`--k ${options.k.min}..${options.k.max}: cannot make ${options.k.max} clusters from the ${matrix.rows} customers that can be clustered`);
      sweepResult = sweepMixed(matrix.mixed!, { kMin: options.k.min, kMax: options.k.max, seed, gamma: matrix.gamma!, nInit, silhouetteSample });
      k = sweepResult.k;
    }
    result = runAttributeSegmentation(raw, { ...config, k }, { winsorize });
  } catch (error) {
    // The pure modules' words are the config's; the command's keys are its options.
    throw new Error(`${input.file}: ${(error as Error).message.replace(/segmentation\.missing/g, "--missing").replace(/segmentation\.features/g, "--columns")}`);
  }
  const clusteredLabels = Int32Array.from(result.rows, (row) => result.labels[row]);
  const metrics = evaluateMixed(result.matrix, clusteredLabels, k, result.gamma, { sampleSize: silhouetteSample, seed });
  const model = mixedModelFile(result, { input: basename(options.features), idColumn: input.idColumn, nInit, metrics });
  const categories = Object.fromEntries(result.model.mixed.categorical.map((e) => [e.name, e.levels.length]));
  const files = await writeOutputs(connection, input, options.out, result.labels, rowReasons(result.labels.length, result.notSegmented), model, sweepResult);
  return { model, sweep: sweepResult, files, method: "k-prototypes", notSegmented: result.missing.countsByReason, categories };
}

/** DIR/assignments.parquet, DIR/model.json and (for a sweep) DIR/sweep.json, each renamed into place. */
async function writeOutputs(
  connection: DuckDBConnection,
  input: ClusterInput,
  out: string,
  labels: Int32Array,
  reasons: (string | null)[] | undefined,
  model: ClusterModelFile | MixedModelFile,
  sweepResult: SweepResult | null,
): Promise<string[]> {
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  const files = [join(dir, "assignments.parquet"), join(dir, "model.json")];
  await writeAssignments(connection, input, labels, files[0], reasons);
  await writeJson(files[1], model);
  if (sweepResult) {
    files.push(join(dir, "sweep.json"));
    await writeJson(files[2], {
      recommended: sweepResult.k,
      reason: sweepResult.reason,
      votes: sweepResult.votes,
      silhouette_rows: sweepResult.silhouetteRows,
      rows: sweepResult.rows.map((r) => ({
        k: r.k,
        inertia: r.inertia,
        silhouette: r.silhouette,
        calinski_harabasz: r.calinskiHarabasz,
        davies_bouldin: r.daviesBouldin,
        iterations: r.iterations,
        sizes: r.sizes,
      })),
    });
  } else {
    await rm(join(dir, "sweep.json"), { force: true });
  }
  return files;
}

export interface ModelAssignment {
  /** Each row's segment; −1: not segmented. */
  labels: Int32Array;
  sizes: number[];
  file: string;
  /** Rows not segmented per reason. */
  notSegmented: Record<string, number>;
  /** Per categorical feature: rows with a category the model never saw, and those categories (they match no mode: counted, not guessed). */
  unseen: Record<string, { rows: number; values: Record<string, number> }>;
}

/**
 * Assigns the rows of a features file to a saved model's segments: k-means to the nearest centroid in
 * the model's prepared space, k-prototypes to the nearest prototype (assignAttributeSegments). Blanks
 * are handled as the model recorded (a k-means model without a record: excluded).
 */
export async function assignWithModel(options: { features: string; model: string; out: string; id?: string }): Promise<ModelAssignment> {
  const modelFile = resolve(options.model);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(modelFile, "utf-8"));
  } catch (error) {
    throw new Error(`${options.model}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : `not valid JSON: ${(error as Error).message}`}`);
  }
  const db = await openConnection();
  try {
    const file = resolve(options.features);
    if (isMixedModelFile(parsed)) {
      const attribute = attributeModelOf(parsed, options.model);
      const input = await loadClusterInput(db.connection, file, options.id, parsed.id_column);
      const raw = await readRawColumns(db.connection, input, parsed.columns);
      await checkRawColumns(db.connection, input, raw, { categorical: attribute.features.filter((f) => f.kind === "categorical").map((f) => f.name), numeric: attribute.features.filter((f) => f.kind === "numeric").map((f) => f.name) });
      const assigned = assignAttributeSegments(attribute, raw);
      const unseen: ModelAssignment["unseen"] = {};
      for (const encoding of attribute.mixed.categorical) {
        const values: Record<string, number> = {};
        const source = raw[encoding.name];
        if (source) {
          const levels = new Set(encoding.levels);
          assigned.labels.forEach((label, i) => {
            const text = label >= 0 && !isMissing(source[i]) ? categoryValue(source[i]) : null;
            if (text !== null && !levels.has(text)) values[text] = (values[text] ?? 0) + 1;
          });
        }
        unseen[encoding.name] = { rows: assigned.unseen[encoding.name] ?? 0, values };
      }
      const notSegmented = Object.fromEntries(assigned.notSegmented.map((g) => [g.reason, g.customers]));
      return await finishAssignment(db.connection, input, options.out, parsed.k, assigned.labels, rowReasons(assigned.labels.length, assigned.notSegmented), notSegmented, unseen);
    }
    const model = parsed as ClusterModelFile;
    if (!Array.isArray(model?.transforms) || !Array.isArray(model?.centroids_prepared)) {
      throw new Error(`${options.model}: not a model.json written by the cluster command (no transforms or centroids_prepared)`);
    }
    const input = await loadClusterInput(db.connection, file, options.id, model.id_column);
    const raw = await readRawColumns(db.connection, input, model.columns);
    await checkRawColumns(db.connection, input, raw, { numeric: model.columns });
    const specs: FeatureSpec[] = model.columns.map((name) => ({ name, kind: "numeric" }));
    const plan: MissingPlan = model.missing ? { strategy: model.missing.strategy, features: specs, fill: model.missing.fill, indicators: [] } : { strategy: "exclude", features: specs, fill: {}, indicators: [] };
    const filled = applyMissing(plan, raw);
    const labels = new Int32Array(filled.n).fill(-1);
    if (filled.rows.length) {
      const prepared = applyModel({ scaling: model.scaling, features: model.transforms }, filled.numeric);
      const assigned = assign(prepared.data, prepared.n, prepared.d, model.centroids_prepared).labels;
      filled.rows.forEach((row, r) => (labels[row] = assigned[r]));
    }
    return await finishAssignment(db.connection, input, options.out, model.k, labels, rowReasons(filled.n, filled.excluded), filled.countsByReason, {});
  } finally {
    db.close();
  }
}

async function finishAssignment(
  connection: DuckDBConnection,
  input: ClusterInput,
  out: string,
  k: number,
  labels: Int32Array,
  reasons: (string | null)[] | undefined,
  notSegmented: Record<string, number>,
  unseen: ModelAssignment["unseen"],
): Promise<ModelAssignment> {
  const sizes = new Array(k).fill(0);
  for (const c of labels) if (c >= 0) sizes[c]++;
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  const file = join(dir, "assignments.parquet");
  await writeAssignments(connection, input, labels, file, reasons);
  return { labels, sizes, file, notSegmented, unseen };
}
