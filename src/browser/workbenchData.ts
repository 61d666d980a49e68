/**
 * What the workbench pages (data, workbench, compare, RFM, SQL, lookup) share: the feature table,
 * loaded once and read as columns, the committed config, the clustering worker and jobs built from
 * settings, and the settings the workbench remembers in this browser.
 *
 *   const wb = await openWorkbench({features: FileAttachment("data/features.arrow"),
 *     config: FileAttachment("data/workbench-config.json"), worker: FileAttachment("data/kmeans-worker.js")}, invalidation);
 *
 * Each file is fetched once, and read to its end: the Arrow bytes are decoded with flechette after the
 * download, not streamed (apache-arrow's stream reader, behind FileAttachment(…).arrow(), cancels the
 * response once it has read the last batch, which the browser reports as an aborted request), and the
 * SQL page hands DuckDB-WASM the same bytes instead of the file (which it would fetch again).
 */
import type { ColumnTable } from "arquero";
import type { RfmConfig, SegmentationConfig } from "../lib/config/config.js";
import type { PlaybookOverrides } from "../lib/segments/playbook.js";
import { numberColumn, numericColumnNames, rowRecord, stringColumn, typeName, type TableLike } from "../lib/io/arrowColumns.js";
import { arrowTable } from "../lib/io/arrowTable.js";
import { clusterableFeatures, clusterConfig, jobColumns, RFM_SCORES, sweepConfig, type RunSettings } from "../lib/segments/clusterSettings.js";
import { parseStoredSettings, SETTINGS_KEY, type StoredSettings } from "../lib/segments/labelings.js";
import type { CommittedFile } from "../lib/segments/saving.js";
import { openFeatureStore, type StoreWorker, type WorkerFeatures } from "./featureStore.js";
import { createClusterClient, type ClusterClient, type ClusterResult, type JobOptions, type SweepJobResult, type WorkerLike } from "./workerClient.js";

/** The part of a Framework FileAttachment this module uses. */
export interface FileLike {
  name: string;
  mimeType?: string;
  url(): Promise<string> | string;
  arrayBuffer(): Promise<ArrayBuffer>;
  json?(): Promise<unknown>;
}

/** The committed config as src/data/workbench-config.json.ts writes it. */
export interface CommittedConfig extends CommittedFile {
  playbook: PlaybookOverrides;
  rfm: RfmConfig;
  /** report.minSegmentSize: segments with fewer customers are flagged. */
  minSegmentSize: number;
  /** ISO 4217 code of the money (quality.json's transactions.currency), or null when unknown. */
  currency: string | null;
  /** Whether the project has transactions (false: customers only, no RFM or purchase features). */
  transactions: boolean;
}

export { RFM_SCORES };

/** The per-customer feature table, one row per customer, and its columns as the pages use them. */
export class FeatureData {
  /** As arquero reads it, for group-bys, filters and derived tables. */
  readonly table: ColumnTable;
  /** The same columns for the readers of src/lib/io/arrowColumns.ts. */
  readonly columns: TableLike;
  readonly numRows: number;
  /** Every number column, in table order (RFM scores included). */
  readonly allNumericNames: string[];
  /** Number columns without the RFM scores: the features. */
  readonly numericNames: string[];
  readonly #bytes: Uint8Array;
  readonly #numbers = new Map<string, Float64Array>();
  readonly #texts = new Map<string, (string | null)[]>();
  #featureOptions: string[] | null = null;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    const { table, columns } = arrowTable(bytes);
    this.table = table;
    this.columns = columns;
    this.numRows = columns.numRows;
    this.allNumericNames = numericColumnNames(columns);
    this.numericNames = numericColumnNames(columns, RFM_SCORES);
  }

  /** Column names in table order. */
  get names(): string[] {
    return this.columns.schema.fields.map((f) => f.name);
  }

  /** A number column as Float64Array, NaN for NULL (read once, then shared: do not write to it). */
  number(name: string): Float64Array {
    let values = this.#numbers.get(name);
    if (!values) this.#numbers.set(name, (values = numberColumn(this.columns, name)));
    return values;
  }

  /** A column as text (dates as ISO dates), null for NULL. */
  text(name: string): (string | null)[] {
    let values = this.#texts.get(name);
    if (!values) this.#texts.set(name, (values = stringColumn(this.columns, name)));
    return values;
  }

  /** One customer's row as plain values. */
  record(row: number): Record<string, string | number | boolean | null> {
    return rowRecord(this.columns, row);
  }

  /**
   * Features a clustering can use: number columns (not the RFM scores; blanks are handled by the
   * segmentation's missing strategy) and text attributes (categorical, k-prototypes), not the id,
   * dates or the RFM segment name.
   */
  get featureOptions(): string[] {
    this.#featureOptions ??= [...this.numericNames, ...this.categoricalNames];
    return this.#featureOptions;
  }

  /** Text columns that can be categorical features: not the id, the RFM segment or dates, with at least one value. */
  get categoricalNames(): string[] {
    return this.columns.schema.fields
      .filter((f) => !this.allNumericNames.includes(f.name) && f.name !== "customer_id" && f.name !== "rfm_segment" && typeName(f.type) === "Utf8")
      .map((f) => f.name)
      .filter((name) => this.text(name).some((v) => v !== null));
  }

  /** Number columns whose every customer has a value (the only ones a clustering reads without a blank). */
  get completeNames(): string[] {
    return clusterableFeatures(this.numericNames, (name) => this.number(name));
  }

  /** The columns a clustering job over `features` reads (jobColumns; those the table has), numbers as numbers, text as text. */
  jobColumns(features: readonly string[]): Record<string, Float64Array | (string | null)[]> {
    const present = new Set(this.names);
    return Object.fromEntries(jobColumns(features).filter((name) => present.has(name)).map((name) => [name, this.allNumericNames.includes(name) ? this.number(name) : this.text(name)]));
  }

  /**
   * The table for DuckDBClient.of as a file source with these bytes: DuckDB-WASM reads them instead
   * of fetching the file again. It gets a copy, as it may move the buffer to its worker.
   */
  duckdbSource(file: FileLike): { file: FileLike } {
    const bytes = this.#bytes;
    return { file: { name: file.name, mimeType: file.mimeType, url: () => file.url(), arrayBuffer: async () => bytes.slice().buffer } };
  }
}

