/**
 * Categorical features as codes: the distinct values of a column, sorted, are its levels, and each
 * row gets its value's position. The levels are recorded in the model, so a later snapshot is
 * coded the same way; a value the model never saw gets code −1 and is counted, never guessed.
 *
 * Numbers used as categories (a region coded 1, 2, 3) become text ("1", "2", "3"). Blanks must be
 * handled before (`missing.ts`): a blank here is an error, not a category.
 */
import { categoryValue, isMissing } from "./missing.js";

export interface CategoricalEncoding {
  name: string;
  /** Distinct values, sorted by code unit (the same order in every locale). */
  levels: string[];
}

export interface EncodedColumn {
  codes: Int32Array;
  /** Rows whose value is not among the levels (code −1). */
  unseen: number;
  /** The unseen values and how many rows have each. */
  unseenValues: Record<string, number>;
}

/** The text of a category value; throws on a blank, naming the feature and row. */
export function categoryText(value: unknown, name: string, row: number): string {
  if (isMissing(value)) throw new Error(`feature "${name}" row ${row + 1} is blank: choose how blanks are handled (segmentation.missing) before clustering`);
  return categoryValue(value);
}

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The levels of a column: its distinct values, sorted. */
export function fitLevels(values: ArrayLike<unknown>, name: string): CategoricalEncoding {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) seen.add(categoryText(values[i], name, i));
  return { name, levels: [...seen].sort(byCodeUnit) };
}

/** Codes of a column under recorded levels. */
export function encodeColumn(encoding: CategoricalEncoding, values: ArrayLike<unknown>): EncodedColumn {
  const index = new Map(encoding.levels.map((level, code) => [level, code]));
  const codes = new Int32Array(values.length);
  const unseenValues: Record<string, number> = {};
  let unseen = 0;
  for (let i = 0; i < values.length; i++) {
    const text = categoryText(values[i], encoding.name, i);
    const code = index.get(text);
    if (code === undefined) {
      codes[i] = -1;
      unseen++;
      unseenValues[text] = (unseenValues[text] ?? 0) + 1;
    } else codes[i] = code;
  }
  return { codes, unseen, unseenValues };
}
