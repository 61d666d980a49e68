// The pages' shared plumbing over real Arrow bytes, a fake worker that runs the real jobs in process,
// and a stand-in for localStorage.
import { Float64, Int32, Table, tableToIPC, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { FeatureData, openWorkbench, openWorkbenchInWorkers, readStoredSettings, storeSettings, threadsParameter, type FileLike, type SettingsStorage } from "../../src/browser/workbenchData.js";
import { runCluster } from "../../src/lib/cluster/jobs.js";
import { clusterConfig } from "../../src/lib/segments/clusterSettings.js";
import { SETTINGS_KEY } from "../../src/lib/segments/labelings.js";
import { customers } from "../fixtures/cluster/customers.js";
import { InProcessWorker } from "../support/inProcessWorker.js";

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
    // Blanks are the segmentation's missing strategy's to handle, so a column with NULLs is offered too; only complete ones are in completeNames.
    expect(data.featureOptions).toEqual(["recency_days", "frequency", "monetary", "tenure_days", "mean_days_between_orders"]);
    expect(data.completeNames).toEqual(["recency_days", "frequency", "monetary", "tenure_days"]);
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
      features: segmentation.features, log: ["monetary"], scale: "zscore", k: 3, seed: 5, nInit: 2, winsorize: [1, 99], categorical: [], missing: "exclude", gamma: null, names: { "0": "Best" }, savedAt: "2024-01-02T00:00:00.000Z",
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
    const wb = await openWorkbench({ features, config, worker }, new Promise<void>((ok) => (closed = ok)), { storage, createWorker: () => new InProcessWorker(), threads: 2 });
    expect([features.fetches, config.fetches, worker.fetches]).toEqual([1, 1, 0]);
    expect(wb.published).toEqual({ features: segmentation.features, log: ["monetary"], scale: "zscore", k: 3, seed: 5, nInit: 2, winsorize: null, categorical: [], missing: "exclude", gamma: null });
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

describe("openWorkbenchInWorkers", () => {
  it("leaves the table to a worker: the same options and jobs as openWorkbench, the scatter's values by row, one download", async () => {
    const fetched: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      fetched.push(String(input).slice(0, 5));
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      const features = file("features.arrow", bytes);
      // The store's worker fetches the table itself (a data: URL here, the file's address on a page).
      features.url = () => `data:application/vnd.apache.arrow.file;base64,${Buffer.from(bytes).toString("base64")}`;
      const config = file("workbench-config.json", { file: "workbench.config.json", text: "{}", segmentation, playbook: {}, rfm: { segments: [], other: "Others" } });
      const worker = file("kmeans-worker.js", new Uint8Array());
      let closed!: () => void;
      const options = { storage: memoryStorage(), createWorker: () => new InProcessWorker() };
      const remote = await openWorkbenchInWorkers({ features, config, worker }, new Promise<void>((ok) => (closed = ok)), { ...options, threads: 3 });
      expect(features.fetches).toBe(0);
      expect(fetched).toEqual(["data:"]);
      const local = new FeatureData(bytes);
      expect(remote.features).toMatchObject({ numRows: n, featureOptions: local.featureOptions, numericNames: local.numericNames, names: local.names });
      const rows = Int32Array.from([5, 0, 119, 5]);
      const [monetary, recency] = await remote.features.valuesAt(["monetary", "recency_days"], rows);
      expect(Array.from(monetary)).toEqual(Array.from(rows, (i) => local.number("monetary")[i]));
      expect(Array.from(recency)).toEqual(Array.from(rows, (i) => local.number("recency_days")[i]));
      await expect(remote.features.valuesAt(["nope"], rows)).rejects.toThrow('no column "nope"');
      const inPage = await openWorkbench({ features: file("features.arrow", bytes), config, worker }, undefined, { ...options, threads: 1 });
      const a = await remote.cluster(remote.published);
      const b = await inPage.cluster(inPage.published);
      expect({ ...a, timings: {} }).toEqual({ ...b, timings: {} });
      const sweep = await remote.sweep(remote.published);
      expect({ ...sweep, timings: {} }).toEqual({ ...(await inPage.sweep(inPage.published)), timings: {} });
      inPage.client.close();
      closed();
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it("reads ?threads=N as a whole number from 1 up, and nothing else", () => {
    expect(threadsParameter("?threads=1")).toBe(1);
    expect(threadsParameter("?k=3&threads=4")).toBe(4);
    for (const search of ["", "?threads=0", "?threads=-2", "?threads=2.5", "?threads=x", "?threads=1e3"]) expect(threadsParameter(search)).toBeUndefined();
  });
});
