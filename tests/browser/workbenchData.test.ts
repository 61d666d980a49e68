// The pages' shared plumbing over real Arrow bytes, a fake worker that runs the real jobs in process,
// and a stand-in for localStorage.
import { Float64, Int32, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { FeatureData, openWorkbench, readStoredSettings, storeSettings, type FileLike, type SettingsStorage } from "../../src/browser/workbenchData.js";
import type { WorkerLike } from "../../src/browser/workerClient.js";
import { handleRequest, runCluster, type WorkerRequest, type WorkerResponse } from "../../src/lib/cluster/jobs.js";
import { clusterConfig } from "../../src/lib/segments/clusterSettings.js";
import { SETTINGS_KEY } from "../../src/lib/segments/labelings.js";
import { customers } from "../fixtures/cluster/customers.js";

const n = 120;
const c = customers(n, 4);
const bytes = tableToIPC(
  new Table({
    customer_id: vectorFromArray(Array.from({ length: n }, (_, i) => `C${i}`)),
    recency_days: vectorFromArray(Array.from(c.recency_days), new Float64()),
    frequency: vectorFromArray(Array.from(Int32Array.from(c.frequency)), new Int32()),
    monetary: vectorFromArray(Array.from(c.monetary), new Float64()),
    tenure_days: vectorFromArray(Array.from(c.tenure_days), new Float64()),
    r_score: vectorFromArray(Array.from(Int32Array.from({ length: n }, (_, i) => 1 + (i % 5))), new Int32()),
    mean_days_between_orders: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 2 ? 10 : null)), new Float64()),
  }),
  "stream",
);

/** A FileAttachment stand-in that counts its downloads. */
function file(name: string, body: Uint8Array | object): FileLike & { fetches: number } {
  const f = {
    name,
    mimeType: "application/octet-stream",
    fetches: 0,
    url: () => `/_file/data/${name}`,
    arrayBuffer: async () => {
      f.fetches++;
      const data = body instanceof Uint8Array ? body : new TextEncoder().encode(JSON.stringify(body));
      return data.slice().buffer;
    },
  };
  return f;
}

class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: WorkerResponse }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  postMessage(request: WorkerRequest) {
    void handleRequest(request, (data) => setTimeout(() => this.onmessage?.({ data }), 0));
  }
  terminate() {}
}

function memoryStorage(): SettingsStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

const segmentation = { features: ["recency_days", "frequency", "monetary"], log: ["monetary"], scale: "zscore" as const, k: 3, seed: 5, nInit: 2, names: {}, actions: {} };

describe("FeatureData", () => {
  const data = new FeatureData(bytes);

  it("reads the number columns, the features k-means can use (no RFM score, no NULL) and text", () => {
    expect(data.numRows).toBe(n);
    expect(data.allNumericNames).toEqual(["recency_days", "frequency", "monetary", "tenure_days", "r_score", "mean_days_between_orders"]);
    expect(data.numericNames).not.toContain("r_score");
    expect(data.featureOptions).toEqual(["recency_days", "frequency", "monetary", "tenure_days"]);
    expect(data.number("monetary")).toEqual(c.monetary);
    expect(data.number("monetary")).toBe(data.number("monetary")); // read once
    expect(Number.isNaN(data.number("mean_days_between_orders")[0])).toBe(true);
    expect(data.text("customer_id").slice(0, 2)).toEqual(["C0", "C1"]);
    expect(data.record(1)).toMatchObject({ customer_id: "C1", r_score: 2, mean_days_between_orders: 10 });
    expect(Object.keys(data.jobColumns(["monetary", "r_score"]))).toEqual(["recency_days", "frequency", "monetary", "tenure_days", "r_score"]);
  });

  it("gives DuckDB the same bytes as a file, a copy each time, without a download", async () => {
    const features = file("features.arrow", bytes);
    const { file: source } = data.duckdbSource(features);
    const copy = new Uint8Array(await source.arrayBuffer());
    expect(copy).toEqual(bytes);
    expect(copy.buffer).not.toBe((await source.arrayBuffer()));
    expect(await source.url()).toBe("/_file/data/features.arrow");
    expect(features.fetches).toBe(0);
  });
});

describe("stored settings", () => {
  it("round-trip through storage; unusable or missing ones read as null", () => {
    const storage = memoryStorage();
    expect(readStoredSettings(["monetary"], storage)).toBeNull();
    storeSettings({ ...segmentation, winsorize: [1, 99] }, { "0": "Best" }, storage, new Date(Date.UTC(2024, 0, 2)));
    expect(readStoredSettings(["recency_days", "frequency", "monetary"], storage)).toEqual({
      features: segmentation.features, log: ["monetary"], scale: "zscore", k: 3, seed: 5, nInit: 2, winsorize: [1, 99], names: { "0": "Best" }, savedAt: "2024-01-02T00:00:00.000Z",
    });
    expect(readStoredSettings(["monetary"], storage)).toBeNull(); // names features this data has not got
    storage.setItem(SETTINGS_KEY, "{not json");
    expect(readStoredSettings(["monetary"], storage)).toBeNull();
    const broken: SettingsStorage = { getItem: () => { throw new Error("SecurityError"); }, setItem: () => { throw new Error("QuotaExceededError"); } };
    expect(readStoredSettings(["monetary"], broken)).toBeNull();
    expect(() => storeSettings({ ...segmentation, winsorize: null }, {}, broken)).not.toThrow();
  });
});

describe("openWorkbench", () => {
  it("fetches each file once and runs the jobs the settings describe, as runCluster does", async () => {
    const features = file("features.arrow", bytes);
    const config = file("workbench-config.json", { file: "workbench.config.json", text: "{}", segmentation, playbook: {}, rfm: { segments: [], other: "Others" } });
    const worker = file("kmeans-worker.js", new Uint8Array());
    const storage = memoryStorage();
    let closed!: () => void;
    const wb = await openWorkbench({ features, config, worker }, new Promise<void>((ok) => (closed = ok)), { storage, createWorker: () => new FakeWorker() });
    expect([features.fetches, config.fetches, worker.fetches]).toEqual([1, 1, 0]);
    expect(wb.published).toEqual({ features: segmentation.features, log: ["monetary"], scale: "zscore", k: 3, seed: 5, nInit: 2, winsorize: null });
    expect(wb.stored).toBeNull();
    const result = await wb.cluster(wb.published, { stabilityRuns: 0 });
    const direct = await runCluster(wb.features.jobColumns(segmentation.features), clusterConfig(wb.published, { stabilityRuns: 0 }));
    expect(result.labels).toEqual(direct.labels);
    expect(result.stability).toBeNull();
    const sweep = await wb.sweep(wb.published);
    expect(sweep.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    closed();
  });
});
