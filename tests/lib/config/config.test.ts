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
    expect(DEFAULT_CONFIG.report).toEqual({ previousAsOfDays: 90, publishExport: false, currency: null });
    const committed = parseConfig(JSON.parse(readFileSync("workbench.config.json", "utf-8")));
    expect(committed.report.publishExport).toBe(false);
    expect(parseConfig({ report: { previousAsOfDays: 30 } }).report).toEqual({ previousAsOfDays: 30, publishExport: false, currency: null });
    expect(parseConfig({ report: { publishExport: true } }).report).toEqual({ previousAsOfDays: 90, publishExport: true, currency: null });
    expect(parseConfig({ report: { currency: "GBP" } }).report.currency).toBe("GBP");
  });

  it("takes playbook edits by archetype and per-segment plays as text or objects", () => {
    const config = parseConfig({
      playbook: { $comment: "ours", Champions: { $comment: "vip", kpi: "Referrals", channel: "Phone" } },
      segmentation: { actions: { "0": "Call them", "2": { avoid: "Discounts" } } },
    });
    expect(config.playbook).toEqual({ Champions: { kpi: "Referrals", channel: "Phone" } });
    expect(config.segmentation.actions).toEqual({ "0": "Call them", "2": { avoid: "Discounts" } });
  });

  it("has the ingest defaults: duplicates auto, a header, UTC, at most half the rows rejected", () => {
    expect(DEFAULT_CONFIG.ingest).toMatchObject({ dropDuplicates: "auto", delimiter: null, fixedWidth: null, header: true, columnNames: null, maxRejectedShare: 0.5, timezone: "UTC" });
  });

  it("takes whitespace and fixed-width layouts, headerless column names, duplicate policies and time zones", () => {
    expect(parseConfig({ ingest: { delimiter: "whitespace" } }).ingest.delimiter).toBe("whitespace");
    const fixed = [{ name: "id", start: 1, width: 5 }, { name: "date", start: 6, width: 8 }];
    expect(parseConfig({ ingest: { fixedWidth: fixed } }).ingest.fixedWidth).toEqual(fixed);
    expect(parseConfig({ ingest: { header: false, columnNames: ["a", "b"] } }).ingest).toMatchObject({ header: false, columnNames: ["a", "b"] });
    expect(parseConfig({ ingest: { header: false, fixedWidth: fixed } }).ingest.header).toBe(false);
    for (const policy of ["auto", true, false] as const) expect(parseConfig({ ingest: { dropDuplicates: policy } }).ingest.dropDuplicates).toBe(policy);
    expect(parseConfig({ ingest: { timezone: "America/New_York", maxRejectedShare: 0 } }).ingest).toMatchObject({ timezone: "America/New_York", maxRejectedShare: 0 });
    expect(parseConfig({ columns: { transactions: { amount: "dollar_value", currency: "ccy" } } }).columns.transactions).toEqual({ amount: "dollar_value", currency: "ccy" });
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
    [{ ingest: { delimiter: "  " } }, "ingest.delimiter"],
    [{ ingest: { delimiter: "spaces" } }, "ingest.delimiter"],
    [{ ingest: { delimiter: "\n" } }, "ingest.delimiter"],
    [{ ingest: { dropDuplicates: "yes" } }, "ingest.dropDuplicates"],
    [{ ingest: { dropDuplicates: 1 } }, "ingest.dropDuplicates"],
    [{ ingest: { header: "no" } }, "ingest.header"],
    [{ ingest: { header: false } }, "ingest.columnNames"],
    [{ ingest: { columnNames: ["a", "b"] } }, "ingest.columnNames"],
    [{ ingest: { header: false, columnNames: ["a", "A"] } }, "ingest.columnNames"],
    [{ ingest: { header: false, columnNames: ["a", ""] } }, "ingest.columnNames"],
    [{ ingest: { header: false, columnNames: "a,b" } }, "ingest.columnNames"],
    [{ ingest: { fixedWidth: [] } }, "ingest.fixedWidth"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 0, width: 2 }] } }, "ingest.fixedWidth[0].start"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 2.5 }] } }, "ingest.fixedWidth[0].width"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 2, end: 3 }] } }, "ingest.fixedWidth[0].end"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }, { name: "b", start: 5, width: 2 }] } }, "ingest.fixedWidth[1]"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }], delimiter: "," } }, "ingest.fixedWidth"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }], header: false, columnNames: ["a"] } }, "ingest.columnNames"],
    [{ ingest: { maxRejectedShare: 1.5 } }, "ingest.maxRejectedShare"],
    [{ ingest: { maxRejectedShare: "0.5" } }, "ingest.maxRejectedShare"],
    [{ ingest: { timezone: "Mars/Olympus" } }, "ingest.timezone"],
    [{ ingest: { timezone: "" } }, "ingest.timezone"],
    [{ report: { currency: "gbp" } }, "report.currency"],
    [{ report: { currency: "£" } }, "report.currency"],
    [{ columns: { transactions: { price: "x" } } }, "columns.transactions.price"],
  ])("rejects %j naming the key %s", (raw, key) => {
    expect(() => parseConfig(raw, "my.json")).toThrow(ConfigError);
    expect(() => parseConfig(raw, "my.json")).toThrow(`my.json: ${key}:`);
  });
});
