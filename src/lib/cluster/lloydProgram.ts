/**
 * Lloyd's iterations as a program over shards (lloydShard.ts): a generator that yields what every
 * shard must do next and receives their replies, in shard (= block) order. It keeps the centres,
 * how far they have moved and the stopping rule, and adds the shards' per-block partial sums up in
 * block order, so the result does not depend on how many shards there are.
 *
 * `runSync` runs a program on shards in this thread (kmeans.ts: one shard with every block);
 * `runAsync` on shards that answer asynchronously (src/lib/cluster/team.ts over message ports: the
 * browser's Web Workers); `runBlocking` on shards this thread hands a command and then waits for,
 * without returning to the event loop (pipeline/segments/parallel.ts: worker threads woken and
 * waited for with Atomics). One program, so every runner gives the same result.
 */
import type { CentreState, ShardCommand, ShardReply } from "./lloydShard.js";

export type LloydRequest =
  /** Every shard runs the command (they may run at the same time); the replies come back in shard order. */
  | { kind: "each"; command: ShardCommand }
  /** Shard after shard, in order: each continues the sums and counts of the one before (a row-order sum over every row). */
  | { kind: "chain"; command: Extract<ShardCommand, { op: "accumulate" }> };

export type Program<R> = Generator<LloydRequest, R, ShardReply[]>;

export interface LloydOptions {
  maxIterations?: number;
  /** Stop when every centre moved by a squared distance ≤ tolerance (ml-kmeans's rule); 0 runs until no label changes. */
  tolerance?: number;
  onIteration?: (iteration: number) => void;
}

export interface LloydResult {
  /** ml-kmeans's `clusters`: each row's nearest centre at the start of the last iteration. */
  labels: Int32Array;
  /** ml-kmeans's `centroids`: the means of those clusters (an empty cluster keeps its centre). */
  centroids: number[][];
  iterations: number;
  converged: boolean;
  /** Each row's nearest returned centroid (ties to the lower index): a final assignment step. */
  finalLabels: Int32Array;
  /** Sum of squared distances from each row to its `finalLabels` centroid. */
  inertia: number;
}

export const DEFAULT_MAX_ITERATIONS = 300;
export const DEFAULT_TOLERANCE = 1e-8;

/** Half the distance between every two centres (`gaps`, k × k) and from each centre to its nearest other one (`half`). */
function halfGaps(centres: Float64Array, k: number, d: number, half: Float64Array, gaps: Float64Array): void {
  half.fill(Infinity);
  gaps.fill(Infinity);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = centres[a * d + t] - centres[b * d + t];
        s += diff * diff;
      }
      const h = Math.sqrt(s) / 2;
      gaps[a * k + b] = h;
      gaps[b * k + a] = h;
      if (h < half[a]) half[a] = h;
      if (h < half[b]) half[b] = h;
    }
  }
}

/** The shards' partials added up in block order into `sums` (k·d) and `counts` (k); the first block is copied, not added to zero. */
function combine(replies: readonly ShardReply[], k: number, d: number, sums: Float64Array, counts: Float64Array): void {
  const stride = k * d + k;
  let first = true;
  for (const reply of replies) {
    const partials = reply.partials!;
    for (let o = 0; o < partials.length; o += stride) {
      if (first) {
        for (let j = 0; j < k * d; j++) sums[j] = partials[o + j];
        for (let c = 0; c < k; c++) counts[c] = partials[o + k * d + c];
        first = false;
      } else {
        for (let j = 0; j < k * d; j++) sums[j] += partials[o + j];
        for (let c = 0; c < k; c++) counts[c] += partials[o + k * d + c];
      }
    }
  }
}

function concatLabels(replies: readonly ShardReply[], n: number): Int32Array {
  const labels = new Int32Array(n);
  let offset = 0;
  for (const reply of replies) {
    labels.set(reply.labels!, offset);
    offset += reply.labels!.length;
  }
  if (offset !== n) throw new Error(`the shards returned ${offset} labels for ${n} rows`);
  return labels;
}

/**
 * Lloyd's algorithm from given starting centres, with ml-kmeans 7's semantics (see kmeans.ts) and
 * Hamerly's bounds, over n rows of d features held by the shards.
 */
