/**
 * Config problems as one-line errors: `<file>: <key path>: <problem>`, where the problem says what was
 * found and what is allowed. The schema's issues come in; the first one (see firstProblem) goes out.
 */
import type { z } from "zod";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly key: string,
    readonly problem: string,
  ) {
    super(`${source}: ${key}: ${problem}`);
    this.name = "ConfigError";
  }
}

/** `rfm.segments[2].r`: array indexes in brackets, object keys after dots; `(root)` for the whole file. */
export function formatPath(path: Path): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(root)";
}

/** Longer values are cut, so that the error stays one readable line. */
const MAX_VALUE_CHARS = 60;

/** The value as JSON (so "5" and 5, "false" and false look different), cut to MAX_VALUE_CHARS. */
export function describeValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

/**
 * The issues a union's options raised, when exactly one option had the input's type (an object for
 * an object option, a string for a string one): that option's own problem is the useful one
 * ("channel: expected text, got 3", not "expected text or an object").
 */
function unionDetail(issue: Extract<Issue, { code: "invalid_union" }>): Issue[] | undefined {
  const typed = issue.errors.filter((option) => !option.some((i) => i.code === "invalid_type" && i.path.length === 0));
  if (typed.length !== 1) return undefined;
  return typed[0].map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

function expandUnions(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    const detail = issue.code === "invalid_union" ? unionDetail(issue) : undefined;
    return detail ? expandUnions(detail) : [issue];
  });
}

/**
 * The problem to report, as key path and text. Unknown keys come first (a misspelt key is a setting
 * that silently did not apply, which may be why another value looks wrong), then the others in the
 * schema's order, which is the order of the sections and keys in the README's config table.
 */
export function firstProblem(issues: readonly Issue[]): { key: string; problem: string } {
  const expanded = expandUnions(issues);
  const issue = expanded.find((i) => i.code === "unrecognized_keys") ?? expanded[0];
  if (!issue) return { key: "(root)", problem: "not accepted (no detail given)" };
  if (issue.code === "unrecognized_keys") {
    // The message (see unknownKeyMessage) is about the first unknown key.
    return { key: formatPath([...issue.path, issue.keys[0]]), problem: issue.message };
  }
  const found = (issue as { input?: unknown }).input;
  const problem = found === undefined ? `missing; expected ${issue.message}` : `expected ${issue.message}, got ${describeValue(found)}`;
  return { key: formatPath(issue.path), problem };
}

/** The ConfigError for a failed parse of the config file `source`. */
export function configError(issues: readonly Issue[], source: string): ConfigError {
  const { key, problem } = firstProblem(issues);
  return new ConfigError(source, key, problem);
}

/**
 * What is allowed, for an issue whose schema gave no message of its own. Every schema in sections/
 * gives one; this is the safety net that keeps a message readable if one is forgotten.
 */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `a value of type ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((v) => describeValue(v)).join(", ")}`;
    case "too_small":
      return `at least ${String(issue.minimum)}${issue.origin === "number" ? "" : ` (${issue.origin} size)`}`;
    case "too_big":
      return `at most ${String(issue.maximum)}${issue.origin === "number" ? "" : ` (${issue.origin} size)`}`;
    default:
      return "a valid value (see the README's config table)";
  }
}
