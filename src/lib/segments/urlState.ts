/**
 * The workbench's and the compare page's settings in the address, so a link reproduces the view:
 *
 *   /workbench?feature=recency_days&feature=frequency&feature=monetary&log=frequency&log=monetary&scale=zscore&k=5&seed=42&restarts=4
 *   /compare?a=published&b=custom&b.feature=recency_days&b.feature=monetary&b.k=4&colour=shareOfB
 *
 * Features and logs repeat their key (a column name may hold a comma). Parsing never fails: every
 * parameter that is missing takes the page's default, and every one that is malformed or names
 * something this data has not got takes the default too, with a problem saying which parameter, what
 * it held and what was used instead, which the page shows as a notice. Unknown parameters are named
 * as ignored. Pure: the pages read and write the address through src/browser/urlState.ts.
 */
import { SCALINGS } from "../config/constants.js";

type Scaling = (typeof SCALINGS)[number];
import type { RunSettings } from "./clusterSettings.js";

/** The workbench's winsorizing choices (its select), by their value in the address. */
export const WINSORIZE_CHOICES: Readonly<Record<string, readonly [number, number] | null>> = { none: null, "1-99": [1, 99], "5-95": [5, 95] };

export interface Parsed<T> {
  value: T;
  /** One line per parameter that fell back to its default (or was ignored). */
  problems: string[];
  /** Whether the address held any of the page's parameters. */
  given: boolean;
}

type SettingKey = "feature" | "log" | "scale" | "k" | "seed" | "restarts" | "winsorize";
const WORKBENCH_KEYS: readonly SettingKey[] = ["feature", "log", "scale", "k", "seed", "restarts", "winsorize"];
/** The compare page's custom k-means form has no restarts (the committed config's) and no winsorizing. */
const COMPARE_KEYS: readonly SettingKey[] = ["feature", "log", "scale", "k", "seed"];

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

function winsorizeKey(w: readonly [number, number] | null): string {
  if (!w) return "none";
  const key = Object.entries(WINSORIZE_CHOICES).find(([, v]) => v && v[0] === w[0] && v[1] === w[1])?.[0];
  return key ?? `${w[0]}-${w[1]}`;
}

/** A whole number within [min, max] from the address, or null. */
function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^-?\d+$/.test(text.trim())) return null;
  const x = Number(text);
  return Number.isSafeInteger(x) && x >= min && x <= max ? x : null;
}

/**
 * Run settings from the address (prefix "b." for the compare page's side B), each parameter checked
 * against the feature table's feature options; `defaults` fill in what is missing or bad. Only `keys`
 * are read.
 */
export function parseRunSettings(
  params: URLSearchParams,
  featureOptions: readonly string[],
  defaults: RunSettings,
  options: { prefix?: string; keys?: readonly SettingKey[] } = {},
): Parsed<RunSettings> {
  const { prefix = "", keys = WORKBENCH_KEYS } = options;
  const problems: string[] = [];
  const key = (name: string) => `${prefix}${name}`;
  const has = (name: SettingKey) => keys.includes(name) && params.has(key(name));
  const given = keys.some(has);
  const fallback = (name: string, text: string, why: string, used: string) => problems.push(`${key(name)}=${text}: ${why}; using ${used}`);
  let features = [...defaults.features];
  if (has("feature")) {
    const asked = params.getAll(key("feature"));
    const unknown = asked.filter((f) => !featureOptions.includes(f));
    const known = [...new Set(asked.filter((f) => featureOptions.includes(f)))];
    if (unknown.length) problems.push(`${key("feature")}: ${quoted(unknown)} ${unknown.length === 1 ? "is not a feature" : "are not features"} of this data (${quoted(featureOptions)}); ${known.length ? `using ${quoted(known)}` : `using the default features ${quoted(features)}`}`);
    if (known.length) features = known;
  }
  let log = defaults.log.filter((f) => features.includes(f));
  if (has("log")) {
    const asked = params.getAll(key("log")).filter((f) => f !== "");
    const outside = asked.filter((f) => !features.includes(f));
    if (outside.length) problems.push(`${key("log")}: ${quoted(outside)} not among the chosen features; left out`);
    log = features.filter((f) => asked.includes(f));
  }
  let scale: Scaling = defaults.scale;
  if (has("scale")) {
    const text = params.get(key("scale"))!;
    if ((SCALINGS as readonly string[]).includes(text)) scale = text as Scaling;
    else fallback("scale", text, `not one of ${quoted(SCALINGS)}`, defaults.scale);
  }
  const number = (name: SettingKey, min: number, max: number, value: number, what: string) => {
    if (!has(name)) return value;
    const text = params.get(key(name))!;
    const x = wholeNumber(text, min, max);
    if (x === null) fallback(name, text, what, String(value));
    return x ?? value;
  };
  const k = number("k", 2, 10, defaults.k, "expected a whole number from 2 to 10");
  const seed = number("seed", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, defaults.seed, "expected a whole number");
  const nInit = number("restarts", 1, 50, defaults.nInit, "expected a whole number from 1 to 50");
  let winsorize = defaults.winsorize;
  if (has("winsorize")) {
    const text = params.get(key("winsorize"))!;
    if (text in WINSORIZE_CHOICES) winsorize = WINSORIZE_CHOICES[text];
    else fallback("winsorize", text, `not one of ${quoted(Object.keys(WINSORIZE_CHOICES))}`, winsorizeKey(defaults.winsorize));
  }
  return { value: { features, log, scale, k, seed, nInit, winsorize }, problems, given };
}

