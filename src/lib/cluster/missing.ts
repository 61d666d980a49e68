/**
 * Missing values in the features a segmentation clusters on, handled by a stated strategy and
 * counted, never read as 0 (the config key `segmentation.missing`):
 *
 * - `exclude` (default): a customer with a blank in any clustered feature is not clustered. They
 *   are counted per reason, the features that are blank ("missing income"), and shown as a
 *   "Not segmented (missing income)" group with its count.
 * - `median`: blanks of a numeric feature get the feature's median, of a categorical one its mode.
 * - `mode`: blanks of every feature get its most frequent value.
 * - `indicator`: as `median`, plus a 0/1 feature `<feature>_missing` for each feature that had
 *   blanks, so "did not answer" can itself set customers apart (it is categorical: k-prototypes
 *   weighs it like any other category; z-scoring a rare 0/1 column would blow it up).
 *
 * A value is blank when it is null, undefined, NaN, or text that is empty or only spaces. Fill
 * values are fitted once (`fitMissing`) and recorded, so an earlier snapshot is filled with the
 * same values (`applyMissing`), as `applyModel` replays scaling. Text in a numeric feature that is
 * not a number stops the run with the feature and row: it is bad input, not a blank.
 */
import { MISSING_STRATEGIES as STRATEGIES, type MissingStrategy } from "../config/constants.js";
import { featureLabel } from "./featureLabel.js";
import { quantile } from "./prepare.js";

export type { MissingStrategy };
export const MISSING_STRATEGIES: readonly MissingStrategy[] = STRATEGIES;
export const DEFAULT_MISSING_STRATEGY: MissingStrategy = "exclude";

export type FeatureKind = "numeric" | "categorical";

export interface FeatureSpec {
  name: string;
  kind: FeatureKind;
}

/** null, undefined, NaN, or text that is empty or only spaces. */
export function isMissing(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isNaN(value);
  if (typeof value === "string") return value.trim() === "";
  return false;
}

/** Where a value sits, for error messages: the customer id when known, else the row. */
function where(name: string, row: number, ids?: ArrayLike<unknown>): string {
  return ids ? `feature "${name}" row ${row + 1} (customer ${JSON.stringify(String(ids[row]))})` : `feature "${name}" row ${row + 1}`;
}

/** A numeric feature's value, NaN for a blank; throws on anything that is not a finite number. */
export function numericValue(value: unknown, name: string, row: number, ids?: ArrayLike<unknown>): number {
  if (isMissing(value)) return NaN;
  let x: number;
  if (typeof value === "number") x = value;
  else if (typeof value === "bigint") x = Number(value);
  else if (typeof value === "string") x = Number(value.trim());
  else x = NaN;
  if (!Number.isFinite(x)) {
    const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
    throw new Error(`${where(name, row, ids)}: ${shown} is not a finite number (blanks are handled by segmentation.missing; other text must be fixed or the feature declared categorical)`);
  }
  return x;
}

function column(columns: Readonly<Record<string, ArrayLike<unknown>>>, name: string, n: number | null): ArrayLike<unknown> {
  const values = columns[name];
  if (!values) throw new Error(`unknown feature "${name}"`);
  if (n !== null && values.length !== n) throw new Error(`feature "${name}" has ${values.length} values, expected ${n}`);
  return values;
}

export interface MissingPlan {
  strategy: MissingStrategy;
  features: FeatureSpec[];
  /** Value each feature's blanks are filled with (every strategy but `exclude`), fitted by `fitMissing`. */
  fill: Record<string, number | string>;
  /** 0/1 indicator features added by the `indicator` strategy: its name and the feature it flags. */
  indicators: { name: string; feature: string }[];
}

export interface ExcludedGroup {
  /** "missing income", "missing age and income". */
  reason: string;
  /** "Not segmented (missing income)". */
  label: string;
  /** The blank features, in feature order. */
  features: string[];
  count: number;
  /** Input rows, ascending. */
  rows: Int32Array;
}

