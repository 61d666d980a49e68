/**
 * An audience's rule: a condition over the columns of a customer table (features, attributes, RFM
 * scores and segment, published segment, later predicted values), checked against that table's
 * columns and types, and compiled to a SQL condition with every value bound as a parameter.
 *
 *   rule       = comparison | {"all": [rule, …]} | {"any": [rule, …]}      (AND / OR, nested freely)
 *   comparison = {"column": name, "op": operator, "value": …}
 *
 * Operators by column type: numbers take = != < <= > >= between in "not in"; dates the same with
 * "YYYY-MM-DD" values; text takes = != in "not in" contains (case-insensitive); true/false columns
 * take = and !=; every type takes "is null" and "is not null" (no value). `between` takes
 * [low, high], inclusive; `in` and `not in` a non-empty list.
 *
 * Blanks: a comparison with a blank value is false (a customer whose region is blank is neither in
 * `region = "North"` nor in `region != "North"`); only `is null` matches it. Text of only white
 * space is a blank too. So every condition is TRUE or FALSE, never NULL, and AND / OR behave as
 * they read. Text comparisons are exact (`=`, `in`), except `contains`, which ignores case.
 *
 * Pure and zod-free: the config schema (config/sections/audiences.ts) checks a rule's shape; this
 * module checks it against a table's columns (which only the data knows) and compiles it.
 */
import { ConfigError, describeValue } from "../config/errors.js";
import { closestKey } from "../config/suggest.js";
import { quoteIdent } from "../io/sql.js";
import { isIsoDate, type Params, type ParamType } from "./params.js";

export const RULE_OPERATORS = ["=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "contains", "is null", "is not null"] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export type RuleScalar = string | number | boolean;

export interface Comparison {
  column: string;
  op: RuleOperator;
  /** Absent for "is null" / "is not null"; a list for in / not in; [low, high] for between. */
  value?: RuleScalar | RuleScalar[];
}
export type Rule = Comparison | { all: Rule[] } | { any: Rule[] };

/** How a column can be compared, from its DuckDB type. */
export type ColumnKind = "number" | "text" | "boolean" | "date" | "timestamp" | "other";

export interface ColumnInfo {
  name: string;
  /** The DuckDB type as pragma_table_info or DESCRIBE gives it (INTEGER, DOUBLE, VARCHAR, DECIMAL(18,2), …). */
  type: string;
}

const NUMBER_TYPES = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL(\(\d+,\s*\d+\))?|NUMERIC(\(\d+,\s*\d+\))?|INT|INT[1248])$/;

export function columnKind(type: string): ColumnKind {
  const t = type.trim().toUpperCase();
  if (NUMBER_TYPES.test(t)) return "number";
  if (t === "VARCHAR" || t === "TEXT" || t === "STRING") return "text";
  if (t === "BOOLEAN" || t === "BOOL") return "boolean";
  if (t === "DATE") return "date";
  // With a time zone the meaning of a bare "YYYY-MM-DD" would depend on the engine's zone setting.
  if (t === "TIMESTAMP" || t === "DATETIME" || t === "TIMESTAMP_S" || t === "TIMESTAMP_MS" || t === "TIMESTAMP_NS") return "timestamp";
  return "other";
}

const KIND_WORDS: Record<ColumnKind, string> = {
  number: "a number column",
  text: "a text column",
  boolean: "a true/false column",
  date: "a date column",
  timestamp: "a timestamp column",
  other: "a column of a type rules cannot compare",
};

