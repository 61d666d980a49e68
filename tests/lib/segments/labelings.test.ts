import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { applyOverrides, clusterLabeling, describeSettings, duplicateNames, parseStoredSettings, rfmLabeling } from "../../../src/lib/segments/labelings.js";
import { PLAYBOOK } from "../../../src/lib/segments/playbook.js";

describe("applyOverrides", () => {
  const segments = [
    { segment: 0, name: "Lost", archetype: "Lost" as const, customers: 10 },
    { segment: 1, name: "Champions", archetype: "Champions" as const, customers: 5 },
  ];

  it("names and plays as the report resolves them", () => {
    const out = applyOverrides(segments, {
      names: { "1": " Best " },
      actions: { "0": "Let them go", "1": { channel: "Phone" } },
      playbook: { Champions: { kpi: "Visits" } },
    });
    expect(out[0]).toMatchObject({ name: "Lost", automaticName: "Lost", action: "Let them go", customers: 10 });
    expect(out[1]).toMatchObject({ name: "Best", automaticName: "Champions", action: PLAYBOOK.Champions.action });
    expect(out[1].play).toMatchObject({ channel: "Phone", kpi: "Visits" });
  });

  it("without overrides keeps the automatic names and the built-in plays", () => {
    expect(applyOverrides(segments).map((s) => [s.name, s.action])).toEqual([
      ["Lost", PLAYBOOK.Lost.action],
      ["Champions", PLAYBOOK.Champions.action],
    ]);
  });
});

describe("duplicateNames", () => {
  it("lists names used more than once", () => {
    expect(duplicateNames(["a", "b", "a", "c", "b"])).toEqual(["a", "b"]);
    expect(duplicateNames(["a"])).toEqual([]);
  });
});

describe("rfmLabeling", () => {
  it("orders RFM segments as the config's rules, then the catch-all", () => {
    const l = rfmLabeling(["Lost", "Champions", "Others", "Lost"], DEFAULT_CONFIG.rfm);
    expect(l.names).toEqual(["Champions", "Lost", "Others"]);
    expect([...l.codes]).toEqual([1, 0, 2, 1]);
  });
});

describe("clusterLabeling", () => {
  it("names the segments, then the groups kept out of the clustering; an empty group leaves no code", () => {
    const labels = Int32Array.from([0, 2, 1, 0, 4]);
    const groups = [{ label: "Net returners", customers: 0 }, { label: "Not segmented (missing age)", customers: 1 }];
    expect(clusterLabeling(labels, ["A", "B", "C"], groups)).toEqual({ codes: Int32Array.from([0, 2, 1, 0, 3]), names: ["A", "B", "C", "Not segmented (missing age)"] });
    const all = clusterLabeling(Int32Array.from([0, 3]), ["A", "B", "C"], [{ label: "Net returners", customers: 1 }]);
    expect(all).toEqual({ codes: Int32Array.from([0, 3]), names: ["A", "B", "C", "Net returners"] });
  });
});

describe("parseStoredSettings", () => {
  const known = ["recency_days", "frequency", "monetary"];
  const good = { features: ["recency_days", "monetary"], log: ["monetary", "frequency"], scale: "zscore", k: 4, seed: 1, nInit: 2, winsorize: [1, 99], names: { "0": "A" }, savedAt: "t" };

  it("reads back what the workbench stored", () => {
    expect(parseStoredSettings(JSON.stringify(good), known)).toEqual({ ...good, log: ["monetary"], categorical: [], missing: "exclude", gamma: null });
    const mixed = { ...good, categorical: ["monetary", "frequency"], missing: "indicator", gamma: 0.5 };
    expect(parseStoredSettings(JSON.stringify(mixed), known)).toMatchObject({ categorical: ["monetary"], missing: "indicator", gamma: 0.5 });
    expect(parseStoredSettings(JSON.stringify({ ...good, missing: "zero", gamma: -1 }), known)).toMatchObject({ missing: "exclude", gamma: null });
  });

  it("ignores missing, broken or foreign settings", () => {
    expect(parseStoredSettings(null, known)).toBeNull();
    expect(parseStoredSettings("{", known)).toBeNull();
    expect(parseStoredSettings(JSON.stringify({ ...good, features: ["nope"] }), known)).toBeNull();
    expect(parseStoredSettings(JSON.stringify({ ...good, k: 11 }), known)).toBeNull();
    expect(parseStoredSettings(JSON.stringify({ ...good, scale: "log" }), known)).toBeNull();
    expect(parseStoredSettings(JSON.stringify({ ...good, winsorize: "x", names: 3 }), known)).toMatchObject({ winsorize: null, names: {} });
  });
});

describe("describeSettings", () => {
  it("says what was clustered", () => {
    expect(describeSettings({ ...DEFAULT_CONFIG.segmentation, winsorize: [1, 99] })).toBe(
      "k = 5 on recency_days, log frequency, log monetary, zscore scaling, winsorized at 1–99th percentiles, seed 42",
    );
  });
});
