// The page's client of the clustering worker: progress, cancellation, errors, worker reuse; over a
// fake worker that runs the real jobs in process.
import { describe, expect, it } from "vitest";
import { createClusterClient, isAbort, type WorkerLike } from "../../src/browser/workerClient.js";
import { handleRequest, type WorkerRequest, type WorkerResponse } from "../../src/lib/cluster/jobs.js";
import { config, customers } from "../fixtures/cluster/customers.js";

class FakeWorker implements WorkerLike {
  static created = 0;
  onmessage: ((event: { data: WorkerResponse }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  terminated = false;
  constructor() {
    FakeWorker.created++;
  }
  postMessage(request: WorkerRequest) {
    const out: WorkerResponse[] = [];
    handleRequest(request, (m) => out.push(m));
    const deliver = async () => {
      for (const data of out) {
        await new Promise((r) => setTimeout(r, 1));
        if (this.terminated) return;
        this.onmessage?.({ data });
      }
    };
    void deliver();
  }
  terminate() {
    this.terminated = true;
  }
}

describe("worker client", () => {
  it("resolves with the result and forwards progress; reuses an idle worker", async () => {
    FakeWorker.created = 0;
    const client = createClusterClient("unused", () => new FakeWorker());
    const seen: number[] = [];
    const columns = customers(400, 5);
    const result = await client.cluster(columns, config, { onProgress: (p) => seen.push(p.fraction) });
    expect(result.labels).toHaveLength(400);
    expect(seen.at(-1)).toBe(1);
    const sweep = await client.sweep(columns, { ...config, kMin: 2, kMax: 3 });
    expect(sweep.rows).toHaveLength(2);
    expect(FakeWorker.created).toBe(1);
    client.close();
  });

  it("cancels: aborting terminates the job's worker and rejects with an AbortError", async () => {
    const workers: FakeWorker[] = [];
    const client = createClusterClient("unused", () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    });
    const controller = new AbortController();
    const job = client.cluster(customers(400, 6), config, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(job).rejects.toSatisfy(isAbort);
    expect(workers[0].terminated).toBe(true);
    // An already-aborted signal never starts a job; a new job gets a fresh worker.
    await expect(client.cluster(customers(10, 6), config, { signal: controller.signal })).rejects.toSatisfy(isAbort);
    const fresh = await client.cluster(customers(300, 6), config);
    expect(fresh.labels).toHaveLength(300);
    expect(workers).toHaveLength(2);
    client.close();
  });

  it("rejects with the worker's error message", async () => {
    const client = createClusterClient("unused", () => new FakeWorker());
    await expect(client.cluster(customers(10, 7), { ...config, features: ["nope"] })).rejects.toThrow('unknown feature "nope"');
    client.close();
  });
});
