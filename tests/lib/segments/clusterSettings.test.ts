import { describe, expect, it } from "vitest";
import { runCluster, runSweep } from "../../../src/lib/cluster/jobs.js";
import { clusterConfig, jobColumns, runSettings, SEGMENT_COLUMNS, sweepConfig } from "../../../src/lib/segments/clusterSettings.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

describe("cluster settings", () => {
  it("tidies the page's inputs: logs of chosen features only, a whole seed, at least one restart", () => {
    expect(runSettings({ features: ["monetary", "frequency"], log: ["tenure_days", "monetary"], scale: "zscore", seed: 4.6, nInit: 0 })).toEqual({
      features: ["monetary", "frequency"],
      log: ["monetary"],
      scale: "zscore",
      seed: 5,
      nInit: 1,
      winsorize: null,
      categorical: [],
      missing: "exclude",
      gamma: null,
    });
    // Categoricals of chosen features only, never logged; a γ that is not positive is the default.
    expect(runSettings({ features: ["monetary", "country"], log: ["country", "monetary"], scale: "zscore", seed: 1, nInit: 1, categorical: ["country", "tenure_days"], missing: "median", gamma: 0 })).toMatchObject({
      log: ["monetary"],
      categorical: ["country"],
      missing: "median",
      gamma: null,
    });
  });

  it("asks for each column once, the segment columns first", () => {
    expect(jobColumns(["monetary", "return_rate"])).toEqual([...SEGMENT_COLUMNS, "return_rate"]);
  });

  it("gives jobs the worker runs: the same settings, the same labels; winsorizing only when on", async () => {
    const random = seededRandom(3);
    const n = 300;
    const columns = Object.fromEntries(jobColumns(["return_rate"]).map((name) => [name, Float64Array.from({ length: n }, () => Math.floor(random() * 100))]));
    const settings = { ...runSettings({ features: ["monetary", "frequency", "return_rate"], log: ["monetary"], scale: "robust", seed: 9, nInit: 2 }), k: 3 };
    const config = clusterConfig(settings, { stabilityRuns: 0 });
    expect(config).not.toHaveProperty("winsorize");
    const a = await runCluster(columns, config);
    const b = await runCluster(columns, clusterConfig({ ...settings }, { stabilityRuns: 0 }));
    expect(a.stability).toBeNull();
    expect(b.labels).toEqual(a.labels);
    expect(a.segments).not.toBeNull();
    const clipped = await runCluster(columns, clusterConfig({ ...settings, winsorize: [5, 95] }, { stabilityRuns: 0 }));
    expect(clusterConfig({ ...settings, winsorize: [5, 95] }).winsorize).toEqual([5, 95]);
    expect(clipped.model).not.toEqual(a.model);
    const sweep = await runSweep(columns, sweepConfig(settings, 2, 4));
    expect(sweep.rows.map((r) => r.k)).toEqual([2, 3, 4]);
  });
});
