// Settings in the address: what a link holds comes back as the same settings, and every bad
// parameter falls back to the default with a line saying which, what it held and what was used.
import { describe, expect, it } from "vitest";
import type { RunSettings } from "../../../src/lib/segments/clusterSettings.js";
import { compareParams, parseCompareParams, parseWorkbenchParams, workbenchParams, type CompareDefaults } from "../../../src/lib/segments/urlState.js";

const OPTIONS = ["recency_days", "frequency", "monetary", "tenure_days", "share_a,b"];
const DEFAULTS: RunSettings = { features: ["recency_days", "frequency", "monetary"], log: ["frequency", "monetary"], scale: "zscore", k: 5, seed: 42, nInit: 4, winsorize: null };

describe("workbench settings in the address", () => {
  it("round-trips every setting, a feature name with a comma, an empty log list and winsorizing", () => {
    const settings: RunSettings = { features: ["monetary", "share_a,b"], log: [], scale: "robust", k: 3, seed: -7, nInit: 2, winsorize: [5, 95] };
    const search = workbenchParams(settings).toString();
    expect(search).toBe("feature=monetary&feature=share_a%2Cb&log=&scale=robust&k=3&seed=-7&restarts=2&winsorize=5-95");
    expect(parseWorkbenchParams(`?${search}`, OPTIONS, DEFAULTS)).toEqual({ value: settings, problems: [], given: true });
    expect(parseWorkbenchParams(workbenchParams(DEFAULTS).toString(), OPTIONS, DEFAULTS).value).toEqual(DEFAULTS);
  });

  it("is the defaults for an address without its parameters", () => {
    expect(parseWorkbenchParams("", OPTIONS, DEFAULTS)).toEqual({ value: DEFAULTS, problems: [], given: false });
  });

  it("falls back parameter by parameter, saying why", () => {
    const parsed = parseWorkbenchParams("?feature=monetary&feature=nope&log=frequency&scale=log&k=11&seed=1.5&restarts=0&winsorize=2-98&kk=3", OPTIONS, DEFAULTS);
    expect(parsed.value).toEqual({ ...DEFAULTS, features: ["monetary"], log: [] });
    expect(parsed.problems).toEqual([
      'feature: "nope" is not a feature of this data ("recency_days", "frequency", "monetary", "tenure_days", "share_a,b"); using "monetary"',
      'log: "frequency" not among the chosen features; left out',
      'scale=log: not one of "zscore", "robust", "minmax", "none"; using zscore',
      "k=11: expected a whole number from 2 to 10; using 5",
      "seed=1.5: expected a whole number; using 42",
      "restarts=0: expected a whole number from 1 to 50; using 4",
      'winsorize=2-98: not one of "none", "1-99", "5-95"; using none',
      'ignored parameter "kk": not a setting of this page',
    ]);
    const none = parseWorkbenchParams("?feature=a&feature=b", OPTIONS, DEFAULTS);
    expect(none.value.features).toEqual(DEFAULTS.features);
    expect(none.problems[0]).toMatch(/^feature: "a", "b" are not features of this data .*; using the default features "recency_days", "frequency", "monetary"$/);
  });
});

describe("compare view in the address", () => {
  const defaults: CompareDefaults = {
    a: { source: "published", custom: { ...DEFAULTS, nInit: 4 } },
    b: { source: "rfm", custom: { ...DEFAULTS, k: 4 } },
    measure: "shareOfA",
    hasWorkbench: false,
  };

  it("round-trips the sources, a custom side's settings and the colouring", () => {
    const view = { a: { source: "published" as const, custom: defaults.a.custom }, b: { source: "custom" as const, custom: { ...DEFAULTS, features: ["recency_days", "monetary"], log: ["monetary"], k: 3, seed: 9 } }, measure: "customers" as const };
    const search = compareParams(view).toString();
    expect(search).toBe("a=published&b=custom&b.feature=recency_days&b.feature=monetary&b.log=monetary&b.scale=zscore&b.k=3&b.seed=9&colour=customers");
    expect(parseCompareParams(search, OPTIONS, defaults)).toEqual({ value: view, problems: [], given: true });
    expect(parseCompareParams("", OPTIONS, defaults)).toEqual({ value: { a: defaults.a, b: defaults.b, measure: "shareOfA" }, problems: [], given: false });
  });

  it("falls back for an unknown source, the workbench without settings, bad custom settings and colouring", () => {
    const parsed = parseCompareParams("?a=workbench&b=kmeans&b.k=1&b.restarts=3&colour=red", OPTIONS, defaults);
    expect(parsed.value).toEqual({ a: defaults.a, b: defaults.b, measure: "shareOfA" });
    expect(parsed.problems).toEqual([
      "a=workbench: this browser has no workbench settings yet (run a clustering on the workbench first); using published",
      'b=kmeans: not one of "published", "workbench", "rfm", "custom"; using rfm',
      "b.k=1: expected a whole number from 2 to 10; using 4",
      'colour=red: not one of "shareOfA", "shareOfB", "customers"; using shareOfA',
      'ignored parameter "b.restarts": not a setting of this page',
    ]);
    expect(parseCompareParams("?a=workbench", OPTIONS, { ...defaults, hasWorkbench: true }).value.a.source).toBe("workbench");
  });
});
