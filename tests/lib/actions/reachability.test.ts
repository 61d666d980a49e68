// Reachability (src/lib/actions/reachability.ts): contact columns by name, values read by meaning.
import { describe, expect, it } from "vitest";
import { contactColumns, reachableValue, reachByLabel, reachOf } from "../../../src/lib/actions/reachability.js";

describe("contactColumns", () => {
  const columns = ["customer_id", "Email Opt-In", "region", "acquisition_channel", "Channel", "marketing_consent"];
  it("finds consent and contact channel columns by name, ignoring case and separators, but not an acquisition channel", () => {
    expect(contactColumns(columns)).toEqual(["Email Opt-In", "Channel", "marketing_consent"]);
    expect(contactColumns(["customer_id", "region"])).toEqual([]);
  });

  it("takes the configured columns instead, each of which must exist", () => {
    expect(contactColumns(columns, ["region"])).toEqual(["region"]);
    expect(() => contactColumns(columns, ["region", "regoin"], "my.json")).toThrow('my.json: scorecard.contactColumns[1]: unknown column "regoin" in the customer table; did you mean region?');
  });
});

describe("reachableValue", () => {
  it.each([
    [true, true, true],
    [false, false, true],
    [1, true, true],
    [0, false, true],
    ["Yes", true, true],
    ["opted-in", true, true],
    ["E-mail", true, true],
    ["SMS", true, true],
    ["no", false, true],
    ["Do not contact", false, true],
    ["none", false, true],
    ["", false, false],
    [null, false, false],
    ["web", false, false],
    ["store", false, false],
    [2, false, false],
  ])("%j: reachable %s, recognised %s", (value, reachable, recognised) => {
    expect(reachableValue(value)).toEqual({ reachable, recognised });
  });
});

describe("reach", () => {
  const columns = [
    { name: "email_opt_in", values: [true, false, null, "yes", "no"] },
    { name: "channel", values: ["web", "email", "store", null, "none"] },
  ];
  it("counts a customer reachable when any contact column says so, and recognised when any value is understood", () => {
    expect(reachByLabel(columns, [0, 0, 1, 1, 1], 2)).toEqual([
      { columns: ["email_opt_in", "channel"], customers: 2, reachable: 2, recognised: 2 },
      { columns: ["email_opt_in", "channel"], customers: 3, reachable: 1, recognised: 2 },
    ]);
    expect(reachOf([{ name: "channel", values: ["web", "store"] }], [0, 1])).toEqual({ columns: ["channel"], customers: 2, reachable: 0, recognised: 0 });
  });
});
