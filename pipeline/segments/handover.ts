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
 * halves of an iteration take about as long), then sleeps in Atomics.wait.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** Indices into the Int32Array of counters. */
export const COMMAND = 0;
export const REPLY = 1;
export const COUNTERS = 2;

/** Loads of the counter before sleeping: some tens of microseconds, about the time an iteration's two halves differ by. */
const SPINS = 20_000;

/** Waits until counters[index] is no longer `value`, and returns the new value. */
export function waitForChange(counters: Int32Array, index: number, value: number): number {
  for (let spin = 0; spin < SPINS; spin++) {
    const now = Atomics.load(counters, index);
    if (now !== value) return now;
  }
  for (;;) {
    Atomics.wait(counters, index, value);
    const now = Atomics.load(counters, index);
    if (now !== value) return now;
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
