import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("pii", () => {
  it("lists common personal-data columns by default and takes a list", () => {
    expect(parseConfig({}).pii).toEqual(["first_name", "last_name", "name", "email", "phone", "address", "street", "postcode", "zip"]);
    expect(parseConfig({ pii: [] }).pii).toEqual([]);
  });

  it.each([
    [{ pii: "email" }, 'my.json: pii: expected a list of customer column names, got "email"'],
    [{ pii: ["email", 1] }, "my.json: pii[1]: expected a column name of the customers export, got 1"],
    [{ pii: null }, "my.json: pii: expected a list of customer column names, got null"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
