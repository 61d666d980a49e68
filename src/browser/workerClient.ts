/**
 * The page's side of the clustering Web Worker (worker.ts): `cluster(columns, config, {onProgress,
 * signal})` and `sweep(...)` return promises of the worker's results.
 *
 * Each job runs in its own worker (an idle one is reused), so a sweep and a clustering can run side
 * by side. Aborting the signal terminates that job's worker at once (a running k-means cannot be
 * interrupted any other way) and rejects the promise with an AbortError; `isAbort(error)` tells
 * that apart from a failure.
 *
 *   const client = createClusterClient(await FileAttachment("data/kmeans-worker.js").url());
 *   const result = await client.cluster(columns, config, {onProgress: (p) => …, signal});
 */
import type { ClusterConfig, ClusterResult, Columns, Progress, SweepConfig, SweepJobResult, WorkerRequest, WorkerResponse } from "../lib/cluster/jobs.js";

export type { ClusterConfig, ClusterResult, Progress, SweepConfig, SweepJobResult } from "../lib/cluster/jobs.js";

/** The part of a Web Worker the client uses (so tests can pass a stand-in). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  terminate(): void;
  onmessage: ((event: { data: WorkerResponse }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}

export interface JobOptions {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

export interface ClusterClient {
  cluster(columns: Columns, config: ClusterConfig, options?: JobOptions): Promise<ClusterResult>;
  sweep(columns: Columns, config: SweepConfig, options?: JobOptions): Promise<SweepJobResult>;
  /** Terminates every worker; pending jobs reject with an AbortError. */
  close(): void;
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

export function createClusterClient(
  workerUrl: string | URL,
  createWorker: () => WorkerLike = () => new Worker(workerUrl, { type: "module" }) as unknown as WorkerLike,
): ClusterClient {
  let nextId = 1;
  let idle: WorkerLike | null = null;
  const running = new Set<{ worker: WorkerLike; cancel: () => void }>();

  function run<T>(type: WorkerRequest["type"], columns: Columns, config: ClusterConfig | SweepConfig, options: JobOptions = {}): Promise<T> {
    const { onProgress, signal } = options;
    if (signal?.aborted) return Promise.reject(abortError());
    const worker = idle ?? createWorker();
    idle = null;
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const job = {
        worker,
        cancel: () => {
          finish();
          worker.terminate();
          reject(abortError());
        },
      };
      const onAbort = () => job.cancel();
      const finish = () => {
        running.delete(job);
        signal?.removeEventListener("abort", onAbort);
        worker.onmessage = null;
        worker.onerror = null;
      };
      running.add(job);
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.onmessage = ({ data }) => {
        if (data.id !== id) return;
        if (data.type === "progress") {
          onProgress?.(data.progress);
          return;
        }
        finish();
        if (idle) worker.terminate();
        else idle = worker;
        if (data.type === "result") resolve(data.result as T);
        else reject(new Error(data.message));
      };
      worker.onerror = (event) => {
        finish();
        worker.terminate();
        reject(new Error(`clustering worker failed: ${event.message ?? "unknown error"}`));
      };
      worker.postMessage({ id, type, columns: toFloat64(columns), config } as WorkerRequest);
    });
  }

  return {
    cluster: (columns, config, options) => run<ClusterResult>("cluster", columns, config, options),
    sweep: (columns, config, options) => run<SweepJobResult>("sweep", columns, config, options),
    close() {
      for (const job of [...running]) job.cancel();
      idle?.terminate();
      idle = null;
    },
  };
}
