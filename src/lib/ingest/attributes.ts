/**
 * The customers export's attributes, typed: a column whose every filled value is a number is a
 * number (age, income, a spending score), one whose every filled value is a date is a date (signup
 * date), anything else stays text (gender, region, channel). Exports write "not known" in many ways,
 * so a few blank words (`n/a`, `null`, `-`, …) count as blanks in number and date columns, each
 * counted; text columns keep every value as written (a survey answer "None" is an answer).
 *
 * Codes written with leading zeros (`01234`) stay text: reading them as numbers would change them.
 * A column that is mostly numbers or dates with a few values that are not stays text and is reported
 * (a typo such as `5O` makes the column a category, which the analyst must see). Pure: the pipeline
 * counts with SQL (pipeline/ingest/attributes.ts) and decides here.
 */

export type AttributeType = "number" | "date" | "text";

/** Words that mean "not known" in number and date columns, compared trimmed and lower-case. */
export const BLANK_WORDS: readonly string[] = ["na", "n/a", "null", "none", "nan", "-", "?", "unknown"];

/** Share of filled values above which a column that is not all numbers (or dates) is reported. */
export const MOSTLY_SHARE = 0.9;

export interface AttributeCounts {
  name: string;
  /** Values that are neither empty nor a blank word. */
  filled: number;
  /** Empty values. */
  empty: number;
  /** Blank words and how often each occurs (as written, the most frequent first). */
  blankWords: Record<string, number>;
  /** Filled values that read as numbers, and as dates. */
  numbers: number;
  dates: number;
  /** Filled values that are digits with a leading zero (`007`, `01234`): codes, not numbers. */
  leadingZeros: number;
  /** A filled value that is not a number, and one that is not a date, for messages. */
  notNumber: { value: string; line: number } | null;
  notDate: { value: string; line: number } | null;
}

export interface AttributeQuality {
  name: string;
  type: AttributeType;
  /** Rows without a value: empty, or (number and date columns) a blank word. */
  blank: number;
  /** Of those, blank words as written (number and date columns only). */
  blankWords: Record<string, number>;
}

export interface AttributeDecision {
  quality: AttributeQuality;
  /** One line each, for quality.json's warnings. */
  warnings: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The type of one column from its counts, with what to report. */
export function decideAttributeType(counts: AttributeCounts): AttributeDecision {
  const { name, filled, empty, blankWords, numbers, dates, leadingZeros } = counts;
  const words = Object.values(blankWords).reduce((s, n) => s + n, 0);
  // Blank words are filled values of a text column: they are blanks only where the type is read.
  const typed = filled > 0 && leadingZeros === 0;
  let type: AttributeType = "text";
  if (typed && numbers === filled) type = "number";
  else if (typed && dates === filled) type = "date";
  const warnings: string[] = [];
  if (type === "text" && filled > 0) {
    const mostly = (count: number, kind: string, example: { value: string; line: number } | null) => {
      if (count < filled && count >= MOSTLY_SHARE * filled && example) {
        warnings.push(
          `column "${name}": ${count} of ${filled} filled values are ${kind}s but ${plural(filled - count, "is", "are")} not (line ${example.line}: ${JSON.stringify(example.value)}), so it is read as text (categories). Fix ${filled - count === 1 ? "that value" : "those values"} to have it read as ${kind}s.`,
        );
      }
    };
    if (leadingZeros > 0 && numbers === filled) {
      warnings.push(`column "${name}": ${plural(leadingZeros, "value")} written with a leading zero (codes such as "007"), so it is read as text, not as numbers.`);
    } else {
      mostly(numbers, "number", counts.notNumber);
      if (numbers < MOSTLY_SHARE * filled) mostly(dates, "date", counts.notDate);
    }
  }
  const blank = type === "text" ? empty : empty + words;
  return {
    quality: { name, type, blank, blankWords: type === "text" ? {} : sortedCounts(blankWords) },
    warnings,
  };
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** How many digits the row-number ids of `rows` rows have: "0001" … "2000". */
export function rowIdWidth(rows: number): number {
  return Math.max(1, String(Math.max(rows, 1)).length);
}
