/**
 * The clustering Web Workers' entry. src/data/kmeans-worker.js.ts bundles this module (with
 * everything it imports) into one ES module; the page starts every worker from it with
 * `new Worker(url, {type: "module"})` and the first message gives the worker its role:
 * - `coordinator` (workerPool.ts): runs the page's jobs (src/lib/cluster/jobs.ts), with its k-means
 *   on the team of members whose ports it is given (src/lib/cluster/team.ts), or in this thread when
 *   it has none; a job's columns come with the job or, by name, from the feature store's port;
 * - `member`: answers its coordinator on the port it is given (serveTeamMember);
 * - `store` (featureStore.ts): fetches and decodes the feature table and hands out its columns.
 * Cancelling terminates the workers (a synchronous computation cannot be interrupted otherwise).
 */
import type { KMeansEngine } from "../lib/cluster/engine.js";
import { handleRequest, type WorkerRequest, type WorkerResponse } from "../lib/cluster/jobs.js";
import { canShareMemory, serveTeamMember, Team, type Port } from "../lib/cluster/team.js";
import { ColumnSource, serveFeatureStore, type StoreRequest, type StoreScope } from "./featureStore.js";
import type { JobRequest } from "./workerClient.js";
import type { RoleMessage } from "./workerPool.js";

/** The part of a dedicated worker's global scope this module uses (tests pass one end of a MessageChannel). */
export interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

type Incoming = RoleMessage | JobRequest | StoreRequest;

/** Answers the page's messages on `scope`, in the role its first message gives. */
export function serveWorker(scope: WorkerScope): void {
  let engine: KMeansEngine | undefined;
  let source: ColumnSource | null = null;
  let store: ((request: StoreRequest) => void) | null = null;
  const post = (message: WorkerResponse, transfer?: ArrayBuffer[]) => scope.postMessage(message, transfer ?? []);

  async function runJob(request: JobRequest): Promise<void> {
    const { id, type, config } = request;
    let columns = request.columns;
    if (!columns) {
      try {
        if (!source) throw new Error("columns by name need a feature store");
        columns = Object.fromEntries(await source.columns(request.stored!));
      } catch (error) {
        post({ id, type: "error", message: error instanceof Error ? error.message : String(error) });
        return;
      }
    }
    await handleRequest({ id, type, columns, config } as WorkerRequest, post, engine);
  }

  scope.onmessage = (event) => {
    const message = event.data as Incoming;
    if (store) return store(message as StoreRequest);
    switch (message.type) {
      case "member":
        serveTeamMember(message.port as unknown as Port);
        return;
      case "coordinator":
        engine = message.members.length ? new Team(message.members as unknown as Port[], { shared: canShareMemory() }) : undefined;
        source = message.features ? new ColumnSource(message.features) : null;
        return;
      case "store":
        store = serveFeatureStore(scope as StoreScope, message.url);
        return;
      case "cluster":
      case "sweep":
        void runJob(message);
        return;
    }
  };
}

// Only inside a Web Worker: answer the page's messages.
if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !== "undefined") {
  serveWorker(globalThis as unknown as WorkerScope);
}
