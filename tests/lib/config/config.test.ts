import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, parseConfig } from "../../../src/lib/config/config.js";

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

  it("has a report section (90 days back, export not published) and an empty playbook by default", () => {
    expect(DEFAULT_CONFIG.report).toEqual({ previousAsOfDays: 90, publishExport: false });
    const committed = parseConfig(JSON.parse(readFileSync("workbench.config.json", "utf-8")));
    expect(committed.report.publishExport).toBe(false);
    expect(parseConfig({ report: { previousAsOfDays: 30 } }).report).toEqual({ previousAsOfDays: 30, publishExport: false });
    expect(parseConfig({ report: { publishExport: true } }).report).toEqual({ previousAsOfDays: 90, publishExport: true });
  });

  it("takes playbook edits by archetype and per-segment plays as text or objects", () => {
    const config = parseConfig({
      playbook: { $comment: "ours", Champions: { $comment: "vip", kpi: "Referrals", channel: "Phone" } },
      segmentation: { actions: { "0": "Call them", "2": { avoid: "Discounts" } } },
    });
    expect(config.playbook).toEqual({ Champions: { kpi: "Referrals", channel: "Phone" } });
    expect(config.segmentation.actions).toEqual({ "0": "Call them", "2": { avoid: "Discounts" } });
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
    [{ report: [] }, "report"],
    [{ report: { previousAsOf: 30 } }, "report.previousAsOf"],
    [{ report: { previousAsOfDays: 0 } }, "report.previousAsOfDays"],
    [{ report: { previousAsOfDays: 30.5 } }, "report.previousAsOfDays"],
    [{ report: { previousAsOfDays: "90" } }, "report.previousAsOfDays"],
    [{ report: { publishExport: "yes" } }, "report.publishExport"],
    [{ playbook: [] }, "playbook"],
    [{ playbook: { Whales: { action: "x" } } }, "playbook.Whales"],
    [{ playbook: { Champions: "x" } }, "playbook.Champions"],
    [{ playbook: { Champions: { offer: "x" } } }, "playbook.Champions.offer"],
    [{ playbook: { Champions: { kpi: "" } } }, "playbook.Champions.kpi"],
    [{ segmentation: { actions: { "5": "Call" } } }, "segmentation.actions.5"],
    [{ segmentation: { actions: { first: "Call" } } }, "segmentation.actions.first"],
    [{ segmentation: { actions: { "1": 3 } } }, "segmentation.actions.1"],
    [{ segmentation: { actions: { "1": { chanel: "Phone" } } } }, "segmentation.actions.1.chanel"],
    [{ segmentation: { k: 3, names: { "3": "Extra" } } }, "segmentation.names.3"],
  ])("rejects %j naming the key %s", (raw, key) => {
    expect(() => parseConfig(raw, "my.json")).toThrow(ConfigError);
    expect(() => parseConfig(raw, "my.json")).toThrow(`my.json: ${key}:`);
  });
});
