import { describe, expect, it } from "vitest";
import { z } from "zod";
import { configError, describeValue, fallbackMessage, firstProblem, formatPath } from "../../../src/lib/config/errors.js";

const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value, { reportInput: true, error: fallbackMessage });
  if (result.success) throw new Error("parsed");
  return result.error.issues;
};

describe("formatPath", () => {
  it("writes indexes in brackets and keys after dots", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["rfm", "segments", 2, "r", 0])).toBe("rfm.segments[2].r[0]");
    expect(formatPath(["segmentation", "names", "3"])).toBe("segmentation.names.3");
    expect(formatPath(["playbook", "Can't Lose Them"])).toBe("playbook.Can't Lose Them");
  });
});

describe("describeValue", () => {
  it("shows JSON, so that strings and numbers differ, and cuts long values", () => {
    expect(describeValue("5")).toBe('"5"');
    expect(describeValue(5)).toBe("5");
    expect(describeValue(false)).toBe("false");
    expect(describeValue(null)).toBe("null");
    expect(describeValue({ a: [1] })).toBe('{"a":[1]}');
    const long = describeValue("x".repeat(200));
    expect(long).toHaveLength(60);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("firstProblem", () => {
  it("says what was found and what is allowed, or that a required key is missing", () => {
    const schema = z.object({ k: z.int({ error: "a whole number" }), name: z.string({ error: "a name" }) });
    expect(firstProblem(issuesOf(schema, { k: "5", name: "a" }))).toEqual({ key: "k", problem: 'expected a whole number, got "5"' });
    expect(firstProblem(issuesOf(schema, { k: 5 }))).toEqual({ key: "name", problem: "missing; expected a name" });
  });

  it("reports the unknown key before earlier problems", () => {
    const schema = z.object({ a: z.int({ error: "a whole number" }), b: z.strictObject({}, { error: "no keys" }) });
    expect(firstProblem(issuesOf(schema, { a: "x", b: { c: 1, d: 2 } }))).toEqual({ key: "b.c", problem: "no keys" });
  });

  it("reports the problem inside the one union option that had the value's type", () => {
    const schema = z.union([z.string({ error: "text" }), z.object({ channel: z.string({ error: "a channel" }) })], { error: "text or a play" });
    expect(firstProblem(issuesOf(schema, { channel: 3 }))).toEqual({ key: "channel", problem: "expected a channel, got 3" });
    expect(firstProblem(issuesOf(schema, 3))).toEqual({ key: "(root)", problem: "expected text or a play, got 3" });
  });

  it("has a readable message for a schema that gave none", () => {
    expect(firstProblem(issuesOf(z.object({ n: z.number() }), { n: "1" }))).toEqual({ key: "n", problem: 'expected a value of type number, got "1"' });
    expect(firstProblem(issuesOf(z.enum(["a", "b"]), "c"))).toEqual({ key: "(root)", problem: 'expected one of "a", "b", got "c"' });
    expect(configError(issuesOf(z.number().max(3), 4), "my.json").message).toBe("my.json: (root): expected at most 3, got 4");
  });
});
