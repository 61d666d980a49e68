/**
 * Building blocks of the section schemas (sections/*.ts): strict objects that name the closest valid
 * key for an unknown one, non-blank text, and enums. Each block carries the text of what it allows,
 * which errors.ts turns into "expected <allowed>, got <found>". Nothing is coerced: "5" is not a
 * number and "false" is not a boolean.
 */
import { z } from "zod";
import { formatPath } from "./errors.js";
import { closestKey } from "./suggest.js";

/** `$comment` is allowed in every object with fixed keys (JSON has no comments); the config never reads it. */
const COMMENT_KEY = "$comment";
const comment = z.unknown().optional();

/** `unknown key; did you mean segmentation.nInit?`, or the valid keys when none is close. */
export function unknownKeyMessage(path: readonly PropertyKey[], key: string, valid: readonly string[]): string {
  const near = closestKey(key, [...valid, COMMENT_KEY]);
  return near ? `unknown key; did you mean ${formatPath([...path, near])}?` : `unknown key; valid keys are ${valid.join(", ")}`;
}

function withoutComment<T extends { $comment?: unknown }>(value: T): Omit<T, "$comment"> {
  const { $comment: _, ...rest } = value;
  return rest;
}

/**
 * An object with exactly these keys (each may be optional or defaulted in `shape`) and `$comment`,
 * which is dropped from the result. `allowed` describes it when the value is not an object.
 */
export function strictObject<const Shape extends z.core.$ZodLooseShape>(shape: Shape, allowed?: string) {
  const keys = Object.keys(shape);
  const expected = allowed ?? `an object with any of ${keys.join(", ")}`;
  return z
    .strictObject({ [COMMENT_KEY]: comment, ...shape }, {
      error: (issue) => (issue.code === "unrecognized_keys" ? unknownKeyMessage(issue.path ?? [], issue.keys[0], keys) : expected),
    })
    .transform(withoutComment);
}

/** A string with something other than white space in it. */
export function text(allowed: string) {
  return z.string({ error: allowed }).regex(/\S/);
}

/** One of the values, listed in the error as JSON (`one of "zscore", "robust"`). */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(", ")}` });
}
