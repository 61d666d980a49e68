import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "../../../src/lib/config/config.js";
import { formatJson, replaceSegmentation, sameSegmentation, segmentationFile, segmentationSection, topLevelMembers } from "../../../src/lib/config/saveConfig.js";
import { PROJECT_ROOT } from "../../../pipeline/config.js";

const settings = {
  features: ["recency_days", "frequency", "monetary", "tenure_days"],
  log: ["monetary", "frequency", "avg_order_value"],
  scale: "robust" as const,
  k: 4,
  seed: 7,
  nInit: 4,
  names: { "0": " Regulars ", "1": "", "3": "Dormant", "4": "gone: k is 4", x: "not a segment" },
  actions: { "0": "Say thanks", "2": { channel: "Phone" }, "3": "  ", "7": "gone" },
};

describe("segmentationSection", () => {
  it("keeps log transforms of chosen features in feature order, and overrides of segments 0…k−1 that are not blank", () => {
    expect(segmentationSection(settings)).toEqual({
      features: ["recency_days", "frequency", "monetary", "tenure_days"],
      log: ["frequency", "monetary"],
      scale: "robust",
      k: 4,
      seed: 7,
      nInit: 4,
      names: { "0": "Regulars", "3": "Dormant" },
      actions: { "0": "Say thanks", "2": { channel: "Phone" } },
    });
  });

  it("is accepted by the config parser", () => {
    const segmentation = segmentationSection(settings);
    expect(parseConfig({ segmentation }).segmentation).toEqual({ ...segmentation, ...DEFAULT_MIXED });
  });

  it("writes categorical, missing and gamma only when they are not the defaults (chosen categorical features only)", () => {
    expect(segmentationSection(settings)).not.toHaveProperty("categorical");
    const mixed = segmentationSection({ ...settings, features: ["age", "region"], log: [], categorical: ["region", "other"], missing: "median", gamma: 0.8 });
    expect(mixed).toMatchObject({ categorical: ["region"], missing: "median", gamma: 0.8 });
    expect(parseConfig({ segmentation: mixed }).segmentation).toEqual(mixed);
  });
});

/** What the parser adds to a section saved without the mixed-type keys. */
const DEFAULT_MIXED = { categorical: [], missing: "exclude", gamma: null };

describe("formatJson", () => {
  it("writes arrays of plain values and empty objects on one line", () => {
    expect(formatJson({ a: [1, "x"], b: {}, c: { d: null } })).toBe('{\n  "a": [1, "x"],\n  "b": {},\n  "c": {\n    "d": null\n  }\n}');
    expect(formatJson([{ a: 1 }], "  ", "  ")).toBe('[\n    {\n      "a": 1\n    }\n  ]');
  });
});

describe("replaceSegmentation", () => {
  const committed = readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8");

  it("changes only the segmentation section of the committed config", () => {
    const segmentation = segmentationSection(settings);
    const { text, config } = replaceSegmentation(committed, segmentation);
    expect(config.segmentation).toEqual({ ...segmentation, ...DEFAULT_MIXED });
    const before = JSON.parse(committed);
    const after = JSON.parse(text);
    expect({ ...after, segmentation: undefined }).toEqual({ ...before, segmentation: undefined });
    // Every byte outside the section is unchanged.
    const span = topLevelMembers(committed).get("segmentation")!;
    const newSpan = topLevelMembers(text).get("segmentation")!;
    expect(text.slice(0, newSpan.valueStart)).toBe(committed.slice(0, span.valueStart));
    expect(text.slice(newSpan.valueEnd)).toBe(committed.slice(span.valueEnd));
    expect(text).toContain('\n  "segmentation": {\n    "features": ["recency_days", "frequency", "monetary", "tenure_days"],\n');
  });

  it("gives back the same file for the committed segmentation", () => {
    const current = parseConfig(JSON.parse(committed)).segmentation;
    const { text } = replaceSegmentation(committed, segmentationSection(current));
    expect(JSON.parse(text)).toEqual(JSON.parse(committed));
  });

  it("keeps the section's $comment and finds keys after strings holding braces and quotes", () => {
    const text = '{\n  "$comment": "a \\"}\\" {[",\n  "segmentation": {"$comment": "why", "k": 3},\n  "pii": ["email"]\n}\n';
    const out = replaceSegmentation(text, { ...DEFAULT_CONFIG.segmentation, k: 6 }).text;
    expect(JSON.parse(out).segmentation.$comment).toBe("why");
    expect(JSON.parse(out).segmentation.k).toBe(6);
    expect(out.startsWith('{\n  "$comment": "a \\"}\\" {[",\n  "segmentation": {\n    "$comment": "why",\n')).toBe(true);
    expect(out.endsWith('  },\n  "pii": ["email"]\n}\n')).toBe(true);
  });

  it("adds a section to a config without one", () => {
    expect(JSON.parse(replaceSegmentation('{\n  "pii": []\n}\n', DEFAULT_CONFIG.segmentation).text).segmentation).toEqual(DEFAULT_CONFIG.segmentation);
    expect(JSON.parse(replaceSegmentation("{}", DEFAULT_CONFIG.segmentation).text).segmentation.k).toBe(5);
  });

  it("refuses what the build would refuse", () => {
    expect(() => replaceSegmentation("{}", { ...DEFAULT_CONFIG.segmentation, k: 1 })).toThrow(/segmentation.k/);
    expect(() => replaceSegmentation("{", DEFAULT_CONFIG.segmentation)).toThrow();
    expect(() => replaceSegmentation("[]", DEFAULT_CONFIG.segmentation)).toThrow(/not a JSON object/);
  });
});

describe("segmentationFile and sameSegmentation", () => {
  it("writes the section alone and compares normalised sections", () => {
    const seg = segmentationSection(settings);
    expect(JSON.parse(segmentationFile(seg))).toEqual({ segmentation: seg });
    expect(sameSegmentation(seg, { ...seg, log: ["monetary", "frequency"] })).toBe(true);
    expect(sameSegmentation(seg, { ...seg, seed: 8 })).toBe(false);
  });
});
