/**
 * The hand-over between the k-means pool's coordinator and one worker thread (parallel.ts,
 * shardWorker.ts) without an event-loop turn on either side: the command and the reply travel on
 * a MessagePort of their own, read with `receiveMessageOnPort` (synchronous), and two counters in
 * shared memory say when there is one to read. The coordinator bumps COMMAND after posting a
 * command; the worker, waiting on COMMAND, reads it, runs it, posts the reply and sets REPLY to
 * the same count; the coordinator, waiting on REPLY, reads it.
 *
 * Why: a postMessage answered through the event loop costs tens of microseconds each way (a wake-up
 * of the other thread's loop, then a promise turn), once per Lloyd iteration per worker; at 10,000
 * rows an iteration's work is a few hundred microseconds, so that was much of the gain of a second
 * core. A waiter first spins briefly (the other side usually answers within microseconds: both
 * halves of an iteration take about as long), then sleeps in Atomics.wait (see Waiter).
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** Indices into the Int32Array of counters. */
export const COMMAND = 0;
export const REPLY = 1;
export const COUNTERS = 2;
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
