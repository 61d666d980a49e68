// The page's client of the clustering workers: results and progress, one thread against several
// (the same labels, centroids and measures), team reuse, cancellation of every worker of a team,
// errors; over in-process workers that run the workers' own code behind real message ports.
import { beforeEach, describe, expect, it } from "vitest";
import { createClusterClient, isAbort } from "../../src/browser/workerClient.js";
import { runCluster } from "../../src/lib/cluster/jobs.js";
import { InProcessWorker } from "../support/inProcessWorker.js";
import { config, customers } from "../fixtures/cluster/customers.js";

const createWorker = () => new InProcessWorker();

beforeEach(() => {
  InProcessWorker.made = [];
});

describe("worker client", () => {
  it("resolves with the result and forwards progress; reuses an idle team", async () => {
    const client = createClusterClient("unused", { createWorker, threads: 2 });
    const seen: number[] = [];
    const columns = customers(400, 5);
    const result = await client.cluster(columns, config, { onProgress: (p) => seen.push(p.fraction) });
    expect(result.labels).toHaveLength(400);
    expect(seen.at(-1)).toBe(1);
    const sweep = await client.sweep(columns, { ...config, kMin: 2, kMax: 3 });
    expect(sweep.rows).toHaveLength(2);
    // One team: its coordinator and two members.
    expect(InProcessWorker.made).toHaveLength(3);
    client.close();
    expect(InProcessWorker.made.every((w) => w.terminated)).toBe(true);
  });

  it("gives the one-thread result on several threads: labels, centroids, measures, stability, sweep", async () => {
    const columns = customers(5000, 9);
    const one = createClusterClient("unused", { createWorker, threads: 1 });
    const many = createClusterClient("unused", { createWorker, threads: 3 });
    expect([one.threads, many.threads]).toEqual([1, 3]);
    const a = await one.cluster(columns, config);
    const b = await many.cluster(columns, config);
    expect({ ...b, timings: {} }).toEqual({ ...a, timings: {} });
    expect(a).toMatchObject({ labels: (await runCluster(columns, config)).labels });
    const sweepConfig = { ...config, kMin: 2, kMax: 6 };
    const sa = await one.sweep(columns, sweepConfig);
    const sb = await many.sweep(columns, sweepConfig);
    expect({ ...sb, timings: {} }).toEqual({ ...sa, timings: {} });
    // One thread: the coordinator alone; three: a coordinator and three members.
    expect(InProcessWorker.made).toHaveLength(1 + 4);
    one.close();
    many.close();
  });

  it("cancels: aborting terminates every worker of the job's team and rejects with an AbortError", async () => {
    const client = createClusterClient("unused", { createWorker, threads: 2 });
    const controller = new AbortController();
    const job = client.cluster(customers(4000, 6), config, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(job).rejects.toSatisfy(isAbort);
    // The members start one per task after the coordinator (workerPool.ts), so an abort on the first
    // progress message may come before the last of them: every worker started is terminated, and none
    // starts after the abort.
    const started = InProcessWorker.made.length;
    expect(started).toBeGreaterThanOrEqual(2);
    expect(started).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(InProcessWorker.made).toHaveLength(started);
    expect(InProcessWorker.made.every((w) => w.terminated)).toBe(true);
    // An already-aborted signal never starts a job; a new job gets a fresh team.
    await expect(client.cluster(customers(10, 6), config, { signal: controller.signal })).rejects.toSatisfy(isAbort);
    const fresh = await client.cluster(customers(300, 6), config);
    expect(fresh.labels).toHaveLength(300);
    expect(InProcessWorker.made).toHaveLength(started + 3);
    client.close();
  });

  it("rejects with the worker's error message, and when a worker of the team fails", async () => {
    const client = createClusterClient("unused", { createWorker, threads: 2 });
    await expect(client.cluster(customers(10, 7), { ...config, features: ["nope"] })).rejects.toThrow('unknown feature "nope"');
    await expect(client.cluster({ stored: ["monetary"] }, config)).rejects.toThrow("columns by name need a feature store");
    let made = 0;
    const failing = createClusterClient("unused", {
      createWorker: () => {
        const worker = new InProcessWorker();
        // The team's second worker (a member) fails, as a worker whose script does not load.
        if (++made === 2) setTimeout(() => worker.onerror?.({ message: "SyntaxError: bad bundle" }), 0);
        return worker;
      },
      threads: 2,
    });
    await expect(failing.cluster(customers(3000, 7), config)).rejects.toThrow("clustering worker failed: SyntaxError: bad bundle");
    client.close();
    failing.close();
  });
});
