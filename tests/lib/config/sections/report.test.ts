import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

const HISTORY = { every: "month", count: 12, reviewBelowAri: 0.8 };

describe("report", () => {
  it("looks 90 days back, does not publish the export, knows no currency, flags segments under 20 customers and keeps a monthly history of 12 snapshots by default", () => {
    expect(parseConfig({}).report).toEqual({ previousAsOfDays: 90, publishExport: false, currency: null, valueColumns: null, minSegmentSize: 20, history: HISTORY });
    expect(parseConfig({ report: { previousAsOfDays: 30 } }).report).toEqual({ previousAsOfDays: 30, publishExport: false, currency: null, valueColumns: null, minSegmentSize: 20, history: HISTORY });
    expect(parseConfig({ report: { $comment: "why", publishExport: true } }).report).toEqual({ previousAsOfDays: 90, publishExport: true, currency: null, valueColumns: null, minSegmentSize: 20, history: HISTORY });
    expect(parseConfig({ report: { currency: "GBP" } }).report.currency).toBe("GBP");
    expect(parseConfig({ report: { minSegmentSize: 1 } }).report.minSegmentSize).toBe(1);
    expect(parseConfig({ inputs: { transactions: null, customers: "c.csv" }, report: { valueColumns: ["fresh_spend", "milk_spend"] } }).report.valueColumns).toEqual(["fresh_spend", "milk_spend"]);
  });

  it("takes a history cadence, count and review threshold, each key defaulted alone, or null for no history", () => {
    expect(parseConfig({ report: { history: { every: "week" } } }).report.history).toEqual({ ...HISTORY, every: "week" });
    expect(parseConfig({ report: { history: { every: "quarter", count: 8, $comment: "two years" } } }).report.history).toEqual({ every: "quarter", count: 8, reviewBelowAri: 0.8 });
    expect(parseConfig({ report: { history: { count: 2, reviewBelowAri: 0 } } }).report.history).toEqual({ every: "month", count: 2, reviewBelowAri: 0 });
    expect(parseConfig({ report: { history: { count: 120, reviewBelowAri: 1 } } }).report.history).toEqual({ every: "month", count: 120, reviewBelowAri: 1 });
    expect(parseConfig({ report: { history: null } }).report.history).toBeNull();
  });

  it.each([
    [{ report: [] }, "my.json: report: expected an object with any of previousAsOfDays, publishExport, currency, valueColumns, minSegmentSize, history, got []"],
    [{ report: { currency: "gbp" } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got "gbp"'],
    [{ report: { currency: "£" } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got "£"'],
    [{ report: { currency: 826 } }, 'my.json: report.currency: expected an ISO 4217 currency code in capitals such as "GBP", "EUR" or "USD", or null, got 826'],
    [{ report: { valueColumns: ["spend"] } }, 'my.json: report.valueColumns: expected null: with transactions a customer\'s value is their net revenue; valueColumns is for customers-only projects (inputs.transactions null), got ["spend"]'],
    [{ inputs: { customers: "c.csv" }, report: { valueColumns: [] } }, "my.json: report.valueColumns: expected a non-empty list of numeric columns of the customers export (their sum is a customer's value), or null, got []"],
    [{ inputs: { customers: "c.csv" }, report: { valueColumns: ["a", "a"] } }, 'my.json: report.valueColumns[1]: expected a column not listed before, got "a"'],
    [{ inputs: { customers: "c.csv" }, report: { valueColumns: "spend" } }, "my.json: report.valueColumns: expected a non-empty list of numeric columns of the customers export (their sum is a customer's value), or null, got \"spend\""],
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
    [{ report: { histroy: {} } }, "my.json: report.histroy: unknown key; did you mean report.history?"],
    [{ report: { history: 12 } }, "my.json: report.history: expected an object with any of every, count, reviewBelowAri, or null for no history, got 12"],
    [{ report: { history: [] } }, "my.json: report.history: expected an object with any of every, count, reviewBelowAri, or null for no history, got []"],
    [{ report: { history: { every: "day" } } }, 'my.json: report.history.every: expected one of "month", "quarter", "week", got "day"'],
    [{ report: { history: { every: "Month" } } }, 'my.json: report.history.every: expected one of "month", "quarter", "week", got "Month"'],
    [{ report: { history: { evry: "week" } } }, "my.json: report.history.evry: unknown key; did you mean report.history.every?"],
    [{ report: { history: { count: 1 } } }, "my.json: report.history.count: expected a whole number of snapshots from 2 to 120, got 1"],
    [{ report: { history: { count: 121 } } }, "my.json: report.history.count: expected a whole number of snapshots from 2 to 120, got 121"],
    [{ report: { history: { count: 6.5 } } }, "my.json: report.history.count: expected a whole number of snapshots from 2 to 120, got 6.5"],
    [{ report: { history: { count: "12" } } }, 'my.json: report.history.count: expected a whole number of snapshots from 2 to 120, got "12"'],
    [{ report: { history: { reviewBelowAri: 1.5 } } }, "my.json: report.history.reviewBelowAri: expected a number from 0 to 1 (an adjusted Rand index), got 1.5"],
    [{ report: { history: { reviewBelowAri: -0.1 } } }, "my.json: report.history.reviewBelowAri: expected a number from 0 to 1 (an adjusted Rand index), got -0.1"],
    [{ report: { history: { reviewBelowAri: "0.8" } } }, 'my.json: report.history.reviewBelowAri: expected a number from 0 to 1 (an adjusted Rand index), got "0.8"'],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
