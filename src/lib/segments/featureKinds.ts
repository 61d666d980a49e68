/**
 * Whether a feature is clustered as numbers or as categories: one decision for the config path
 * (`segmentCustomers`, `runAttributeSegmentation`, the workbench's jobs) and the `cluster` command.
 *
 * Over a feature's filled values (blanks, as `missing.ts` reads them, are `segmentation.missing`'s):
 * a value is a number when it is a finite number or text that reads as one ("42", " 3.5 "; numbers
 * exported as text are numbers), and text otherwise ("n/a", "12,5 k", "—", and ±Infinity).
 *
 * - Declared categorical (`segmentation.categorical`, `--categorical`): categorical, whatever its values.
 * - No text: numeric.
 * - Numbers in at least half of its filled values (NUMERIC_MAJORITY) and some text: a column of
 *   numbers with stray text, which stops the run (`StrayText`), naming the feature, the first such
 *   row and value and how many there are. Read as categories, each income would become a category
 *   of its own and the segmentation would quietly change meaning; a stray word is bad input.
 * - Fewer numbers than that: a text column, categorical ("3 or more" among answers coded 1, 2).
 *
 * A column the engine typed as numbers (every filled value is a number, one of them not finite) and
 * a feature that must be numeric (a saved model's) stop on any text, whatever the share.
 */
import { isMissing, type FeatureKind, type FeatureSpec } from "../cluster/missing.js";

/** Share of a feature's filled values that are numbers from which stray text stops the run instead of making it categorical. */
export const NUMERIC_MAJORITY = 0.5;
/** Distinct stray values a message lists, the most frequent first. */
const STRAY_EXAMPLES = 5;

/** A finite number, or text that reads as one. */
export function isNumberValue(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (typeof value === "bigint") return true;
  return typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value.trim()));
}

/** A feature's filled values that are numbers and that are text, when it has both and must not be categorical. */
export interface StrayText {
  feature: string;
  /** Filled (non-blank) values, and of them numbers and text. */
  filled: number;
  numbers: number;
  texts: number;
  /** The first text value: its row (0-based) and the value as written. */
  first: { row: number; value: string };
  /** Distinct text values, the most frequent first (ties in order of appearance), at most STRAY_EXAMPLES. */
  examples: { value: string; count: number }[];
  /** Distinct text values in all. */
  distinct: number;
}

export type ColumnKind = { kind: FeatureKind } | { kind: "stray text"; stray: StrayText };

const shown = (value: unknown) => (typeof value === "string" ? value : String(value));

/**
 * The kind of one feature's values (see the module comment). `categorical`: declared categorical;
 * `numeric`: must be numbers (a saved model's numeric feature).
 */
export function columnKind(feature: string, values: ArrayLike<unknown>, options: { categorical?: boolean; numeric?: boolean } = {}): ColumnKind {
  if (options.categorical) return { kind: "categorical" };
  let numbers = 0;
  let texts = 0;
  let typed = true;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v)) continue;
    if (typeof v !== "number" && typeof v !== "bigint") typed = false;
    if (isNumberValue(v)) numbers++;
    else {
      texts++;
      if (first < 0) first = i;
    }
  }
  if (texts === 0) return { kind: "numeric" };
  const filled = numbers + texts;
  if (!options.numeric && !typed && numbers < NUMERIC_MAJORITY * filled) return { kind: "categorical" };
  // Only now, on the way to an error: the stray values and their counts (a second pass).
  const counts = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (isMissing(v) || isNumberValue(v)) continue;
    const text = shown(v);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const examples = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
  return {
    kind: "stray text",
    stray: { feature, filled, numbers, texts, first: { row: first, value: shown(values[first]) }, examples: examples.slice(0, STRAY_EXAMPLES), distinct: examples.length },
  };
}

/** How a message names things: the config's keys, or the command's options. */
export interface StrayTextWords {
  /** What holds the values: `segmentation.features: "income"`, `data/f.csv: column "income"`. */
  subject: string;
  /** The first stray value's place: `row 18 (customer "C0017")`, `data row 5 (ref "R99")`. */
  at: string;
  /** The key that handles blanks: `segmentation.missing`, `--missing`. */
  missingKey: string;
  /** How to read it as categories (`list "income" in segmentation.categorical`), or null when it must be numbers. */
  categorical: string | null;
}

/**
 * One line: how many values are not numbers among how many that are, the first (its place and
 * value), the most frequent such values, and what to do.
 */
export function strayTextMessage(stray: StrayText, words: StrayTextWords): string {
  const { texts, numbers, filled } = stray;
  const them = texts === 1 ? "it" : "them";
  const values =
    texts > 1 ? `; ${stray.distinct === 1 ? "always" : "values"} ${stray.examples.map((e) => `${JSON.stringify(e.value)} ×${e.count}`).join(", ")}${stray.distinct > stray.examples.length ? `, and ${stray.distinct - stray.examples.length} more` : ""}` : "";
  const fix = `fix ${them} or blank ${them} (blanks are handled by ${words.missingKey})`;
  const remedy = words.categorical ? `${fix}, or ${words.categorical} to cluster its values as categories` : `${fix}: the model clusters it as numbers`;
  return (
    `${words.subject}: ${numbers} of ${filled} filled values are numbers but ${texts} ${texts === 1 ? "is" : "are"} not ` +
    `(first: ${words.at}, value ${JSON.stringify(stray.first.value)}${values}): ${remedy}`
  );
}

export interface FeatureKindsOptions {
  /** Customer ids by row, for messages. */
  ids?: ArrayLike<unknown>;
  /** Where a feature's values come from, for messages ("data/customers.csv (inputs.customers)"). */
  sources?: Readonly<Record<string, string>>;
}

/** Numeric or categorical, per feature (see the module comment); throws one line on stray text in numbers. */
export function featureKinds(columns: Readonly<Record<string, ArrayLike<unknown>>>, features: readonly string[], categorical: readonly string[] = [], options: FeatureKindsOptions = {}): FeatureSpec[] {
  const forced = new Set(categorical);
  const unknown = categorical.find((name) => !features.includes(name));
  if (unknown) throw new Error(`segmentation.categorical: "${unknown}" is not among segmentation.features`);
  return features.map((name) => {
    const values = columns[name];
    if (!values) throw new Error(`unknown feature "${name}"`);
    const decided = columnKind(name, values, { categorical: forced.has(name) });
    if (decided.kind !== "stray text") return { name, kind: decided.kind };
    const { row } = decided.stray.first;
    const source = options.sources?.[name];
    throw new Error(
      strayTextMessage(decided.stray, {
        subject: `segmentation.features: "${name}"${source ? `, a column of ${source}` : ""}`,
        at: options.ids ? `row ${row + 1} (customer ${JSON.stringify(String(options.ids[row]))})` : `row ${row + 1}`,
        missingKey: "segmentation.missing",
        categorical: `list "${name}" in segmentation.categorical`,
      }),
    );
  });
}
