import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("scorecard", () => {
  it("has documented thresholds and finds contact columns by name unless they are listed", () => {
    expect(parseConfig({}).scorecard).toEqual({
      minCompleteShare: 0.95,
      minCustomers: 30,
      minCustomerShare: 0.02,
      minRevenueShare: 0.02,
      minSilhouette: 0.25,
      maxOverlap: 0.5,
      minStability: 0.75,
      minReachableShare: 0.5,
      contactColumns: null,
    });
    expect(parseConfig({ scorecard: { minCustomers: 100, minSilhouette: -1, contactColumns: ["newsletter_flag"] } }).scorecard).toMatchObject({ minCustomers: 100, minSilhouette: -1, contactColumns: ["newsletter_flag"] });
  });

  it.each([
    [{ scorecard: { minCustomerShare: 5 } }, "my.json: scorecard.minCustomerShare: expected a share from 0 to 1, got 5"],
    [{ scorecard: { minCustomers: 0.5 } }, "my.json: scorecard.minCustomers: expected a whole number ≥ 1, got 0.5"],
    [{ scorecard: { minSilhouette: 2 } }, "my.json: scorecard.minSilhouette: expected a number from -1 to 1, got 2"],
    [{ scorecard: { contactColumns: "email_opt_in" } }, 'my.json: scorecard.contactColumns: expected a list of column names, or null to find consent and channel columns by name, got "email_opt_in"'],
    [{ scorecard: { contactColumns: [""] } }, 'my.json: scorecard.contactColumns[0]: expected a column name, got ""'],
    [{ scorecard: { minStabilty: 0.5 } }, "my.json: scorecard.minStabilty: unknown key; did you mean scorecard.minStability?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
