/**
 * The feature table held in a Web Worker, so the workbench page never decodes or scans a million
 * customers on its main thread. The store's worker fetches the Arrow file itself (once, to its
 * end), decodes it with flechette and answers:
 * - the page: the table's size, column names and the features k-means can use (once, when ready),
 *   and the values of a few columns at a few rows (the scatter's sample);
 * - the clustering coordinators (src/browser/workerPool.ts connects each one through a
 *   MessageChannel): the columns a job needs, numbers as copies whose buffers move to the job, text
 *   (categorical features) as arrays of strings and nulls.
 *
 * The page side is `openFeatureStore`; the worker side, `serveFeatureStore` (started by
 * src/browser/kmeansWorker.ts when the page asks that worker to be the store).
 */
import { tableFromIPC } from "@uwdata/flechette";
import { numberColumn, numericColumnNames, stringColumn, typeName, type TableLike } from "../lib/io/arrowColumns.js";
import { RFM_SCORES } from "../lib/segments/clusterSettings.js";

/** What the page learns once the table is decoded. */
export interface StoreSummary {
  numRows: number;
  /** Column names in table order. */
  names: string[];
  /** Number columns without the RFM scores. */
  numericNames: string[];
  /** Text columns that can be categorical features (k-prototypes): not the id or the RFM segment, with at least one value. */
  categoricalNames: string[];
  /** Features a clustering can use: number columns (blanks are handled by segmentation.missing), not the RFM scores, and the categorical ones. */
  featureOptions: string[];
}

/** Messages to the store's worker, from the page. */
export type StoreRequest =
  | { type: "store"; url: string }
  | { type: "connect"; port: MessagePort }
  | { type: "values"; id: number; names: string[]; rows: Int32Array };

/** Messages from the store's worker, to the page. */
export type StoreResponse =
  | { type: "ready"; summary: StoreSummary }
  | { type: "failed"; message: string }
  | { type: "values"; id: number; values: Float64Array[] }
  | { type: "error"; id: number; message: string };

/** On a connected port: a coordinator asks for number columns by name; the reply lists them in that order. */
export type ColumnRequest = { id: number; names: string[] };
export type StoredColumn = Float64Array | (string | null)[];
/** The columns the table has, in the order asked (a name it lacks, such as recency_days in a customers-only project, is left out). */
export type ColumnResponse = { id: number; names: string[]; columns: StoredColumn[] } | { id: number; message: string };

/** The part of a dedicated worker's global scope the store uses. */
export interface StoreScope {
  postMessage(message: StoreResponse, transfer?: Transferable[]): void;
}

/** The decoded table and the number columns read from it so far (each read once). */
class DecodedTable {
  readonly columns: TableLike;
  private readonly numbers = new Map<string, Float64Array>();
  readonly summary: StoreSummary;

  constructor(bytes: Uint8Array) {
    // Dates as Date objects, as the page's own reader (arrowColumns.ts) takes them.
    this.columns = tableFromIPC(bytes, { useDate: true }) as unknown as TableLike;
    const names = this.columns.schema.fields.map((f) => f.name);
    const numericNames = numericColumnNames(this.columns, RFM_SCORES);
    const allNumeric = new Set(numericColumnNames(this.columns));
    const categoricalNames = this.columns.schema.fields
      .filter((f) => !allNumeric.has(f.name) && f.name !== "customer_id" && f.name !== "rfm_segment" && typeName(f.type) === "Utf8")
      .map((f) => f.name)
      .filter((name) => this.text(name).some((v) => v !== null));
    this.numeric = allNumeric;
    this.summary = { numRows: this.columns.numRows, names, numericNames, categoricalNames, featureOptions: [...numericNames, ...categoricalNames] };
  }

  private readonly numeric: Set<string>;
  private readonly texts = new Map<string, (string | null)[]>();

  /** A text column, null for NULL (shared). */
  text(name: string): (string | null)[] {
    let values = this.texts.get(name);
    if (!values) this.texts.set(name, (values = stringColumn(this.columns, name)));
    return values;
  }

  /** A copy of a column for a job: numbers as a Float64Array of their own, text as an array. */
  copy(name: string): StoredColumn {
    return this.numeric.has(name) ? this.number(name).slice() : this.text(name).slice();
  }

