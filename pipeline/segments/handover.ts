/**
 * The hand-over between the k-means pool's coordinator and one worker thread (parallel.ts,
 * shardWorker.ts) without an event-loop turn on either side: the command and the reply travel on
 * a MessagePort of their own, read with `receiveMessageOnPort` (synchronous), and two counters in
 * shared memory say when there is one to read. The coordinator bumps COMMAND after posting a
 * command; the worker, waiting on COMMAND, reads it, runs it, posts the reply and sets REPLY to
 * the same count; the coordinator, waiting on REPLY, reads it. The command of every iteration but the
 * first ("step": where the centres are, how far they moved) and its reply (the blocks' partial sums)
 * skip the port: they are written into two arrays in shared memory (StepBuffers, made for each k and
 * sent with a fit's first command), which saves the structured clones (some 10 µs per iteration here).
 *
 * Why: a postMessage answered through the event loop costs tens of microseconds each way (a wake-up
 * of the other thread's loop, then a promise turn), once per Lloyd iteration per worker; at 10,000
 * rows an iteration's work is a few hundred microseconds, so that was much of the gain of a second
 * core. A waiter first spins briefly (the other side usually answers within microseconds: both
 * halves of an iteration take about as long), then sleeps in Atomics.wait (see Waiter).
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import type { CentreState, ShardReply } from "../../src/lib/cluster/lloydShard.js";

/** Indices into the Int32Array of counters; KIND says where the command or reply is (ON_PORT or IN_STEP_BUFFERS). */
export const COMMAND = 0;
export const REPLY = 1;
export const COMMAND_KIND = 2;
export const REPLY_KIND = 3;
export const COUNTERS = 4;
export const ON_PORT = 0;
export const IN_STEP_BUFFERS = 1;
/** REPLY's value once the worker thread is exiting: no reply is coming. */
export const STOPPED = -1;

/**
 * A waiter spins a while before it sleeps, and adapts how long (between these bounds, in
 * milliseconds) to how often spinning paid. Waking a sleeping thread costs tens of microseconds on
 * an idle core (more from a deep idle state), about an iteration's work at 10,000 rows on two
 * threads, and on a quiet machine the other side usually answers within the spin. When the machine
 * is oversubscribed the other side is often not running at all, and spinning only takes a core from
 * it (at load average 10–12 on 2 cores, 10k rows: a 0.2 ms spin made the fit 3.9 times the one-thread
 * time, 0.01 ms 1.3 times): spins that end in a sleep halve the next spin, spins that pay double it.
 */
const LONGEST_SPIN_MS = 0.2;
const SHORTEST_SPIN_MS = 0.005;

export class Waiter {
  private spinMs = LONGEST_SPIN_MS;

  /** Waits until counters[index] is no longer `value`, and returns the new value. */
  waitForChange(counters: Int32Array, index: number, value: number): number {
    let now = Atomics.load(counters, index);
    if (now !== value) return now;
    const until = performance.now() + this.spinMs;
    do {
      for (let spin = 0; spin < 64; spin++) {
        now = Atomics.load(counters, index);
        if (now !== value) {
          this.spinMs = Math.min(LONGEST_SPIN_MS, this.spinMs * 2);
          return now;
        }
      }
    } while (performance.now() < until);
    this.spinMs = Math.max(SHORTEST_SPIN_MS, this.spinMs / 2);
    for (;;) {
      Atomics.wait(counters, index, value);
      now = Atomics.load(counters, index);
      if (now !== value) return now;
    }
  }
}

/** Sets counters[index] and wakes the other side if it sleeps on it. */
export function signal(counters: Int32Array, index: number, value: number): void {
  Atomics.store(counters, index, value);
  Atomics.notify(counters, index);
}

/** The message the other side posted before signalling (posted messages are queued at once, so it is there). */
export function take<T>(port: MessagePort): T {
  const received = receiveMessageOnPort(port);
  if (!received) throw new Error("k-means worker hand-over: signalled, but no message on the port");
  return received.message as T;
}

/** Shared arrays for one shard's "step" command (the centre state for k centres) and reply (its blocks' partials, then the rows moved). */
export interface StepBuffers {
  k: number;
  command: Float64Array;
  reply: Float64Array;
}

export function stepBuffers(k: number, d: number, blocks: number): StepBuffers {
  const shared = (length: number) => new Float64Array(new SharedArrayBuffer(length * 8));
  return { k, command: shared(k * d + k + k + k * k + 2), reply: shared(blocks * (k * d + k) + 1) };
}

/** Writes a step's centre state: centres, drift, half, gaps, then maxDrift and margin. */
export function writeStep(buffers: StepBuffers, state: CentreState): void {
  const { command } = buffers;
  let o = 0;
  for (const part of [state.centres, state.drift, state.half, state.gaps]) command.set(part, o), (o += part.length);
  command[o] = state.maxDrift;
  command[o + 1] = state.margin;
}

/** The centre state writeStep wrote, as views of the shared array (read before the next command is written). */
export function readStep(buffers: StepBuffers, d: number): CentreState {
  const { k, command } = buffers;
  const centres = command.subarray(0, k * d);
  const drift = command.subarray(k * d, k * d + k);
  const half = command.subarray(k * d + k, k * d + 2 * k);
  const gaps = command.subarray(k * d + 2 * k, k * d + 2 * k + k * k);
  const o = k * d + 2 * k + k * k;
  return { centres, drift, half, gaps, maxDrift: command[o], margin: command[o + 1] };
}

export function writeStepReply(buffers: StepBuffers, reply: ShardReply): void {
  buffers.reply.set(reply.partials!);
  buffers.reply[buffers.reply.length - 1] = reply.moved!;
}

/** A step's reply, copied out of the shared array, with every field LloydShard's replies have. */
export function readStepReply(buffers: StepBuffers): ShardReply {
  const { reply } = buffers;
  return { partials: reply.slice(0, reply.length - 1), moved: reply[reply.length - 1], low: undefined, high: undefined, sums: undefined, counts: undefined, labels: undefined, inertias: undefined };
}
