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
  ])("rejects %j naming the key %s", (raw, key) => {
    expect(() => parseConfig(raw, "my.json")).toThrow(ConfigError);
    expect(() => parseConfig(raw, "my.json")).toThrow(`my.json: ${key}:`);
  });
});