/**
 * Arrow IPC bytes made in the page (the SQL page's assignments) as a DuckDBClient.of file source:
 * a blob: URL, so DuckDB-WASM registers the buffer itself and fetches nothing.
 */
export function arrowBytesSource(name: string, bytes: Uint8Array): { file: FileLike } {
  let url: string | null = null;
  return {
    file: {
      name,
      mimeType: "application/vnd.apache.arrow.file",
      url: () => (url ??= URL.createObjectURL(new Blob([bytes.slice()], { type: "application/vnd.apache.arrow.file" }))),
      arrayBuffer: async () => bytes.slice().buffer,
    },
  };
}

/** Fetches the Arrow file once (to its end) and reads it. */
export async function loadFeatures(file: FileLike): Promise<FeatureData> {
  return new FeatureData(new Uint8Array(await file.arrayBuffer()));
}

/** The storage the settings live in (localStorage in the browser; tests pass a stand-in). */
export type SettingsStorage = Pick<Storage, "getItem" | "setItem">;

function browserStorage(): SettingsStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled for this site
  }
}

/** The workbench's last finished settings in this browser, or null (none, unusable, or storage off). */
export function readStoredSettings(featureOptions: readonly string[], storage: SettingsStorage | null = browserStorage()): StoredSettings | null {
  try {
    return parseStoredSettings(storage?.getItem(SETTINGS_KEY) ?? null, featureOptions);
  } catch {
    return null;
  }
}

/** Remembers a finished clustering's settings and names for the compare, SQL and lookup pages. */
export function storeSettings(settings: RunSettings, names: Readonly<Record<string, string>>, storage: SettingsStorage | null = browserStorage(), now = new Date()): void {
  const stored: StoredSettings = {
    ...settings,
    winsorize: settings.winsorize ? [settings.winsorize[0], settings.winsorize[1]] : null,
    categorical: [...(settings.categorical ?? [])],
    missing: settings.missing ?? "exclude",
    gamma: settings.gamma ?? null,
    names: { ...names },
    savedAt: now.toISOString(),
  };
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(stored));
  } catch {
    // Full or disabled storage: the other pages then offer no workbench settings.
  }
}

export interface Workbench<Features = FeatureData> {
  features: Features;
  committed: CommittedConfig;
  /** The committed segmentation as settings to run (the config has no winsorizing). */
  published: RunSettings;
  /** The workbench's remembered settings, or null. */
  stored: StoredSettings | null;
  client: ClusterClient;
  /** A clustering of every customer with these settings, in the workers. */
  cluster(settings: RunSettings, options?: JobOptions & { stabilityRuns?: number }): Promise<ClusterResult>;
  /** The sweep over k = 2–10 with these settings (k is ignored). */
  sweep(settings: Omit<RunSettings, "k">, options?: JobOptions): Promise<SweepJobResult>;
}

