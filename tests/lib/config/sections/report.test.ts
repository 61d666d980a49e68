import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("report", () => {
  it("looks 90 days back, does not publish the export, flags segments under 20 customers and knows no currency by default", () => {
    expect(parseConfig({}).report).toEqual({ previousAsOfDays: 90, publishExport: false, currency: null, minSegmentSize: 20 });
    expect(parseConfig({ report: { previousAsOfDays: 30 } }).report).toEqual({ previousAsOfDays: 30, publishExport: false, currency: null, minSegmentSize: 20 });
    expect(parseConfig({ report: { $comment: "why", publishExport: true } }).report).toEqual({ previousAsOfDays: 90, publishExport: true, currency: null, minSegmentSize: 20 });
    expect(parseConfig({ report: { currency: "GBP" } }).report.currency).toBe("GBP");
    expect(parseConfig({ report: { minSegmentSize: 1 } }).report.minSegmentSize).toBe(1);
  });

  it.each([
    [{ report: [] }, "my.json: report: expected an object with any of previousAsOfDays, publishExport, currency, minSegmentSize, got []"],
    [{ report: { currency: "gbp" } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got "gbp"'],
    [{ report: { currency: "£" } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got "£"'],
    [{ report: { currency: 826 } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got 826'],
    [{ report: { previousAsOf: 30 } }, "my.json: report.previousAsOf: unknown key; did you mean report.previousAsOfDays?"],
    [{ report: { previousAsOfDays: 0 } }, "my.json: report.previousAsOfDays: expected a whole number of days from 1 to 3650, got 0"],
    [{ report: { previousAsOfDays: 3651 } }, "my.json: report.previousAsOfDays: expected a whole number of days from 1 to 3650, got 3651"],
    [{ report: { previousAsOfDays: 30.5 } }, "my.json: report.previousAsOfDays: expected a whole number of days from 1 to 3650, got 30.5"],
    [{ report: { previousAsOfDays: "90" } }, 'my.json: report.previousAsOfDays: expected a whole number of days from 1 to 3650, got "90"'],
    [{ report: { publishExport: "yes" } }, 'my.json: report.publishExport: expected true or false, got "yes"'],
    [{ report: { publishExport: "false" } }, 'my.json: report.publishExport: expected true or false, got "false"'],
    [{ report: { publishExport: null } }, "my.json: report.publishExport: expected true or false, got null"],
    [{ report: { minSegmentSize: 0 } }, "my.json: report.minSegmentSize: expected a whole number of customers, 1 or more, got 0"],
    [{ report: { minSegmentSize: 2.5 } }, "my.json: report.minSegmentSize: expected a whole number of customers, 1 or more, got 2.5"],
    [{ report: { minSegmentSize: "20" } }, 'my.json: report.minSegmentSize: expected a whole number of customers, 1 or more, got "20"'],
    [{ report: { minsegmentsize: 20 } }, "my.json: report.minsegmentsize: unknown key; did you mean report.minSegmentSize?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
