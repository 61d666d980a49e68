/**
 * k-means on every core in Node: the rows go into shared memory, cut into the fixed blocks of
 * src/lib/cluster/lloydShard.ts and shared out as contiguous runs of whole blocks, one shard per
 * core; this thread runs the first shard itself and one worker thread each of the others. The
 * coordinator is the same program the one-core `kmeans` runs (kmeansProgram, lloydProgram), adding
 * the shards' per-block partial sums in block order, so the labels, centroids, iterations and
 * inertia are those of the one-core run, bit for bit (tests/pipeline/segments/parallel.test.ts).
 *
 * Each iteration this thread hands every worker its command and waits for the replies without an
 * event-loop turn (handover.ts: a message port read synchronously, counters in shared memory,
 * Atomics to wake and wait). Starting the workers costs more than a small job's fits save, so
 * kmeansParallel runs a small job on this thread alone (src/lib/cluster/threads.ts). `handover:
 * "messages"` keeps the earlier event-loop path (postMessage and a promise per reply, what the
 * browser's team.ts does); both give the same result.
 *
 * k-means++ starts are drawn in this thread (a pass per centre over the shared rows); only the
 * Lloyd iterations are shared out.
 */
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import { kmeans, kmeansProgram, type KMeansOptions, type KMeansResult } from "../../src/lib/cluster/kmeans.js";
import {
  deferred, lloydProgram, runAsync, runBlocking, type AsyncShardRunner, type BlockingShardRunner, type LloydOptions, type LloydResult, type Program,
} from "../../src/lib/cluster/lloydProgram.js";
import { blockLayout, LloydShard, shardRanges, type ShardCommand, type ShardReply } from "../../src/lib/cluster/lloydShard.js";
import { defaultKMeansThreads, poolThreads } from "../../src/lib/cluster/threads.js";
import {
  COMMAND, COMMAND_KIND, COUNTERS, IN_STEP_BUFFERS, ON_PORT, readStepReply, REPLY, REPLY_KIND, signal, STOPPED, stepBuffers, take, Waiter, writeStep,
  type StepBuffers,
} from "./handover.js";
import type { PortCommand, ShardWorkerData, WorkerAnswer } from "./shardWorker.js";
import { startTypeScriptWorker } from "./typeScriptWorker.js";

export interface PoolOptions {
  /** Threads, this one included (a pool's default: every core, at most one per block of rows: poolThreads); never more than there are blocks. */
  threads?: number;
  /** Rows per block (default: a function of n); tests set it small to use many shards on small data. */
  blockRows?: number;
  /** How commands reach the workers: "atomics" (default: see the module comment) or "messages" (postMessage and the event loop). */
  handover?: "atomics" | "messages";
}

export interface KMeansPool {
  /** Threads actually used (this one included). */
  readonly threads: number;
  kmeans(options: KMeansOptions): Promise<KMeansResult>;
  lloyd(initial: readonly ArrayLike<number>[], options?: LloydOptions): Promise<LloydResult>;
  close(): Promise<void>;
}

/** A shard worker (shardWorker.ts), TypeScript run through tsx. */
function startWorker(workerData: ShardWorkerData, transferList: MessagePort[] = []): Worker {
  return startTypeScriptWorker(new URL("./shardWorker.ts", import.meta.url), workerData, transferList);
}

/** Starting and stopping a worker, whatever the hand-over. */
class WorkerThread {
  private failure: Error | null = null;
  /** Settles when the worker has loaded its shard (or failed to). */
  readonly ready: Promise<void>;

  constructor(readonly worker: Worker) {
    let started!: () => void;
    let failed!: (e: Error) => void;
    this.ready = new Promise<void>((ok, fail) => ((started = ok), (failed = fail)));
    worker.on("message", (message: { ready?: boolean }) => {
      if (message.ready) started();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      failed(error);
    };
    worker.on("error", (error) => fail(new Error(`k-means worker failed: ${error.message}`)));
    worker.on("exit", (code) => fail(new Error(`k-means worker stopped (exit code ${code})`)));
  }

  /** Why the worker cannot take commands (it failed or stopped), or null. */
  get failed(): Error | null {
    return this.failure;
  }
}

/**
 * A worker shard handed its commands through shared counters and a port of its own (handover.ts).
 * `start` posts and signals; `reply` waits (spinning, then Atomics.wait) and reads the answer.
 */
class HandoverShard implements BlockingShardRunner {
  private readonly counters = new Int32Array(new SharedArrayBuffer(COUNTERS * 4));
  private readonly channel = new MessageChannel();
  private sent = 0;
  private readonly waiter = new Waiter();
  /** The step arrays for the current fit's k (made anew, and sent, when a fit with another k starts). */
  private step: StepBuffers | null = null;
  readonly thread: WorkerThread;

  constructor(private readonly workerData: Omit<ShardWorkerData, "handover">) {
    const port = this.channel.port2;
    this.thread = new WorkerThread(startWorker({ ...workerData, handover: { counters: this.counters.buffer as SharedArrayBuffer, port } }, [port]));
  }