export interface MissingResult {
  plan: MissingPlan;
  /** Input rows. */
  n: number;
  /** Input rows that are clustered, ascending (all of them unless the strategy is `exclude`). */
  rows: Int32Array;
  /** Values of the clustered rows, blanks filled: numbers for numeric features, text for categorical ones. */
  numeric: Record<string, Float64Array>;
  categorical: Record<string, string[]>;
  /** The indicator features of the clustered rows ("0"/"1", categorical). */
  indicators: Record<string, string[]>;
  /** Blank values per feature, over all input rows. */
  missingByFeature: Record<string, number>;
  /** Filled values per feature (0 under `exclude`). */
  imputedByFeature: Record<string, number>;
  /** Customers left out under `exclude`, one group per combination of blank features, largest first. */
  excluded: ExcludedGroup[];
  /**
   * Rows not clustered per reason ("missing income" → 12), for the data-quality accounting:
   * rows.length + Σ countsByReason = n.
   */
  countsByReason: Record<string, number>;
}

/** "income" → "missing income"; ["age", "annual_income", "score"] → "missing age, annual income and score". */
export function missingReason(features: readonly string[]): string {
  const words = features.map(featureLabel);
  const list = words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
  return `missing ${list}`;
}

/** The label of a group of customers who are not clustered: "Not segmented (missing income)". */
export function notSegmentedLabel(reason: string): string {
  return `Not segmented (${reason})`;
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Most frequent value; a tie goes to the smallest (numbers ascending, text by code unit). */
function modeOf<T extends number | string>(values: T[]): T {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: T | undefined;
  let bestCount = -1;
  for (const [v, c] of counts) {
    const smaller = best === undefined || (typeof v === "number" ? v < (best as number) : byCodeUnit(v as string, best as string) < 0);
    if (c > bestCount || (c === bestCount && smaller)) (best = v), (bestCount = c);
  }
  return best!;
}

/** A category value as text: trimmed, numbers as written ("1" for a region coded 1). */
export function categoryValue(value: unknown): string {
  return typeof value === "string" ? value.trim() : String(value);
}

/**
 * Fits the fill values of a strategy on columns (one array per feature, equal lengths).
 * Throws when a feature has no value at all to fill from.
 */
export function fitMissing(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  features: readonly FeatureSpec[],
  strategy: MissingStrategy,
  options: { ids?: ArrayLike<unknown> } = {},
): MissingPlan {
  if (!MISSING_STRATEGIES.includes(strategy)) throw new Error(`segmentation.missing: expected one of ${MISSING_STRATEGIES.join(", ")}, got ${JSON.stringify(strategy)}`);
  if (!features.length) throw new Error("choose at least one feature to cluster on");
  const names = new Set(features.map((f) => f.name));
  if (names.size !== features.length) throw new Error("a feature is listed twice");
  const n = column(columns, features[0].name, null).length;
  const fill: Record<string, number | string> = {};
  const indicators: { name: string; feature: string }[] = [];
  for (const { name, kind } of features) {
    const values = column(columns, name, n);
    const observedNumbers: number[] = [];
    const observedText: string[] = [];
    let blanks = 0;
    for (let i = 0; i < n; i++) {
      if (kind === "numeric") {
        const x = numericValue(values[i], name, i, options.ids);
        if (Number.isNaN(x)) blanks++;
        else observedNumbers.push(x);
      } else if (isMissing(values[i])) blanks++;
      else observedText.push(categoryValue(values[i]));
    }
    if (strategy === "exclude") continue;
    if (blanks === n) {
      throw new Error(`feature "${name}": all ${n} values are blank, so segmentation.missing "${strategy}" has nothing to fill them from; leave the feature out of segmentation.features`);
    }
    if (kind === "numeric") {
      fill[name] = strategy === "mode" ? modeOf(observedNumbers) : quantile(Float64Array.from(observedNumbers).sort(), 0.5);
    } else fill[name] = modeOf(observedText);
    if (strategy === "indicator" && blanks > 0) {
      const indicator = `${name}_missing`;
      if (names.has(indicator)) throw new Error(`feature "${indicator}" exists; the missing indicator of "${name}" needs that name`);
      indicators.push({ name: indicator, feature: name });
    }
  }
  return { strategy, features: features.map((f) => ({ ...f })), fill, indicators };
}

/** Applies a plan to columns: the rows clustered, their filled values, and every blank counted. */
export function applyMissing(plan: MissingPlan, columns: Readonly<Record<string, ArrayLike<unknown>>>, options: { ids?: ArrayLike<unknown> } = {}): MissingResult {
  const { features, strategy } = plan;
  const n = column(columns, features[0].name, null).length;
  const blank = features.map(() => new Uint8Array(n));
  const missingByFeature: Record<string, number> = {};
  const numbers: (Float64Array | null)[] = [];
  features.forEach(({ name, kind }, j) => {
    const values = column(columns, name, n);
    let count = 0;
    const parsed = kind === "numeric" ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      const missing = kind === "numeric" ? Number.isNaN((parsed![i] = numericValue(values[i], name, i, options.ids))) : isMissing(values[i]);
      if (missing) (blank[j][i] = 1), count++;
    }
    numbers.push(parsed);
    missingByFeature[name] = count;
  });

  // Which rows are clustered; under `exclude`, the others grouped by their blank features.
  const kept: number[] = [];
  const groups = new Map<string, { features: string[]; rows: number[] }>();
  for (let i = 0; i < n; i++) {
    const missing = features.filter((_, j) => blank[j][i]).map((f) => f.name);
    if (strategy !== "exclude" || missing.length === 0) {
      kept.push(i);
      continue;
    }
    const key = missing.join("\u0000");
    const group = groups.get(key) ?? { features: missing, rows: [] };
    group.rows.push(i);
    groups.set(key, group);
  }
  const excluded: ExcludedGroup[] = [...groups.values()]
    .map((g) => {
      const reason = missingReason(g.features);
      return { reason, label: notSegmentedLabel(reason), features: g.features, count: g.rows.length, rows: Int32Array.from(g.rows) };
    })
    .sort((a, b) => b.count - a.count || byCodeUnit(a.reason, b.reason));

  const rows = Int32Array.from(kept);
  const numeric: Record<string, Float64Array> = {};
  const categorical: Record<string, string[]> = {};
  const imputedByFeature: Record<string, number> = {};
  features.forEach(({ name, kind }, j) => {
    const values = column(columns, name, n);
    const fill = plan.fill[name];
    let imputed = 0;
    if (kind === "numeric") {
      const out = new Float64Array(rows.length);
      rows.forEach((i, r) => {
        if (blank[j][i]) {
          if (typeof fill !== "number") throw new Error(`feature "${name}": no fill value recorded for its blanks`);
          out[r] = fill;
          imputed++;
        } else out[r] = numbers[j]![i];
      });
      numeric[name] = out;
    } else {
      const out = new Array<string>(rows.length);
      rows.forEach((i, r) => {
        if (blank[j][i]) {
          if (fill === undefined) throw new Error(`feature "${name}": no fill value recorded for its blanks`);
          out[r] = String(fill);
          imputed++;
        } else out[r] = categoryValue(values[i]);
      });
      categorical[name] = out;
    }
    imputedByFeature[name] = imputed;
  });
  const indicators: Record<string, string[]> = {};
  for (const { name, feature } of plan.indicators) {
    const j = features.findIndex((f) => f.name === feature);
    indicators[name] = Array.from(rows, (i) => (blank[j][i] ? "1" : "0"));
  }
  const countsByReason: Record<string, number> = {};
  for (const g of excluded) countsByReason[g.reason] = g.count;
  return { plan, n, rows, numeric, categorical, indicators, missingByFeature, imputedByFeature, excluded, countsByReason };
}