export function* lloydProgram(n: number, d: number, initial: readonly ArrayLike<number>[], options: LloydOptions = {}): Program<LloydResult> {
  const { maxIterations = DEFAULT_MAX_ITERATIONS, tolerance = DEFAULT_TOLERANCE, onIteration } = options;
  const k = initial.length;
  if (k < 1) throw new Error("k-means needs at least one starting centre");
  if (n < 1) throw new Error("k-means needs at least one row");
  if (!(maxIterations >= 1)) throw new Error(`maxIterations must be at least 1, got ${maxIterations}`);
  let centres = new Float64Array(k * d);
  let next = new Float64Array(k * d);
  initial.forEach((c, j) => {
    if (c.length !== d) throw new Error(`starting centre ${j} has ${c.length} values, expected ${d}`);
    for (let t = 0; t < d; t++) centres[j * d + t] = c[t];
  });
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const drift = new Float64Array(k); // total distance each centre has moved
  let maxDrift = 0; // Σ over updates of the largest move
  const half = new Float64Array(k); // half the distance from each centre to its nearest other centre
  const gaps = new Float64Array(k * k); // half the distance between every two centres
  // A skip needs the bounds to clear a margin above their rounding error, so skips never change a
  // label. Stored bounds are at most extent + maxDrift in size (every centre lies in the data's
  // bounding box), rounded to single precision (relative error 2^-24); the double-precision updates
  // add about iterations × 1e-16 × extent. The margin is 4 times the first plus far more than the second.
  let extent = 0;
  const margin = () => 2 ** -21 * (extent + maxDrift) + 1e-9 * extent + 1e-300;
  const state = (): CentreState => ({ centres: centres.slice(), drift: drift.slice(), maxDrift, half: half.slice(), gaps: gaps.slice(), margin: margin() });

  /** Moves the centres to `next`, records how far they moved, and tells whether every move was ≤ tolerance (squared). */
  const moveTo = (): boolean => {
    let converged = true;
    let largest = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = next[c * d + t] - centres[c * d + t];
        s += diff * diff;
      }
      if (s > tolerance) converged = false;
      const move = Math.sqrt(s);
      drift[c] += move;
      if (move > largest) largest = move;
    }
    maxDrift += largest;
    const swap = centres;
    centres = next;
    next = swap;
    return converged;
  };

  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    iterations++;
    let replies: ShardReply[];
    if (iterations === 1) {
      replies = yield { kind: "each", command: { op: "assignAll", centres: centres.slice() } };
      for (let t = 0; t < d; t++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const r of replies) {
          if (r.low![t] < lo) lo = r.low![t];
          if (r.high![t] > hi) hi = r.high![t];
        }
        extent += (hi - lo) * (hi - lo);
      }
      extent = Math.sqrt(extent);
    } else {
      halfGaps(centres, k, d, half, gaps);
      replies = yield { kind: "each", command: { op: "step", ...state() } };
    }
    combine(replies, k, d, sums, counts);
    // New centres: the cluster means (an empty cluster keeps its centre).
    for (let c = 0; c < k; c++) {
      for (let t = 0; t < d; t++) next[c * d + t] = counts[c] ? sums[c * d + t] / counts[c] : centres[c * d + t];
    }
    converged = moveTo();
    onIteration?.(iterations);
  }
  // The running sums have drifted from row-order sums by rounding: return the exact means of the
  // last clusters, summed in row order over every row as ml-kmeans sums them, then assign every row to them.
  const chain = yield { kind: "chain", command: { op: "accumulate", sums: new Float64Array(k * d), counts: new Float64Array(k) } };
  const stepLabels = concatLabels(chain, n);
  const last = chain[chain.length - 1];
  for (let c = 0; c < k; c++) {
    for (let t = 0; t < d; t++) next[c * d + t] = last.counts![c] ? last.sums![c * d + t] / last.counts![c] : centres[c * d + t];
  }
  moveTo();
  halfGaps(centres, k, d, half, gaps);
  const finished = yield { kind: "each", command: { op: "finish", ...state() } };
  let inertia = 0;
  let first = true;
  for (const reply of finished) {
    for (const x of reply.inertias!) {
      if (first) (inertia = x), (first = false);
      else inertia += x;
    }
  }
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) centroids.push(Array.from(centres.subarray(c * d, c * d + d)));
  return { labels: stepLabels, centroids, iterations, converged, finalLabels: concatLabels(finished, n), inertia };
}

