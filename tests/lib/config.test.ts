import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, parseConfig } from "../../src/lib/config.js";

describe("parseConfig", () => {
  it("fills defaults for an empty config", () => {
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
  });

  it("accepts the committed workbench.config.json", () => {
    const config = parseConfig(JSON.parse(readFileSync("workbench.config.json", "utf-8")));
    expect(config.segmentation.k).toBeGreaterThanOrEqual(2);
    expect(config.inputs.transactions).toBe("data/sample/transactions.csv");
  });

  it("has the classic RFM rules by default, in the committed config too, and takes edited rules", () => {
    const committed = parseConfig(JSON.parse(readFileSync("workbench.config.json", "utf-8")));
    expect(committed.rfm).toEqual(DEFAULT_CONFIG.rfm);
    expect(committed.features.topCategories).toBe(DEFAULT_CONFIG.features.topCategories);
    expect(DEFAULT_CONFIG.rfm.segments).toHaveLength(10);
    const edited = parseConfig({ rfm: { segments: [{ name: "Recent", r: [4, 5] }], other: "Rest" } });
    expect(edited.rfm).toEqual({ segments: [{ name: "Recent", r: [4, 5], f: [1, 5], m: [1, 5] }], other: "Rest" });
  });

  it("allows no customers export", () => {
    expect(parseConfig({ inputs: { transactions: "t.csv", customers: null } }).inputs).toEqual({ transactions: "t.csv" });
  });

  it.each([
    [{ segmentation: { k: 11 } }, "segmentation.k"],
    [{ segmentation: { k: 2.5 } }, "segmentation.k"],
    [{ segmentation: { scale: "log" } }, "segmentation.scale"],
    [{ segmentation: { features: [] } }, "segmentation.features"],
    [{ segmentation: { features: ["frequency"], log: ["monetary"] } }, "segmentation.log"],
    [{ features: { asOf: "12/01/2011" } }, "features.asOf"],
    [{ columns: { transactions: { customer: "x" } } }, "columns.transactions.customer"],
    [{ segmnetation: {} }, "segmnetation"],
    [{ features: { topCategories: -1 } }, "features.topCategories"],
    [{ features: { topCategories: 2.5 } }, "features.topCategories"],
    [{ rfm: [] }, "rfm"],
    [{ rfm: { segmets: [] } }, "rfm.segmets"],
    [{ rfm: { segments: [] } }, "rfm.segments"],
    [{ rfm: { other: "" } }, "rfm.other"],
    [{ rfm: { segments: ["Champions"] } }, "rfm.segments[0]"],
    [{ rfm: { segments: [{ r: [4, 5] }] } }, "rfm.segments[0].name"],
    [{ rfm: { segments: [{ name: "A", r: [4, 6] }] } }, "rfm.segments[0].r"],
    [{ rfm: { segments: [{ name: "A", f: [5, 4] }] } }, "rfm.segments[0].f"],
    [{ rfm: { segments: [{ name: "A", m: 4 }] } }, "rfm.segments[0].m"],
    [{ rfm: { segments: [{ name: "A", recency: [1, 2] }] } }, "rfm.segments[0].recency"],
    [{ rfm: { segments: [{ name: "A" }, { name: "A" }] } }, "rfm.segments[1].name"],
    [{ rfm: { segments: [{ name: "Others" }] } }, "rfm.segments[0].name"],
  ])("rejects %j naming the key %s", (raw, key) => {
    expect(() => parseConfig(raw, "my.json")).toThrow(ConfigError);
    expect(() => parseConfig(raw, "my.json")).toThrow(`my.json: ${key}:`);
  });
});
