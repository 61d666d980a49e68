/**
 * The page's side of the clustering workers: `cluster(columns, config, {onProgress, signal})` and
 * `sweep(...)` return promises of the jobs' results.
 *
 * Each job runs on its own team of workers (workerPool.ts: a coordinator, and one member per
 * thread its k-means is shared out to; an idle team is reused), so a sweep and a clustering can run
 * side by side. A job's columns are either given (copied to the coordinator) or named (`{stored:
 * names}`: the coordinator reads them from the feature store, featureStore.ts, and the page sends
 * nothing). Aborting the signal terminates the job's team at once (a running k-means cannot be
 * interrupted any other way) and rejects the promise with an AbortError; `isAbort(error)` tells that
 * apart from a failure. The result is the same on any number of threads.
 *
 *   const client = createClusterClient(await FileAttachment("data/kmeans-worker.js").url());
 *   const result = await client.cluster(columns, config, {onProgress: (p) => …, signal});
 */
import type { ClusterConfig, ClusterResult, Columns, Progress, SweepConfig, SweepJobResult, WorkerResponse } from "../lib/cluster/jobs.js";
import { defaultThreads, WorkerTeam, type ColumnStore, type WorkerLike } from "./workerPool.js";

export type { ClusterConfig, ClusterResult, Progress, SweepConfig, SweepJobResult } from "../lib/cluster/jobs.js";
export type { WorkerLike } from "./workerPool.js";

/** Columns the coordinator reads from the feature store by name. */
export interface StoredColumns {
  stored: readonly string[];
}

/** A job as the page posts it to a coordinator. */
export type JobRequest = {
  id: number;
  type: "cluster" | "sweep";
  config: ClusterConfig | SweepConfig;
} & ({ columns: Columns; stored: null } | { columns: null; stored: string[] });

export interface JobOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

export interface ClusterClient {
  /** Threads each job's k-means runs on. */
  readonly threads: number;
  cluster(columns: Columns | StoredColumns, config: ClusterConfig, options?: JobOptions): Promise<ClusterResult>;
  sweep(columns: Columns | StoredColumns, config: SweepConfig, options?: JobOptions): Promise<SweepJobResult>;
  /** Terminates every worker; pending jobs reject with an AbortError. */
  close(): void;
}

export interface ClientOptions {
  createWorker?: () => WorkerLike;
  /** Threads k-means runs on: 1 runs it in the job's own worker; default navigator.hardwareConcurrency. */
  threads?: number;
  /** The feature store `{stored: names}` columns come from. */
  store?: ColumnStore | null;
}

function abortError(): Error {
  const error = new Error("clustering cancelled");
  error.name = "AbortError";
  return error;
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === "AbortError";
}

/**
 * Number columns as Float64Arrays (the worker's input type; numbers from any array-like, bigint
 * included, null as NaN); text columns (categorical features, plain arrays of strings and nulls) as they are.
 */
function toFloat64(columns: Columns): Columns {
  const out: Columns = {};
  for (const [name, values] of Object.entries(columns)) {
    if (Array.isArray(values) && values.some((v) => typeof v === "string")) {
      out[name] = values as (string | null)[];
      continue;
    }
    // A view into a larger buffer (an Arrow column, say) would send the whole buffer: copy just the view.
    const whole = values instanceof Float64Array && values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
    out[name] = whole ? (values as Float64Array) : Float64Array.from(values as ArrayLike<number>, (x) => (x === null || x === undefined ? NaN : Number(x)));
  }
  return out;
}

function isStored(columns: Columns | StoredColumns): columns is StoredColumns {
  return Array.isArray((columns as StoredColumns).stored);
}

export function createClusterClient(workerUrl: string | URL, options: ClientOptions = {}): ClusterClient {
  const createWorker = options.createWorker ?? (() => new Worker(workerUrl, { type: "module" }) as unknown as WorkerLike);
  const threads = options.threads ?? defaultThreads();
  const store = options.store ?? null;
  let nextId = 1;
  let idle: WorkerTeam | null = null;
  const running = new Set<{ team: WorkerTeam; cancel: () => void }>();

  function run<T>(type: "cluster" | "sweep", columns: Columns | StoredColumns, config: ClusterConfig | SweepConfig, jobOptions: JobOptions = {}): Promise<T> {
    const { onProgress, signal } = jobOptions;
    if (signal?.aborted) return Promise.reject(abortError());
    if (isStored(columns) && !store) return Promise.reject(new Error("columns by name need a feature store"));
    const team = idle && !idle.terminated ? idle : new WorkerTeam(createWorker, threads, store);
    idle = null;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const job = {
        team,
        cancel: () => {
          finish();
          team.terminate();
          reject(abortError());
        },
      };
      const onAbort = () => job.cancel();
      const finish = () => {
        running.delete(job);
        signal?.removeEventListener("abort", onAbort);
        team.coordinator.onmessage = null;
        team.onfailure = null;
      };
      running.add(job);
      signal?.addEventListener("abort", onAbort, { once: true });
      team.coordinator.onmessage = (event) => {
        const data = event.data as WorkerResponse;
        if (data.id !== id) return;
        if (data.type === "progress") {
          onProgress?.(data.progress);
          return;
        }
        finish();
        if (idle) team.terminate();
        else idle = team;
        if (data.type === "result") resolve(data.result as T);
        else reject(new Error(data.message));
      };
      team.onfailure = (message) => {
        finish();
        reject(new Error(message));
      };
      const request: JobRequest = isStored(columns)
        ? { id, type, config, columns: null, stored: [...columns.stored] }
        : { id, type, config, columns: toFloat64(columns), stored: null };
      team.coordinator.postMessage(request);
    });
  }

  return {
    threads,
    cluster: (columns, config, jobOptions) => run<ClusterResult>("cluster", columns, config, jobOptions),
    sweep: (columns, config, jobOptions) => run<SweepJobResult>("sweep", columns, config, jobOptions),
    close() {
      for (const job of [...running]) job.cancel();
      idle?.terminate();
      idle = null;
    },
  };
}
