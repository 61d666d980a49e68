import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CONFIG, parseConfig } from "../../../src/lib/config/config.js";
import { PROJECT_ROOT } from "../../../pipeline/config.js";
import { problemOf } from "./problem.js";

const committed = () => JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8"));

describe("parseConfig", () => {
  it("gives the schema's defaults for an empty config, fresh on every call", () => {
    expect(parseConfig({})).toEqual(DEFAULT_CONFIG);
    expect(parseConfig({ $comment: "nothing set" })).toEqual(DEFAULT_CONFIG);
    expect(parseConfig({}).ingest.nonProductCodes).not.toBe(parseConfig({}).ingest.nonProductCodes);
    expect(parseConfig({}).segmentation.features).not.toBe(DEFAULT_CONFIG.segmentation.features);
  });

  it("accepts the committed workbench.config.json, whose values are the defaults but for pii, the playbook, clv.enabled, the audiences and two floors", () => {
    const config = parseConfig(committed());
    expect(config.inputs.transactions).toBe("data/sample/transactions.csv");
    // The published report shows predicted value: the committed config turns it on, with the default options.
    expect(config.clv).toEqual({ ...DEFAULT_CONFIG.clv, enabled: true });
    // The sample shop's baskets are small and its gender and birth year optional (see the file's comments).
    expect(config.recommendations.pairs).toMatchObject({ minSupport: 0.001, minConfidence: 0.05 });
    expect(config.scorecard.minCompleteShare).toBe(0.9);
    expect(config.audiences.length).toBeGreaterThan(0);
    const asDefaults = {
      ...config,
      pii: DEFAULT_CONFIG.pii,
      playbook: {},
      clv: DEFAULT_CONFIG.clv,
      audiences: [],
      recommendations: { ...config.recommendations, pairs: DEFAULT_CONFIG.recommendations.pairs },
      scorecard: { ...config.scorecard, minCompleteShare: DEFAULT_CONFIG.scorecard.minCompleteShare },
    };
    expect(asDefaults).toEqual(DEFAULT_CONFIG);
    expect(Object.keys(config.playbook)).toHaveLength(9);
    // $comment keys (root, rfm, playbook, report, clv, recommendations, scorecard in that file) never reach the result.
    expect(JSON.stringify(config)).not.toContain("$comment");
  });

  it("accepts the hostile project's config (tests/corpus/hostile) and keeps its payloads as they are", () => {
    const raw = JSON.parse(readFileSync(join(PROJECT_ROOT, "tests", "corpus", "hostile", "workbench.config.json"), "utf-8"));
    const config = parseConfig(raw);
    expect(config.segmentation.names).toEqual(raw.segmentation.names);
    expect(config.segmentation.actions).toEqual(raw.segmentation.actions);
    expect(config.rfm.other).toBe(raw.rfm.other);
    expect(config.columns.transactions).toEqual(raw.columns.transactions);
  });

  it("throws a ConfigError with the file, key and problem", () => {
    try {
      parseConfig({ segmentation: { nlnit: 3 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const e = error as ConfigError;
      expect(e.message).toBe("workbench.config.json: segmentation.nlnit: unknown key; did you mean segmentation.nInit?");
      expect([e.source, e.key, e.problem]).toEqual(["workbench.config.json", "segmentation.nlnit", "unknown key; did you mean segmentation.nInit?"]);
    }
  });

  it.each([
    [[], "my.json: (root): expected a JSON object with any of inputs, columns, ingest, pii, features, rfm, segmentation, playbook, report, recommendations, audiences, scorecard, clv, got []"],
    [null, "my.json: (root): expected a JSON object with any of inputs, columns, ingest, pii, features, rfm, segmentation, playbook, report, recommendations, audiences, scorecard, clv, got null"],
    [{ segmnetation: {} }, "my.json: segmnetation: unknown key; did you mean segmentation?"],
    [{ inputz: { transactions: "t.csv" } }, "my.json: inputz: unknown key; did you mean inputs?"],
    [{ Report: {} }, "my.json: Report: unknown key; did you mean report?"],
    [{ $coment: "typo" }, "my.json: $coment: unknown key; did you mean $comment?"],
    [{ clustering: {} }, "my.json: clustering: unknown key; valid keys are inputs, columns, ingest, pii, features, rfm, segmentation, playbook, report, recommendations, audiences, scorecard, clv"],
    // A long value is cut to one readable line.
    [{ features: { asOf: "2011-12-01 ".repeat(10) } }, `my.json: features.asOf: expected a date YYYY-MM-DD, or null for the day after the last transaction, got "${"2011-12-01 ".repeat(6).slice(0, 58)}…`],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });

  it("reports one problem: an unknown key first, else the first in the order of the config table", () => {
    expect(problemOf({ segmentation: { k: 11 }, ingest: { encoding: "ascii" } })).toBe('my.json: ingest.encoding: expected one of "utf-8", "latin-1", "utf-16", got "ascii"');
    expect(problemOf({ report: { publishExport: "no" }, segmentation: { k: 11 } })).toBe("my.json: segmentation.k: expected a whole number from 2 to 10, got 11");
    expect(problemOf({ segmentation: { k: 11, nmaes: {} } })).toBe("my.json: segmentation.nmaes: unknown key; did you mean segmentation.names?");
    expect(problemOf({ inputs: { transactions: null }, reprot: {} })).toBe("my.json: reprot: unknown key; did you mean report?");
    // Within one object, keys in the schema's order whatever the file's order.
    expect(problemOf({ segmentation: { nInit: 0, k: 1 } })).toBe("my.json: segmentation.k: expected a whole number from 2 to 10, got 1");
  });
});
