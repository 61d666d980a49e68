/**
 * The clustering Web Worker's entry: answers the page's job requests (src/lib/cluster/jobs.ts).
 * src/data/kmeans-worker.js.ts bundles this module (with everything it imports) into one ES module;
 * the page starts it with `new Worker(url, {type: "module"})` through workerClient.ts. Cancelling
 * terminates the worker (a synchronous computation cannot be interrupted otherwise).
 */
import { handleRequest, type WorkerRequest, type WorkerResponse } from "../lib/cluster/jobs.js";

// Only inside a Web Worker: answer the page's messages.
const scope = globalThis as unknown as {
  WorkerGlobalScope?: unknown;
  onmessage: ((event: { data: WorkerRequest }) => void) | null;
  postMessage(message: WorkerResponse, transfer?: ArrayBuffer[]): void;
};
if (typeof scope.WorkerGlobalScope !== "undefined") {
  scope.onmessage = (event) => handleRequest(event.data, (message, transfer) => scope.postMessage(message, transfer ?? []));
}