/** The address parameters for run settings (the inverse of parseRunSettings), `keys` only. */
export function runSettingsParams(settings: RunSettings, options: { prefix?: string; keys?: readonly SettingKey[]; params?: URLSearchParams } = {}): URLSearchParams {
  const { prefix = "", keys = WORKBENCH_KEYS, params = new URLSearchParams() } = options;
  for (const f of settings.features) params.append(`${prefix}feature`, f);
  // An empty log list is written as `log=` so that "no log" is not read back as "the default logs".
  if (settings.log.length) for (const f of settings.log) params.append(`${prefix}log`, f);
  else params.append(`${prefix}log`, "");
  params.set(`${prefix}scale`, settings.scale);
  params.set(`${prefix}k`, String(settings.k));
  params.set(`${prefix}seed`, String(settings.seed));
  if (keys.includes("restarts")) params.set(`${prefix}restarts`, String(settings.nInit));
  if (keys.includes("winsorize")) params.set(`${prefix}winsorize`, winsorizeKey(settings.winsorize));
  return params;
}

/** Parameters in the address that the page does not read. */
function ignored(params: URLSearchParams, known: (key: string) => boolean): string[] {
  const names = [...new Set([...params.keys()])].filter((name) => !known(name));
  return names.length ? [`ignored ${names.length === 1 ? "parameter" : "parameters"} ${quoted(names)}: not a setting of this page`] : [];
}

/** The workbench's settings from its address. */
export function parseWorkbenchParams(search: string, featureOptions: readonly string[], defaults: RunSettings): Parsed<RunSettings> {
  const params = new URLSearchParams(search);
  const parsed = parseRunSettings(params, featureOptions, defaults);
  return { ...parsed, problems: [...parsed.problems, ...ignored(params, (name) => (WORKBENCH_KEYS as readonly string[]).includes(name))] };
}

/** The workbench's address parameters. */
export function workbenchParams(settings: RunSettings): URLSearchParams {
  return runSettingsParams(settings);
}

export type CompareSource = "published" | "workbench" | "rfm" | "custom";
export const COMPARE_SOURCES: readonly CompareSource[] = ["published", "workbench", "rfm", "custom"];
export type CompareMeasure = "shareOfA" | "shareOfB" | "customers";
export const COMPARE_MEASURES: readonly CompareMeasure[] = ["shareOfA", "shareOfB", "customers"];

export interface CompareSide {
  source: CompareSource;
  /** The custom k-means settings (used when source is "custom"). */
  custom: RunSettings;
}

export interface CompareView {
  a: CompareSide;
  b: CompareSide;
  measure: CompareMeasure;
}

export interface CompareDefaults {
  a: CompareSide;
  b: CompareSide;
  measure: CompareMeasure;
  /** Whether this browser has workbench settings (the "workbench" source needs them). */
  hasWorkbench: boolean;
}

/**
 * The compare page's view from its address: each side's source (`a`, `b`) and custom settings
 * (`a.…`, `b.…`, as the workbench's), and the cross-tabulation's colouring (`colour`).
 */
export function parseCompareParams(search: string, featureOptions: readonly string[], defaults: CompareDefaults): Parsed<CompareView> {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const side = (name: "a" | "b"): { side: CompareSide; given: boolean } => {
    const fallback = defaults[name];
    let source = fallback.source;
    if (params.has(name)) {
      const text = params.get(name)!;
      if (!(COMPARE_SOURCES as readonly string[]).includes(text)) problems.push(`${name}=${text}: not one of ${quoted(COMPARE_SOURCES)}; using ${fallback.source}`);
      else if (text === "workbench" && !defaults.hasWorkbench) problems.push(`${name}=workbench: this browser has no workbench settings yet (run a clustering on the workbench first); using ${fallback.source}`);
      else source = text as CompareSource;
    }
    const custom = parseRunSettings(params, featureOptions, fallback.custom, { prefix: `${name}.`, keys: COMPARE_KEYS });
    problems.push(...custom.problems);
    return { side: { source, custom: custom.value }, given: params.has(name) || custom.given };
  };
  const a = side("a");
  const b = side("b");
  let measure = defaults.measure;
  if (params.has("colour")) {
    const text = params.get("colour")!;
    if ((COMPARE_MEASURES as readonly string[]).includes(text)) measure = text as CompareMeasure;
    else problems.push(`colour=${text}: not one of ${quoted(COMPARE_MEASURES)}; using ${defaults.measure}`);
  }
  const known = (key: string) => key === "a" || key === "b" || key === "colour" || (/^[ab]\./.test(key) && (COMPARE_KEYS as readonly string[]).includes(key.slice(2)));
  problems.push(...ignored(params, known));
  return { value: { a: a.side, b: b.side, measure }, problems, given: a.given || b.given || params.has("colour") };
}

/** The compare page's address parameters: custom settings only for a side showing them. */
export function compareParams(view: CompareView): URLSearchParams {
  const params = new URLSearchParams();
  params.set("a", view.a.source);
  params.set("b", view.b.source);
  if (view.a.source === "custom") runSettingsParams(view.a.custom, { prefix: "a.", keys: COMPARE_KEYS, params });
  if (view.b.source === "custom") runSettingsParams(view.b.custom, { prefix: "b.", keys: COMPARE_KEYS, params });
  params.set("colour", view.measure);
  return params;
}
