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
/**
 * counters[SLEEPING + i] is 1 while a thread sleeps in Atomics.wait on counters[i] (COMMAND or
 * REPLY): a signal with nobody asleep skips Atomics.notify, a system call that cost 10–90 µs an
 * iteration here although the other side, spinning, did not need it.
 */
const SLEEPING = 4;
export const COUNTERS = 6;
export const ON_PORT = 0;
export const IN_STEP_BUFFERS = 1;
/** REPLY's value once the worker thread is exiting: no reply is coming. */
export const STOPPED = -1;

const LONGEST_SPIN_MS = 0.2;
const SHORTEST_SPIN_MS = 0.005;
/** Weight of the latest wait in the running average (about the last four waits count). */
const AVERAGE_WEIGHT = 0.25;
const OBSERVED_CAP = 4;

/**
 * How long a waiter spins before it sleeps: a little longer than the other side has lately taken
 * to answer, while that is short, and hardly at all once it is long. Waking a sleeping thread costs
 * tens of microseconds on an idle core (more from a deep idle state), about an iteration's work at
 * 10,000 rows on two threads; on a quiet machine the other side usually answers within the spin.
 * When the machine is oversubscribed the other side is often not running at all, and spinning only
 * takes a core from it (at load average 10–12 on 2 cores, 10k rows: a 0.2 ms spin made the fit 3.9
 * times the one-thread time, 0.01 ms 1.3 times).
 *
 * The budget follows a running average of how long waits took, the sleep and its wake-up included,
 * so it comes back as soon as the answers are quick again. (It used to halve after every spin that
 * ended in a sleep and double after one that paid: the JIT-cold first fits of a fresh pool shrank it
 * to 5 µs, and at that length a spin almost never paid again, so every later wait slept. With
 * `npm run bench`'s 10k rows on two threads, 122 of 123 waits a fit slept for the first six fits,
 * 24–59 ms each, against 11–14 ms once the spins paid.)
 */
export class SpinBudget {
  /** The running average of recent waits, in milliseconds; it starts at a spin of `longest`. */
  private typicalMs: number;

  constructor(
    private readonly shortestMs = SHORTEST_SPIN_MS,
    private readonly longestMs = LONGEST_SPIN_MS,
  ) {
    this.typicalMs = longestMs / 2;
  }

  /** Milliseconds to spin before sleeping: twice the typical wait, within the bounds; the shortest once the typical wait is over twice the longest spin. */
  get spinMs(): number {
    if (this.typicalMs > 2 * this.longestMs) return this.shortestMs;
    return Math.min(this.longestMs, Math.max(this.shortestMs, 2 * this.typicalMs));
  }

  /** A wait took `ms`, spinning and sleeping together. One very long wait (a pause for garbage collection) counts as OBSERVED_CAP longest spins, so it does not outweigh the next few. */
  observe(ms: number): void {
    this.typicalMs += AVERAGE_WEIGHT * (Math.min(ms, OBSERVED_CAP * this.longestMs) - this.typicalMs);
  }
}

export class Waiter {
  private readonly budget = new SpinBudget();

  /** Waits until counters[index] is no longer `value`, and returns the new value. */
  waitForChange(counters: Int32Array, index: number, value: number): number {
    let now = Atomics.load(counters, index);
    if (now !== value) {
      this.budget.observe(0);
      return now;
    }
    const start = performance.now();
    const until = start + this.budget.spinMs;
    do {
      for (let spin = 0; spin < 64; spin++) {
        now = Atomics.load(counters, index);
        if (now !== value) {
          this.budget.observe(performance.now() - start);
          return now;
        }
      }
    } while (performance.now() < until);
    // The flag goes up before the wait looks at the counter, and `signal` stores the counter before
    // it looks at the flag; with sequentially consistent atomics either the wait sees the new value
    // or the signal sees the flag and wakes the sleeper: no wake-up is lost.
    Atomics.store(counters, SLEEPING + index, 1);
    do {
      Atomics.wait(counters, index, value);
      now = Atomics.load(counters, index);
    } while (now === value);
    Atomics.store(counters, SLEEPING + index, 0);
    this.budget.observe(performance.now() - start);
    return now;
  }
}

/** Sets counters[index] and wakes the other side if it sleeps on it. */
export function signal(counters: Int32Array, index: number, value: number): void {
  Atomics.store(counters, index, value);
  if (Atomics.load(counters, SLEEPING + index) !== 0) Atomics.notify(counters, index);
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
  // moved as a small integer, as LloydShard gives it: one field representation, so code shaped by either reply serves both.
  return { partials: reply.slice(0, reply.length - 1), moved: reply[reply.length - 1] | 0, low: undefined, high: undefined, sums: undefined, counts: undefined, labels: undefined, inertias: undefined };
}
