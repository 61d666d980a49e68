/**
 * k-means on every core in Node: the rows go into shared memory, cut into the fixed blocks of
 * src/lib/cluster/lloydShard.ts and shared out as contiguous runs of whole blocks, one shard per
 * core; this thread runs the first shard itself and one worker thread each of the others. The
 * coordinator is the same program the one-core `kmeans` runs (kmeansProgram, lloydProgram), adding
 * the shards' per-block partial sums in block order, so the labels, centroids, iterations and
 * inertia are those of the one-core run, bit for bit (tests/pipeline/segments/parallel.test.ts).
 *
 * k-means++ starts are drawn in this thread (a pass per centre over the shared rows); only the
 * Lloyd iterations are shared out.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { kmeansProgram, type KMeansOptions, type KMeansResult } from "../../src/lib/cluster/kmeans.js";
import { lloydProgram, runAsync, type AsyncShardRunner, type LloydOptions, type LloydResult } from "../../src/lib/cluster/lloydProgram.js";
import { blockLayout, LloydShard, shardRanges, type ShardCommand, type ShardReply } from "../../src/lib/cluster/lloydShard.js";
import type { ShardWorkerData } from "./shardWorker.js";

export interface PoolOptions {
  /** Threads, this one included (default: os.availableParallelism()); never more than there are blocks. */
  threads?: number;
  /** Rows per block (default: a function of n); tests set it small to use many shards on small data. */
  blockRows?: number;
}

export interface KMeansPool {
  /** Threads actually used (this one included). */
  readonly threads: number;
  kmeans(options: KMeansOptions): Promise<KMeansResult>;
  lloyd(initial: readonly ArrayLike<number>[], options?: LloydOptions): Promise<LloydResult>;
  close(): Promise<void>;
}

/**
 * The worker entry is TypeScript, and tsx's loader registers itself on the main thread only: each
 * worker starts from a few lines that register tsx's module hooks, then import the entry.
 */
function startWorker(workerData: ShardWorkerData): Worker {
  // tsx's "tsx/esm/api" export, import condition (require.resolve would give its CommonJS build).
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs")).href;
  const entry = new URL("./shardWorker.ts", import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

class WorkerShard implements AsyncShardRunner {
  private waiting: { resolve: (r: ShardReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  /** Settles when the worker has loaded its shard (or failed to). */
  readonly ready: Promise<void>;

  constructor(readonly worker: Worker) {
    let started!: () => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise<void>((ok, fail) => ((started = ok), (failed = fail)));
    worker.on("message", (message: { ready?: boolean; ok?: boolean; reply?: ShardReply; message?: string }) => {
      if (message.ready) return started();
      const waiting = this.waiting;
      this.waiting = null;
      if (!waiting) return;
      if (message.ok) waiting.resolve(message.reply!);
      else waiting.reject(new Error(`k-means worker: ${message.message}`));
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      failed(error);
      this.waiting?.reject(error);
      this.waiting = null;
    };
    worker.on("error", (error) => fail(new Error(`k-means worker failed: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`k-means worker stopped (exit code ${code})`)));
  }

  run(command: ShardCommand): Promise<ShardReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.worker.postMessage(command);
    });
  }
}

/** Starts a pool over n rows of d features; the rows are copied into shared memory once (unless they already are). */
export async function openKMeansPool(data: Float64Array, n: number, d: number, options: PoolOptions = {}): Promise<KMeansPool> {
  if (data.length < n * d) throw new Error(`expected ${n} × ${d} values, got ${data.length}`);
  const layout = blockLayout(n, options.blockRows);
  const ranges = shardRanges(layout, options.threads ?? availableParallelism());
  let shared: Float64Array;
  if (data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0) {
    shared = data;
  } else {
    shared = new Float64Array(new SharedArrayBuffer(n * d * 8));
    shared.set(data.subarray(0, n * d));
  }
  const local = new LloydShard(shared.subarray(ranges[0].rowStart * d, ranges[0].rowEnd * d), d, layout, ranges[0]);
  const workers = ranges.slice(1).map((range) => new WorkerShard(startWorker({ buffer: shared.buffer as SharedArrayBuffer, d, layout, range })));
  // Wait until every worker has loaded, so start-up is not counted in the first iteration.
  try {
    await Promise.all(workers.map((w) => w.ready));
  } catch (error) {
    await Promise.all(workers.map((w) => w.worker.terminate()));
    throw error;
  }
  const runners: AsyncShardRunner[] = [local, ...workers];
  return {
    threads: runners.length,
    kmeans: (kmeansOptions) => runAsync(kmeansProgram(shared, n, d, kmeansOptions), runners),
    lloyd: (initial, lloydOptions) => runAsync(lloydProgram(n, d, initial, lloydOptions), runners),
    async close() {
      await Promise.all(workers.map((w) => w.worker.terminate()));
    },
  };
}

/** k-means on every core (see the module comment); the same result as `kmeans` from src/lib/cluster/kmeans.ts. */
export async function kmeansParallel(data: Float64Array, n: number, d: number, options: KMeansOptions & PoolOptions): Promise<KMeansResult> {
  const pool = await openKMeansPool(data, n, d, options);
  try {
    return await pool.kmeans(options);
  } finally {
    await pool.close();
  }
}
