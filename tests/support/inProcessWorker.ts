// A Web Worker stand-in for the browser tests: the clustering workers' own code (serveWorker from
// src/browser/kmeansWorker.ts) answering at the far end of a MessageChannel in this thread, so
// messages are real structured clones, buffers really move and ports really transfer.
import { serveWorker, type WorkerScope } from "../../src/browser/kmeansWorker.js";
import type { WorkerLike } from "../../src/browser/workerPool.js";

export class InProcessWorker implements WorkerLike {
  /** Every worker made, in order. */
  static made: InProcessWorker[] = [];
  terminated = false;
  onerror: ((event: { message?: string }) => void) | null = null;
  readonly #channel = new MessageChannel();
  #onmessage: ((event: { data: unknown }) => void) | null = null;

  constructor() {
    InProcessWorker.made.push(this);
    serveWorker(this.#channel.port2 as unknown as WorkerScope);
  }

  get onmessage(): ((event: { data: unknown }) => void) | null {
    return this.#onmessage;
  }

  set onmessage(handler: ((event: { data: unknown }) => void) | null) {
    this.#onmessage = handler;
    this.#channel.port1.onmessage = handler ? (event) => this.#onmessage?.(event) : null;
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    if (!this.terminated) this.#channel.port1.postMessage(message, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.#channel.port1.close();
    this.#channel.port2.close();
  }
}