/** Fits a plan on columns and applies it to them. */
export function handleMissing(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  features: readonly FeatureSpec[],
  strategy: MissingStrategy = DEFAULT_MISSING_STRATEGY,
  options: { ids?: ArrayLike<unknown> } = {},
): MissingResult {
  return applyMissing(fitMissing(columns, features, strategy, options), columns, options);
}

/**
 * Throws when a numeric feature holds a blank, naming the feature, how many and the first row:
 * for code paths that cluster every row as given (today's k-means segmentation).
 */
export function assertNoBlanks(columns: Readonly<Record<string, ArrayLike<unknown>>>, features: readonly string[], options: { ids?: ArrayLike<unknown> } = {}): void {
  for (const name of features) {
    const values = column(columns, name, null);
    let count = 0;
    let first = -1;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(numericValue(values[i], name, i, options.ids))) {
        if (first < 0) first = i;
        count++;
      }
    }
    if (count) {
      const at = options.ids ? `row ${first + 1}, customer ${JSON.stringify(String(options.ids[first]))}` : `row ${first + 1}`;
      throw new Error(
        `feature "${name}": ${count} of ${values.length} customers have no value (first: ${at}); blanks are never clustered as 0: fill them in the export or leave the feature out of segmentation.features`,
      );
    }
  }
}