  /** A number column, NaN for NULL (shared: callers copy before handing it on). */
  number(name: string): Float64Array {
    let values = this.numbers.get(name);
    if (!values) this.numbers.set(name, (values = numberColumn(this.columns, name)));
    return values;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The worker side: fetches and decodes `url`, tells the page it is ready (or why not), then answers
 * the page and every connected port. Requests that come before the table is ready wait for it.
 */
export function serveFeatureStore(scope: StoreScope, url: string, fetchBytes: (url: string) => Promise<ArrayBuffer> = defaultFetch): (request: StoreRequest) => void {
  const table = fetchBytes(url).then((buffer) => new DecodedTable(new Uint8Array(buffer)));
  table.then(
    (t) => scope.postMessage({ type: "ready", summary: t.summary }),
    (error) => scope.postMessage({ type: "failed", message: `could not read the feature table: ${message(error)}` }),
  );
  return (request) => {
    if (request.type === "values") {
      const { id, names, rows } = request;
      table
        .then((t) => {
          const values = names.map((name) => {
            const column = t.number(name);
            return Float64Array.from(rows, (i) => column[i]);
          });
          scope.postMessage({ type: "values", id, values }, values.map((v) => v.buffer));
        })
        .catch((error) => scope.postMessage({ type: "error", id, message: message(error) }));
    } else if (request.type === "connect") {
      const port = request.port;
      port.onmessage = (event: MessageEvent<ColumnRequest>) => {
        const { id, names } = event.data;
        table
          .then((t) => {
            // Copies: the job's worker gets buffers of its own, moved, and the store keeps its columns.
            const present = new Set(t.summary.names);
            const kept = names.filter((name) => present.has(name));
            const columns = kept.map((name) => t.copy(name));
            port.postMessage({ id, names: kept, columns } satisfies ColumnResponse, columns.flatMap((c) => (c instanceof Float64Array ? [c.buffer] : [])));
          })
          .catch((error) => port.postMessage({ id, message: message(error) } satisfies ColumnResponse));
      };
    }
  };
}

async function defaultFetch(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** A coordinator's side of a connected port: number columns by name. */
export class ColumnSource {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (reply: { names: string[]; columns: StoredColumn[] }) => void; reject: (error: Error) => void }>();

  constructor(private readonly port: MessagePort) {
    port.onmessage = (event: MessageEvent<ColumnResponse>) => {
      const reply = event.data;
      const waiting = this.waiting.get(reply.id);
      if (!waiting) return;
      this.waiting.delete(reply.id);
      if ("columns" in reply) waiting.resolve(reply);
      else waiting.reject(new Error(reply.message));
    };
  }

  /** The columns by name that the table has (as a map: column names come from the export and may be anything). */
  async columns(names: readonly string[]): Promise<Map<string, StoredColumn>> {
    const id = this.nextId++;
    const reply = await new Promise<{ names: string[]; columns: StoredColumn[] }>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ id, names: [...names] } satisfies ColumnRequest);
    });
    return new Map(reply.names.map((name, i) => [name, reply.columns[i]]));
  }
}

/** The part of a Web Worker the page's side uses (tests pass a stand-in). */
export interface StoreWorker {
  postMessage(message: StoreRequest, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: { data: StoreResponse }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

/** The page's side of the store: the summary, the scatter's values, and ports for the coordinators. */
export class WorkerFeatures {
  readonly numRows: number;
  readonly names: string[];
  readonly numericNames: string[];
  readonly categoricalNames: string[];
  readonly featureOptions: string[];
  #nextId = 1;
  readonly #waiting: Map<number, { resolve: (values: Float64Array[]) => void; reject: (error: Error) => void }>;

  constructor(
    private readonly worker: StoreWorker,
    summary: StoreSummary,
    waiting: Map<number, { resolve: (values: Float64Array[]) => void; reject: (error: Error) => void }>,
  ) {
    ({ numRows: this.numRows, names: this.names, numericNames: this.numericNames, categoricalNames: this.categoricalNames, featureOptions: this.featureOptions } = summary);
    this.#waiting = waiting;
  }

  /** The values of `names` at `rows` (in the order of `rows`), one array per name. */
  valuesAt(names: readonly string[], rows: Int32Array): Promise<Float64Array[]> {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.worker.postMessage({ type: "values", id, names: [...names], rows: rows.slice() });
    });
  }

  /** A new port to the store, for a coordinator's ColumnSource. */
  connect(): MessagePort {
    const channel = new MessageChannel();
    this.worker.postMessage({ type: "connect", port: channel.port2 }, [channel.port2]);
    return channel.port1;
  }

  close(): void {
    this.worker.terminate();
    for (const waiting of this.#waiting.values()) waiting.reject(new Error("the feature store was closed"));
    this.#waiting.clear();
  }
}

/** Starts the store in `worker` on the feature table at `url` (absolute: the worker resolves it); resolves once it is decoded. */
export function openFeatureStore(worker: StoreWorker, url: string): Promise<WorkerFeatures> {
  const waiting = new Map<number, { resolve: (values: Float64Array[]) => void; reject: (error: Error) => void }>();
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      switch (data.type) {
        case "ready":
          resolve(new WorkerFeatures(worker, data.summary, waiting));
          return;
        case "failed":
          worker.terminate();
          reject(new Error(data.message));
          return;
        case "values":
        case "error": {
          const w = waiting.get(data.id);
          if (!w) return;
          waiting.delete(data.id);
          if (data.type === "values") w.resolve(data.values);
          else w.reject(new Error(data.message));
        }
      }
    };
    worker.onerror = (event) => {
      const error = new Error(`the feature store's worker failed: ${event.message ?? "unknown error"}`);
      reject(error);
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    };
    worker.postMessage({ type: "store", url });
  });
}
