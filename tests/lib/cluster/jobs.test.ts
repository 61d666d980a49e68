// The clustering jobs (same results as the report's code path, deterministic), their message
// protocol, and the worker bundle the data loader builds, run for real in a worker thread.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { runSegmentation, type SegmentationInput } from "../../../src/lib/segments/segmentation.js";
import { labelSignature } from "../../../src/lib/cluster/signature.js";
import { handleRequest, runCluster, runSweep, type WorkerRequest, type WorkerResponse } from "../../../src/lib/cluster/jobs.js";
import { config, customers } from "../../fixtures/cluster/customers.js";

const ROOT = resolve(import.meta.dirname, "../../..");

describe("worker jobs", () => {
  it("cluster: the same labels and segments as the report's runSegmentation, and the same again", async () => {
    const columns = customers(3000, 1);
    const result = await runCluster(columns, config);
    const report = runSegmentation({ ...columns, customer_id: [] } as unknown as SegmentationInput, { ...config, names: {}, actions: {} });
    expect(Array.from(result.labels)).toEqual(Array.from(report.labels));
    expect(result.segments!.map((s) => s.name)).toEqual(report.segments.map((s) => s.name));
    expect(result.signature).toBe(labelSignature(report.labels, 4));
    expect(result.description.clusters.map((c) => c.name)).toEqual(report.segments.map((s) => s.name));
    expect(result.projection.x).toHaveLength(3000);
    expect(result.stability!.ari).toHaveLength(2);
    expect(result.metrics.silhouetteRows).toBe(3000);
    const again = await runCluster(columns, config);
    expect({ ...again, timings: {} }).toEqual({ ...result, timings: {} });
  });

  it("cluster without recency, frequency and monetary: plain k-means, names in plain words (no archetypes)", async () => {
    const { recency_days, tenure_days } = customers(600, 2);
    const result = await runCluster({ recency_days, tenure_days }, { ...config, features: ["recency_days", "tenure_days"], log: [], k: 3, stabilityRuns: 0 });
    expect(result.method).toBe("k-means");
    expect(result.segments.map((s) => s.customers)).toEqual(result.sizes);
    expect(result.groups).toEqual([]);
    expect(result.stability).toBeNull();
    expect(result.sizes.reduce((s, x) => s + x, 0)).toBe(600);
    const names = result.segments.map((s) => s.name);
    expect(result.description.clusters.map((c) => c.name)).toEqual(names);
    expect(new Set(names).size).toBe(3);
    expect(names).not.toContain("Champions");
    expect(names.join(" ")).toMatch(/recent|long since/i);
  });

  it("sweep: measures per k and a recommendation", async () => {
    const columns = customers(900, 3);
    const result = await runSweep(columns, { ...config, kMin: 2, kMax: 5 });
    expect(result.rows.map((r) => r.k)).toEqual([2, 3, 4, 5]);
    expect(result.k).toBeGreaterThanOrEqual(2);
    expect(result.reason).toMatch(/^k = \d: /);
  });

  it("protocol: progress rising to 1, then the result; an error message for a bad request", async () => {
    const messages: WorkerResponse[] = [];
    await handleRequest({ id: 7, type: "cluster", columns: customers(500, 4), config }, (m) => messages.push(m));
    const fractions = messages.filter((m) => m.type === "progress").map((m) => (m.type === "progress" ? m.progress.fraction : -1));
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1] - 1e-12)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    expect(messages.at(-1)).toMatchObject({ id: 7, type: "result" });
    const errors: WorkerResponse[] = [];
    await handleRequest({ id: 8, type: "cluster", columns: customers(10, 4), config: { ...config, features: ["nope"] } }, (m) => errors.push(m));
    expect(errors.at(-1)).toEqual({ id: 8, type: "error", message: 'unknown feature "nope"' });
  });
});

/** An in-process stand-in for a Web Worker: answers asynchronously, one progress message at a time. */
describe("the bundled worker (src/data/kmeans-worker.js.ts)", () => {
  it("runs in a worker thread, alone and coordinating a team of two more, and gives the in-process job's result", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kmeans-worker-"));
    const bundle = join(dir, "kmeans-worker.js");
    writeFileSync(bundle, execFileSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "src", "data", "kmeans-worker.js.ts")], { cwd: ROOT }));
    // A Web Worker's globals over a Node worker thread.
    const shim = join(dir, "shim.mjs");
    writeFileSync(
      shim,
      `import { parentPort } from "node:worker_threads";
       globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};
       globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
       parentPort.on("message", (data) => globalThis.onmessage({ data }));
       await import(${JSON.stringify(pathToFileURL(bundle).href)});
       parentPort.postMessage("ready");`,
    );
    const worker = new Worker(shim);
    try {
      await new Promise<void>((ready, fail) => {
        worker.once("error", fail);
        worker.once("message", (m) => (m === "ready" ? ready() : fail(new Error(String(m)))));
      });
      const columns = customers(2000, 8);
      const progress: number[] = [];
      const result = await new Promise<WorkerResponse>((done, fail) => {
        worker.on("error", fail);
        worker.on("message", (m: WorkerResponse) => (m.type === "progress" ? progress.push(m.progress.fraction) : done(m)));
        worker.postMessage({ id: 1, type: "cluster", columns, config } satisfies WorkerRequest);
      });
      expect(result.type).toBe("result");
      const labels = result.type === "result" && "labels" in result.result ? result.result.labels : null;
      expect(Array.from(labels!)).toEqual(Array.from((await runCluster(columns, config)).labels));
      expect(progress.at(-1)).toBe(1);

      // A team: this worker coordinates two more, its members, over ports of their own; the same result.
      const members = [new Worker(shim), new Worker(shim)];
      try {
        const ports = [];
        const started = members.map(
          (member) =>
            new Promise<void>((ready, fail) => {
              member.once("error", fail);
              member.once("message", (m) => (m === "ready" ? ready() : fail(new Error(String(m)))));
            }),
        );
        await Promise.all(started);
        for (const member of members) {
          const channel = new MessageChannel();
          member.postMessage({ type: "member", port: channel.port2 }, [channel.port2 as never]);
          ports.push(channel.port1);
        }
        worker.postMessage({ type: "coordinator", members: ports, features: null }, ports as never[]);
        const teamResult = await new Promise<WorkerResponse>((done) => {
          worker.removeAllListeners("message");
          worker.on("message", (m: WorkerResponse) => m.type !== "progress" && done(m));
          worker.postMessage({ id: 2, type: "cluster", columns, config, stored: null });
        });
        expect(teamResult.type).toBe("result");
        const direct = await runCluster(columns, config);
        expect(teamResult.type === "result" ? { ...teamResult.result, timings: {} } : null).toEqual({ ...direct, timings: {} });
      } finally {
        await Promise.all(members.map((m) => m.terminate()));
      }
    } finally {
      await worker.terminate();
    }
  }, 120_000);
});