const OPERATORS_BY_KIND: Record<ColumnKind, readonly RuleOperator[]> = {
  number: ["=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "is null", "is not null"],
  date: ["=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "is null", "is not null"],
  timestamp: ["=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "is null", "is not null"],
  text: ["=", "!=", "in", "not in", "contains", "is null", "is not null"],
  boolean: ["=", "!=", "is null", "is not null"],
  other: ["is null", "is not null"],
};

/** The operators a column of this DuckDB type takes (the page's rule editor offers these). */
export function operatorsFor(type: string): readonly RuleOperator[] {
  return OPERATORS_BY_KIND[columnKind(type)];
}

const CAST_BY_KIND: Record<Exclude<ColumnKind, "other">, ParamType> = {
  number: "DOUBLE",
  text: "VARCHAR",
  boolean: "BOOLEAN",
  date: "DATE",
  timestamp: "TIMESTAMP",
};

/** A problem with a rule: the key it is at (audiences[0].rule.all[1].column) and what is wrong. */
export interface RuleProblem {
  key: string;
  problem: string;
}

export function isGroup(rule: Rule): rule is { all: Rule[] } | { any: Rule[] } {
  return "all" in rule || "any" in rule;
}

/** "expected X, got Y" (or "missing; expected X"), as the config's own errors read (config/errors.ts). */
function expected(allowed: string, input: unknown): string {
  return input === undefined ? `missing; expected ${allowed}` : `expected ${allowed}, got ${describeValue(input)}`;
}

/** At most this many column names are listed when no close one is found. */
const LISTED_COLUMNS = 12;

function unknownColumn(name: unknown, columns: readonly ColumnInfo[]): string {
  const near = typeof name === "string" ? closestKey(name, columns.map((c) => c.name)) : undefined;
  if (near) return `unknown column ${describeValue(name)}; did you mean ${near}?`;
  const names = columns.map((c) => c.name);
  const listed = names.slice(0, LISTED_COLUMNS).join(", ") + (names.length > LISTED_COLUMNS ? `, … (${names.length} columns)` : "");
  return `unknown column ${describeValue(name)}; the columns are ${listed}`;
}

/** A problem in a comparison's value, at `path` below the value's key (an index into a list). */
export interface ValueShapeProblem {
  path: number[];
  /** What is allowed there. */
  allowed: string;
  input: unknown;
}

/** The most values an `in` / `not in` list takes (see MAX_BOUND_VALUES in params.ts). */
export const MAX_LIST_VALUES = 1000;

const isScalar = (v: unknown): v is RuleScalar => typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/**
 * Whether a comparison's value has the shape its operator needs, whatever the column: none for
 * is null / is not null, a non-empty list for in / not in, [low, high] of one kind for between,
 * non-empty text for contains, one value otherwise. The config schema checks this without the
 * data; ruleProblems checks it again, then the value's type against the column's.
 */
export function valueShapeProblem(op: RuleOperator, value: unknown): ValueShapeProblem | undefined {
  const at = (allowed: string, input: unknown = value, path: number[] = []) => ({ path, allowed, input });
  switch (op) {
    case "is null":
    case "is not null":
      return value === undefined ? undefined : at(`no value with ${describeValue(op)}`);
    case "in":
    case "not in": {
      if (!Array.isArray(value) || value.length === 0) return at(`a non-empty list of values for ${describeValue(op)}`);
      if (value.length > MAX_LIST_VALUES) return at(`at most ${MAX_LIST_VALUES} values for ${describeValue(op)}`, `${value.length} values`);
      const bad = value.findIndex((v) => !isScalar(v));
      return bad < 0 ? undefined : at("a number, text, true or false", value[bad], [bad]);
    }
    case "between":
      if (!Array.isArray(value) || value.length !== 2 || !value.every(isScalar) || typeof value[0] !== typeof value[1] || typeof value[0] === "boolean") {
        return at('[low, high] for "between": two numbers or two dates');
      }
      return undefined;
    case "contains":
      return typeof value === "string" && value.length > 0 ? undefined : at('text to look for with "contains" (not empty)');
    default:
      return isScalar(value) ? undefined : at(`one value (a number, text, true or false) for ${describeValue(op)}`);
  }
}

/** What a scalar of a column kind must look like, or undefined if `value` is one. */
function scalarProblem(kind: ColumnKind, value: unknown): string | undefined {
  switch (kind) {
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : "a number";
    case "text":
      return typeof value === "string" ? undefined : "text (in quotes)";
    case "boolean":
      return typeof value === "boolean" ? undefined : "true or false";
    case "date":
      return typeof value === "string" && isIsoDate(value) ? undefined : 'a date "YYYY-MM-DD"';
    case "timestamp":
      return typeof value === "string" && isTimestamp(value) ? undefined : 'a date "YYYY-MM-DD" or a time "YYYY-MM-DD HH:MM:SS"';
    default:
      return "no value";
  }
}

function isTimestamp(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value);
  if (!m || !isIsoDate(m[1])) return false;
  const [h, min, s] = [m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Number(x)));
  return h < 24 && min < 60 && s < 60;
}

/** Order of two values of a kind: numbers by value, dates and times by their ISO text (a bare date is the start of its day). */
function compareScalars(kind: ColumnKind, a: RuleScalar, b: RuleScalar): number {
  if (kind === "number") return (a as number) - (b as number);
  const norm = (x: RuleScalar) => {
    const text = String(x).replace("T", " ");
    return kind === "timestamp" && text.length === 10 ? `${text} 00:00:00` : text;
  };
  return norm(a) < norm(b) ? -1 : norm(a) > norm(b) ? 1 : 0;
}

function comparisonProblems(rule: Comparison, key: string, columns: readonly ColumnInfo[]): RuleProblem[] {
  const column = columns.find((c) => c.name === rule.column);
  if (!column) return [{ key: `${key}.column`, problem: unknownColumn(rule.column, columns) }];
  const kind = columnKind(column.type);
  const what = `${describeValue(column.name)} is ${KIND_WORDS[kind]}${kind === "other" ? ` (${column.type})` : ""}`;
  if (!RULE_OPERATORS.includes(rule.op)) return [{ key: `${key}.op`, problem: expected(`one of ${RULE_OPERATORS.map((o) => describeValue(o)).join(", ")}`, rule.op) }];
  const allowed = OPERATORS_BY_KIND[kind];
  if (!allowed.includes(rule.op)) {
    return [{ key: `${key}.op`, problem: expected(`one of ${allowed.map((o) => describeValue(o)).join(", ")} (${what})`, rule.op) }];
  }
  const valueKey = `${key}.value`;
  const shape = valueShapeProblem(rule.op, rule.value);
  if (shape) return [{ key: `${valueKey}${shape.path.map((i) => `[${i}]`).join("")}`, problem: expected(shape.allowed, shape.input) }];
  if (rule.value === undefined) return [];
  const values = Array.isArray(rule.value) ? rule.value : [rule.value];
  const bad = rule.op === "contains" ? -1 : values.findIndex((v) => scalarProblem(kind, v) !== undefined);
  if (bad >= 0) {
    const path = Array.isArray(rule.value) ? `${valueKey}[${bad}]` : valueKey;
    return [{ key: path, problem: expected(`${scalarProblem(kind, values[bad])} (${what})`, values[bad]) }];
  }
  if (rule.op === "between" && compareScalars(kind, values[0], values[1]) > 0) {
    return [{ key: valueKey, problem: expected("[low, high] with low ≤ high", rule.value) }];
  }
  return [];
}

/**
 * Every problem of `rule` against the table's columns, with the key of each (`key` is the rule's
 * own key, e.g. "audiences[1].rule"). Empty when the rule can run. The page's rule editor shows them
 * all; the pipeline stops on the first (assertRule).
 */
export function ruleProblems(rule: Rule, columns: readonly ColumnInfo[], key = "rule"): RuleProblem[] {
  if (isGroup(rule)) {
    const [join, list] = "all" in rule ? ["all", rule.all] : ["any", rule.any];
    if (!Array.isArray(list) || list.length === 0) return [{ key: `${key}.${join}`, problem: expected("a non-empty list of rules", list) }];
    return list.flatMap((r, i) => ruleProblems(r, columns, `${key}.${join}[${i}]`));
  }
  return comparisonProblems(rule, key, columns);
}

/** Throws a ConfigError (`<source>: <key>: <problem>`) for the rule's first problem. */
export function assertRule(rule: Rule, columns: readonly ColumnInfo[], key: string, source = "workbench.config.json"): void {
  const [first] = ruleProblems(rule, columns, key);
  if (first) throw new ConfigError(source, first.key, first.problem);
}

/** The columns a rule reads, each once, in order of appearance. */
export function ruleColumns(rule: Rule): string[] {
  const out = new Set<string>();
  const walk = (r: Rule) => (isGroup(r) ? ("all" in r ? r.all : r.any).forEach(walk) : out.add(r.column));
  walk(rule);
  return [...out];
}

/**
 * The rule as a SQL condition over the table aliased `alias`, TRUE or FALSE for every row (never
 * NULL). Column names are quoted; values are bound through `params`. Check the rule first
 * (ruleProblems / assertRule): this throws on a rule that does not fit the columns.
 */
export function compileRule(rule: Rule, columns: readonly ColumnInfo[], params: Params, alias = "t"): string {
  const [problem] = ruleProblems(rule, columns);
  if (problem) throw new Error(`${problem.key}: ${problem.problem}`);
  return compileChecked(rule, columns, params, alias);
}

function compileChecked(rule: Rule, columns: readonly ColumnInfo[], params: Params, alias: string): string {
  if (isGroup(rule)) {
    const [join, list] = "all" in rule ? [" AND ", rule.all] : [" OR ", rule.any];
    return `(${list.map((r) => compileChecked(r, columns, params, alias)).join(join)})`;
  }
  const column = columns.find((c) => c.name === rule.column)!;
  const kind = columnKind(column.type);
  const name = `${alias}.${quoteIdent(column.name)}`;
  // Text of white space only is a blank, like NULL, in every comparison.
  const ref = kind === "text" ? `(CASE WHEN trim(${name}) = '' THEN NULL ELSE ${name} END)` : name;
  if (rule.op === "is null" || rule.op === "is not null") return `(${ref} IS ${rule.op === "is null" ? "" : "NOT "}NULL)`;
  const cast = CAST_BY_KIND[kind as Exclude<ColumnKind, "other">];
  const bind = (v: RuleScalar) => params.add(v, cast);
  const value = rule.value!;
  let condition: string;
  switch (rule.op) {
    case "in":
    case "not in":
      condition = `${ref} ${rule.op === "in" ? "IN" : "NOT IN"} (${(value as RuleScalar[]).map(bind).join(", ")})`;
      break;
    case "between": {
      const [low, high] = value as RuleScalar[];
      condition = `${ref} BETWEEN ${bind(low)} AND ${bind(high)}`;
      break;
    }
    case "contains":
      condition = `strpos(lower(${ref}), lower(${bind(value as string)})) > 0`;
      break;
    default:
      condition = `${ref} ${rule.op === "!=" ? "<>" : rule.op} ${bind(value as RuleScalar)}`;
  }
  return `COALESCE(${condition}, FALSE)`;
}

/** The columns of a table or view, for ruleProblems and compileRule: run it and pass the rows on. */
export function tableColumnsSql(table: string): string {
  // Not pragma_table_info: it reads its text argument as a name and mangles one with a double quote in it.
  return `SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM ${quoteIdent(table)})`;
}