export interface WorkbenchFiles {
  features: FileLike;
  config: FileLike;
  worker: FileLike;
}

export interface WorkbenchOptions {
  storage?: SettingsStorage | null;
  createWorker?: (url: string) => WorkerLike;
  /** Threads each clustering's k-means runs on (default: `?threads=N` in the page's address, else every core). */
  threads?: number;
}

/**
 * `?threads=N` in a page's address (a whole number ≥ 1), or undefined: runs the clusterings' k-means
 * on N threads (1: in the job's worker alone), to compare with every core (the result is the same).
 */
export function threadsParameter(search: string = globalThis.location?.search ?? ""): number | undefined {
  const value = new URLSearchParams(search).get("threads");
  if (value === null || !/^[1-9]\d{0,2}$/.test(value)) return undefined;
  return Number(value);
}

function clientFor(workerUrl: string, options: WorkbenchOptions, store: WorkerFeatures | null = null): ClusterClient {
  return createClusterClient(workerUrl, {
    createWorker: options.createWorker ? () => options.createWorker!(workerUrl) : undefined,
    threads: options.threads ?? threadsParameter(),
    store,
  });
}

/**
 * Loads the feature table and the committed config (in parallel, each once), reads the remembered
 * settings and starts the worker client, closed when `invalidation` resolves (the page's cell reran
 * or the page closed).
 */
export async function openWorkbench(files: WorkbenchFiles, invalidation?: Promise<unknown>, options: WorkbenchOptions = {}): Promise<Workbench> {
  const [features, committed, workerUrl] = await Promise.all([loadFeatures(files.features), readJson<CommittedConfig>(files.config), files.worker.url()]);
  const client = clientFor(workerUrl, options);
  invalidation?.then(() => client.close());
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  return {
    features,
    committed,
    published: publishedSettings(committed.segmentation),
    stored: readStoredSettings(features.featureOptions, storage),
    client,
    cluster: (settings, { stabilityRuns, ...job } = {}) => client.cluster(features.jobColumns(settings.features), clusterConfig(settings, { stabilityRuns, transactions: committed.transactions !== false }), job),
    sweep: (settings, job) => client.sweep(features.jobColumns(settings.features), sweepConfig(settings), job),
  };
}

/**
 * As openWorkbench, but the feature table never comes to the page: a worker fetches, decodes and
 * holds it (featureStore.ts), the page learns its size and the features k-means can use, and the
 * clustering jobs read their columns from that worker by name. The workbench page opens its data
 * this way, so a million customers never keep its main thread busy; `features.valuesAt` gives the
 * few values the page draws.
 */
export async function openWorkbenchInWorkers(files: WorkbenchFiles, invalidation?: Promise<unknown>, options: WorkbenchOptions = {}): Promise<Workbench<WorkerFeatures>> {
  const [workerUrl, featuresUrl] = await Promise.all([files.worker.url(), files.features.url()]);
  const createWorker = options.createWorker ?? ((url: string) => new Worker(url, { type: "module" }) as unknown as WorkerLike);
  // The store's worker resolves the address against its own script's: make it absolute first.
  const store = openFeatureStore(createWorker(workerUrl) as unknown as StoreWorker, new URL(featuresUrl, globalThis.location?.href).href);
  invalidation?.then(() => store.then((s) => s.close(), () => {}));
  const [features, committed] = await Promise.all([store, readJson<CommittedConfig>(files.config)]);
  const client = clientFor(workerUrl, { ...options, createWorker }, features);
  invalidation?.then(() => client.close());
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  return {
    features,
    committed,
    published: publishedSettings(committed.segmentation),
    stored: readStoredSettings(features.featureOptions, storage),
    client,
    cluster: (settings, { stabilityRuns, ...job } = {}) => client.cluster({ stored: jobColumns(settings.features) }, clusterConfig(settings, { stabilityRuns, transactions: committed.transactions !== false }), job),
    sweep: (settings, job) => client.sweep({ stored: jobColumns(settings.features) }, sweepConfig(settings), job),
  };
}

/** The committed segmentation's settings. */
export function publishedSettings(segmentation: SegmentationConfig): RunSettings {
  const { features, log, scale, k, seed, nInit, categorical, missing, gamma } = segmentation;
  return { features: [...features], log: [...log], scale, k, seed, nInit, winsorize: null, categorical: [...(categorical ?? [])], missing: missing ?? "exclude", gamma: gamma ?? null };
}

async function readJson<T>(file: FileLike): Promise<T> {
  if (file.json) return (await file.json()) as T;
  return JSON.parse(new TextDecoder().decode(await file.arrayBuffer())) as T;
}