  start(command: ShardCommand | { op: "close" }): void {
    const failure = this.thread.failed;
    if (failure) throw failure;
    if (command.op === "step" && this.step) {
      writeStep(this.step, command);
      Atomics.store(this.counters, COMMAND_KIND, IN_STEP_BUFFERS);
    } else {
      const message: PortCommand = { command };
      if (command.op === "assignAll") {
        const { d, range } = this.workerData;
        const k = command.centres.length / d;
        if (this.step?.k !== k) message.step = this.step = stepBuffers(k, d, range.endBlock - range.firstBlock);
      }
      this.channel.port1.postMessage(message);
      Atomics.store(this.counters, COMMAND_KIND, ON_PORT);
    }
    signal(this.counters, COMMAND, ++this.sent);
  }

  reply(): ShardReply {
    if (this.waiter.waitForChange(this.counters, REPLY, this.sent - 1) === STOPPED) throw new Error("k-means worker stopped");
    if (Atomics.load(this.counters, REPLY_KIND) === IN_STEP_BUFFERS) return readStepReply(this.step!);
    const answer = take<WorkerAnswer>(this.channel.port1);
    if (!answer.ok) throw new Error(`k-means worker: ${answer.message}`);
    return answer.reply!;
  }

  async close(): Promise<void> {
    // Out of its waiting loop first (a worker asleep in Atomics.wait is also stopped by terminate).
    if (!this.thread.failed) this.start({ op: "close" });
    this.channel.port1.close();
    await this.thread.worker.terminate();
  }
}

/** A worker shard answering each command with a postMessage, through the event loop (the browser's way). */
class WorkerShard implements AsyncShardRunner {
  private waiting: { resolve: (r: ShardReply) => void; reject: (e: Error) => void } | null = null;
  readonly thread: WorkerThread;

  constructor(workerData: ShardWorkerData) {
    this.thread = new WorkerThread(startWorker(workerData));
    this.thread.worker.on("message", (message: { ready: true } | WorkerAnswer) => {
      const waiting = this.waiting;
      if ("ready" in message || !waiting) return;
      this.waiting = null;
      if (message.ok) waiting.resolve(message.reply);
      else waiting.reject(new Error(`k-means worker: ${message.message}`));
    });
    const fail = () => {
      this.waiting?.reject(this.thread.failed!);
      this.waiting = null;
    };
    this.thread.worker.on("error", fail);
    this.thread.worker.on("exit", fail);
  }

  run(command: ShardCommand): Promise<ShardReply> {
    if (this.thread.failed) return Promise.reject(this.thread.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.thread.worker.postMessage(command);
    });
  }

  async close(): Promise<void> {
    await this.thread.worker.terminate();
  }
}

/** Starts a pool over n rows of d features; the rows are copied into shared memory once (unless they already are). */
export async function openKMeansPool(data: Float64Array, n: number, d: number, options: PoolOptions = {}): Promise<KMeansPool> {
  if (data.length < n * d) throw new Error(`expected ${n} × ${d} values, got ${data.length}`);
  const layout = blockLayout(n, options.blockRows);
  // By default every core, at most one per block (src/lib/cluster/threads.ts).
  const ranges = shardRanges(layout, options.threads ?? poolThreads(n, availableParallelism()));
  let shared: Float64Array;
  if ((data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0) || ranges.length === 1) {
    // One thread shares nothing: the rows as they are (a shared copy would only cost a copy, and the
    // kernels, compiled for ordinary arrays by then, run several times slower over shared memory).
    shared = data;
  } else {
    shared = new Float64Array(new SharedArrayBuffer(n * d * 8));
    shared.set(data.subarray(0, n * d));
  }
  const local = new LloydShard(shared.subarray(ranges[0].rowStart * d, ranges[0].rowEnd * d), d, layout, ranges[0]);
  const buffer = shared.buffer as SharedArrayBuffer;
  const handover = options.handover ?? "atomics";
  const workers: (HandoverShard | WorkerShard)[] = ranges
    .slice(1)
    .map((range) => (handover === "atomics" ? new HandoverShard({ buffer, d, layout, range }) : new WorkerShard({ buffer, d, layout, range })));
  // Wait until every worker has loaded, so start-up is not counted in the first iteration.
  try {
    await Promise.all(workers.map((w) => w.thread.ready));
  } catch (error) {
    await Promise.all(workers.map((w) => w.thread.worker.terminate()));
    throw error;
  }
  const run = <R>(program: Program<R>): Promise<R> =>
    handover === "atomics"
      ? new Promise<R>((ok) => ok(runBlocking(program, [deferred(local), ...(workers as HandoverShard[])])))
      : runAsync(program, [local, ...(workers as WorkerShard[])]);
  return {
    threads: workers.length + 1,
    kmeans: (kmeansOptions) => run(kmeansProgram(shared, n, d, kmeansOptions)),
    lloyd: (initial, lloydOptions) => run(lloydProgram(n, d, initial, lloydOptions)),
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

/**
 * k-means on every core (see the module comment); the same result as `kmeans` from src/lib/cluster/kmeans.ts.
 * By default a pool is started only for a job whose nInit fits repay its start-up (defaultKMeansThreads).
 */
export async function kmeansParallel(data: Float64Array, n: number, d: number, options: KMeansOptions & PoolOptions): Promise<KMeansResult> {
  const threads = options.threads ?? defaultKMeansThreads(n, d, availableParallelism(), options.nInit ?? 1);
  // One thread (asked for, or the default for a small job): this thread alone, no worker to start.
  if (threads === 1) return kmeans(data, n, d, options);
  const pool = await openKMeansPool(data, n, d, { ...options, threads });
  try {
    return await pool.kmeans(options);
  } finally {
    await pool.close();
  }
}
