/**
 * Audience rules in words, and back from what an analyst types: how the report and the audience page
 * show a rule (`recency_days between 60 and 180 and monetary ≥ 500`), and how the page's rule editor
 * turns a typed value into the value a rule holds for the column's type. Typed values are never
 * guessed into another type: text that is not a number stays text in a number column, and the rule
 * check (audienceRule.ts: ruleProblems) then says so, naming the key.
 */
import { columnKind, isGroup, type ColumnInfo, type Rule, type RuleOperator, type RuleScalar } from "./audienceRule.js";

const OPERATOR_WORDS: Record<RuleOperator, string> = {
  "=": "=",
  "!=": "≠",
  "<": "<",
  "<=": "≤",
  ">": ">",
  ">=": "≥",
  between: "between",
  in: "is one of",
  "not in": "is none of",
  contains: "contains",
  "is null": "is blank",
  "is not null": "is not blank",
};

function scalarText(value: RuleScalar): string {
  return typeof value === "string" ? `“${value}”` : String(value);
}

/** The rule in words; groups inside groups in brackets. */
export function ruleText(rule: Rule): string {
  const walk = (r: Rule, nested: boolean): string => {
    if (isGroup(r)) {
      const [join, list] = "all" in r ? [" and ", r.all] : [" or ", r.any];
      const text = list.map((x) => walk(x, true)).join(join);
      return nested && list.length > 1 ? `(${text})` : text;
    }
    const words = `${r.column} ${OPERATOR_WORDS[r.op] ?? r.op}`;
    if (r.value === undefined) return words;
    if (r.op === "between" && Array.isArray(r.value)) return `${words} ${scalarText(r.value[0])} and ${scalarText(r.value[1])}`;
    if (Array.isArray(r.value)) return `${words} ${r.value.map(scalarText).join(", ")}`;
    return `${words} ${scalarText(r.value)}`;
  };
  return walk(rule, false);
}

/** The operators that take a list (`in`, `not in`: any length; `between`: two). */
export function takesList(op: RuleOperator): boolean {
  return op === "in" || op === "not in" || op === "between";
}

export function takesValue(op: RuleOperator): boolean {
  return op !== "is null" && op !== "is not null";
}

/** One typed value for a column kind: numbers and true/false when they read as such, else the text as typed. */
function scalarFromText(text: string, column: ColumnInfo | undefined): RuleScalar {
  const kind = column ? columnKind(column.type) : "text";
  const trimmed = text.trim();
  if (kind === "number" && trimmed !== "" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (kind === "boolean" && (trimmed === "true" || trimmed === "false")) return trimmed === "true";
  return kind === "text" ? text : trimmed;
}

/**
 * The value a comparison holds, from what was typed: nothing for is null / is not null; a list split
 * at commas for in, not in and between; one value otherwise. Text columns keep their text as typed.
 */
export function valueFromText(text: string, op: RuleOperator, column: ColumnInfo | undefined): RuleScalar | RuleScalar[] | undefined {
  if (!takesValue(op)) return undefined;
  if (takesList(op)) return text.split(",").filter((part, i, all) => part.trim() !== "" || all.length === 1).map((part) => scalarFromText(column && columnKind(column.type) === "text" ? part.trim() : part, column));
  return scalarFromText(text, column);
}

/** What to show in the editor's text box for a value (the reverse of valueFromText). */
export function valueToText(value: RuleScalar | RuleScalar[] | undefined): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.map(String).join(", ") : String(value);
}
