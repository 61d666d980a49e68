import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("segmentation", () => {
  it("defaults to five z-scored RFM segments with log money and counts", () => {
    expect(parseConfig({}).segmentation).toEqual({
      features: ["recency_days", "frequency", "monetary"],
      log: ["frequency", "monetary"],
      scale: "zscore",
      k: 5,
      seed: 42,
      nInit: 4,
      names: {},
      actions: {},
      categorical: [],
      missing: "exclude",
      gamma: null,
    });
  });

  it("logs the listed ones of frequency and monetary when log is left out; takes categorical features, a blank strategy and γ", () => {
    expect(parseConfig({ segmentation: { features: ["recency_days", "monetary"] } }).segmentation.log).toEqual(["monetary"]);
    expect(parseConfig({ segmentation: { features: ["age", "annual_income"] } }).segmentation.log).toEqual([]);
    const mixed = parseConfig({ segmentation: { features: ["age", "region", "channel"], categorical: ["region"], missing: "indicator", gamma: 1.5 } }).segmentation;
    expect(mixed).toMatchObject({ categorical: ["region"], missing: "indicator", gamma: 1.5, log: [] });
    // The README's key order: the keys that were there first keep their places.
    expect(Object.keys(mixed)).toEqual(["features", "log", "scale", "k", "seed", "nInit", "names", "actions", "categorical", "missing", "gamma"]);
  });

  it("takes names and plays for segments 0…k−1, as text or play fields", () => {
    const segmentation = parseConfig({
      segmentation: { $comment: "ours", k: 3, seed: -7, names: { "0": "Regulars", "2": "Dormant" }, actions: { "0": "Call them", "2": { $comment: "why", avoid: "Discounts" } } },
    }).segmentation;
    expect(segmentation.names).toEqual({ "0": "Regulars", "2": "Dormant" });
    expect(segmentation.actions).toEqual({ "0": "Call them", "2": { avoid: "Discounts" } });
    expect(segmentation.seed).toBe(-7);
    expect(segmentation).not.toHaveProperty("$comment");
  });

  const number = (key: string) => `a segment number from "0" (the largest) to "${key}" as key`;
  it.each([
    [{ segmentation: { nlnit: 3 } }, "my.json: segmentation.nlnit: unknown key; did you mean segmentation.nInit?"],
    [{ segmentation: { ninit: 3 } }, "my.json: segmentation.ninit: unknown key; did you mean segmentation.nInit?"],
    [{ segmentation: { K: 3 } }, "my.json: segmentation.K: unknown key; did you mean segmentation.k?"],
    [{ segmentation: { clusters: 3 } }, "my.json: segmentation.clusters: unknown key; valid keys are features, log, scale, k, seed, nInit, names, actions, categorical, missing, gamma"],
    [{ segmentation: { missing: "zero" } }, 'my.json: segmentation.missing: expected one of "exclude", "median", "mode", "indicator", got "zero"'],
    [{ segmentation: { gamma: 0 } }, "my.json: segmentation.gamma: expected a number above 0, or null for the default (half the mean standard deviation of the scaled numeric features), got 0"],
    [{ segmentation: { gamma: "0.5" } }, 'my.json: segmentation.gamma: expected a number above 0, or null for the default (half the mean standard deviation of the scaled numeric features), got "0.5"'],
    [{ segmentation: { features: ["age", "region"], categorical: ["country"] } }, 'my.json: segmentation.categorical[0]: expected one of segmentation.features (age, region), got "country"'],
    [{ segmentation: { features: ["age", "region"], categorical: ["region", "region"] } }, 'my.json: segmentation.categorical[1]: expected a feature not listed before, got "region"'],
    [{ segmentation: { features: ["age", "region"], categorical: ["region"], log: ["region"] } }, 'my.json: segmentation.log[0]: expected a numeric feature: "region" is listed in segmentation.categorical, got "region"'],
    [{ segmentation: { categorical: "region" } }, 'my.json: segmentation.categorical: expected a list of features from segmentation.features, got "region"'],
    [{ segmentation: { k: 11 } }, "my.json: segmentation.k: expected a whole number from 2 to 10, got 11"],
    [{ segmentation: { k: 1 } }, "my.json: segmentation.k: expected a whole number from 2 to 10, got 1"],
    [{ segmentation: { k: 5.5 } }, "my.json: segmentation.k: expected a whole number from 2 to 10, got 5.5"],
    [{ segmentation: { k: "5" } }, 'my.json: segmentation.k: expected a whole number from 2 to 10, got "5"'],
    [{ segmentation: { k: null } }, "my.json: segmentation.k: expected a whole number from 2 to 10, got null"],
    [{ segmentation: { seed: 4.2 } }, "my.json: segmentation.seed: expected a whole number, got 4.2"],
    [{ segmentation: { seed: "42" } }, 'my.json: segmentation.seed: expected a whole number, got "42"'],
    [{ segmentation: { nInit: 0 } }, "my.json: segmentation.nInit: expected a whole number ≥ 1, got 0"],
    [{ segmentation: { nInit: "5" } }, 'my.json: segmentation.nInit: expected a whole number ≥ 1, got "5"'],
    [{ segmentation: { scale: "log" } }, 'my.json: segmentation.scale: expected one of "zscore", "robust", "minmax", "none", got "log"'],
    [{ segmentation: { scale: null } }, 'my.json: segmentation.scale: expected one of "zscore", "robust", "minmax", "none", got null'],
    [{ segmentation: { features: [] } }, "my.json: segmentation.features: expected a non-empty list of feature columns, got []"],
    [{ segmentation: { features: "frequency" } }, 'my.json: segmentation.features: expected a non-empty list of feature columns, got "frequency"'],
    [{ segmentation: { features: ["frequency", ""] } }, 'my.json: segmentation.features[1]: expected a feature column name, got ""'],
    [{ segmentation: { features: ["frequency", "monetary", "frequency"] } }, 'my.json: segmentation.features[2]: expected a feature not listed before, got "frequency"'],
    [{ segmentation: { features: ["frequency"], log: ["frequency", "monetary"] } }, 'my.json: segmentation.log[1]: expected one of segmentation.features (frequency), got "monetary"'],
    [{ segmentation: { log: "monetary" } }, 'my.json: segmentation.log: expected a list of features from segmentation.features, got "monetary"'],
    [{ segmentation: { k: 3, names: { "3": "Extra" } } }, `my.json: segmentation.names.3: expected ${number("2")} (segmentation.k is 3), got "3"`],
    [{ segmentation: { names: { "01": "Leading zero" } } }, `my.json: segmentation.names.01: expected ${number("4")} (segmentation.k is 5), got "01"`],
    [{ segmentation: { names: { first: "Regulars" } } }, `my.json: segmentation.names.first: expected ${number("4")} (segmentation.k is 5), got "first"`],
    [{ segmentation: { names: { "0": "" } } }, 'my.json: segmentation.names.0: expected a segment name (not blank), got ""'],
    [{ segmentation: { names: { "0": 7 } } }, "my.json: segmentation.names.0: expected a segment name (not blank), got 7"],
    [{ segmentation: { names: ["Regulars"] } }, 'my.json: segmentation.names: expected an object of segment names keyed by segment number, got ["Regulars"]'],
    [{ segmentation: { actions: { "5": "Call" } } }, `my.json: segmentation.actions.5: expected ${number("4")} (segmentation.k is 5), got "5"`],
    [{ segmentation: { actions: { first: "Call" } } }, `my.json: segmentation.actions.first: expected ${number("4")} (segmentation.k is 5), got "first"`],
    [{ segmentation: { actions: { "1": 3 } } }, "my.json: segmentation.actions.1: expected the action text, or an object with any of description, action, channel, avoid, kpi, got 3"],
    [{ segmentation: { actions: { "1": "  " } } }, 'my.json: segmentation.actions.1: expected the action text (not blank), got "  "'],
    [{ segmentation: { actions: { "1": { chanel: "Phone" } } } }, "my.json: segmentation.actions.1.chanel: unknown key; did you mean segmentation.actions.1.channel?"],
    [{ segmentation: { actions: { "1": { channel: 3 } } } }, "my.json: segmentation.actions.1.channel: expected text (not blank), got 3"],
    [{ segmentation: { actions: "Call" } }, 'my.json: segmentation.actions: expected an object of plays keyed by segment number, got "Call"'],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