/** What runs a shard's commands: a LloydShard in this thread, or a worker. */
export interface ShardRunner {
  run(command: ShardCommand): ShardReply;
}
export interface AsyncShardRunner {
  run(command: ShardCommand): ShardReply | Promise<ShardReply>;
}

/** Runs a program on shards in this thread, in shard order. */
export function runSync<R>(program: Program<R>, shards: readonly ShardRunner[]): R {
  let step = program.next(undefined as unknown as ShardReply[]);
  while (!step.done) {
    const request = step.value;
    const replies: ShardReply[] = [];
    if (request.kind === "each") {
      for (const shard of shards) replies.push(shard.run(request.command));
    } else {
      let { sums, counts } = request.command;
      for (const shard of shards) {
        const reply = shard.run({ op: "accumulate", sums, counts });
        replies.push(reply);
        (sums = reply.sums!), (counts = reply.counts!);
      }
    }
    step = program.next(replies);
  }
  return step.value;
}

/** Runs a program on shards that may answer asynchronously: "each" requests go to all of them at once. */
export async function runAsync<R>(program: Program<R>, shards: readonly AsyncShardRunner[]): Promise<R> {
  let step = program.next(undefined as unknown as ShardReply[]);
  while (!step.done) {
    const request = step.value;
    let replies: ShardReply[];
    if (request.kind === "each") {
      // Started last to first, so a shard that answers synchronously in this thread (the pool's
      // own, holding the first blocks) runs after the workers have their command.
      const pending: (ShardReply | Promise<ShardReply>)[] = new Array(shards.length);
      for (let s = shards.length - 1; s >= 0; s--) pending[s] = shards[s].run(request.command);
      replies = await Promise.all(pending);
    } else {
      replies = [];
      let { sums, counts } = request.command;
      for (const shard of shards) {
        const reply = await shard.run({ op: "accumulate", sums, counts });
        replies.push(reply);
        (sums = reply.sums!), (counts = reply.counts!);
      }
    }
    step = program.next(replies);
  }
  return step.value;
}

/**
 * A shard told its command first and asked for the reply after: a worker this thread waits for
 * (`reply` blocks), or a shard in this thread (`start` keeps the command, `reply` runs it).
 */
export interface BlockingShardRunner {
  start(command: ShardCommand): void;
  reply(): ShardReply;
}

/** A shard in this thread as a BlockingShardRunner: the work happens in `reply`, while the others run theirs. */
export function deferred(shard: ShardRunner): BlockingShardRunner {
  let pending: ShardCommand | null = null;
  return {
    start(command) {
      pending = command;
    },
    reply() {
      const command = pending!;
      pending = null;
      return shard.run(command);
    },
  };
}

/**
 * Runs a program on shards that work while this thread does: every shard of an "each" request is
 * started (last to first, so the workers have their command before this thread's own shard, the
 * first, runs in its `reply`), then the replies are collected in shard order. Synchronous: per
 * iteration there is no event-loop turn, only the shards' own hand-over (pipeline/segments/parallel.ts).
 */
export function runBlocking<R>(program: Program<R>, shards: readonly BlockingShardRunner[]): R {
  let step = program.next(undefined as unknown as ShardReply[]);
  while (!step.done) {
    const request = step.value;
    // Filled by push, in shard order, as runSync fills it: a packed array either way, so the
    // program's optimised code (V8's, shaped by the array it was first given) serves both.
    const replies: ShardReply[] = [];
    if (request.kind === "each") {
      // Every shard that was started is asked for its reply, even after one failed, so no reply
      // is left waiting to be taken as the answer to a later command.
      let started = shards.length;
      let failure: { error: unknown } | null = null;
      try {
        for (let s = shards.length - 1; s >= 0; s--) {
          shards[s].start(request.command);
          started = s;
        }
      } catch (error) {
        failure = { error };
      }
      for (let s = started; s < shards.length; s++) {
        try {
          replies.push(shards[s].reply());
        } catch (error) {
          failure ??= { error };
        }
      }
      if (failure) throw failure.error;
    } else {
      let { sums, counts } = request.command;
      for (let s = 0; s < shards.length; s++) {
        shards[s].start({ op: "accumulate", sums, counts });
        const reply = shards[s].reply();
        replies.push(reply);
        (sums = reply.sums!), (counts = reply.counts!);
      }
    }
    step = program.next(replies);
  }
  return step.value;
}
