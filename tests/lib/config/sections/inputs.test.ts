import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("inputs", () => {
  it("defaults to the bundled sample when a key is absent, and takes null for no customers export", () => {
    expect(parseConfig({}).inputs).toEqual({ transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" });
    expect(parseConfig({ inputs: { transactions: "t.csv" } }).inputs).toEqual({ transactions: "t.csv", customers: "data/sample/customers.csv" });
    expect(parseConfig({ inputs: { transactions: "t.csv", customers: null } }).inputs).toEqual({ transactions: "t.csv" });
    expect(parseConfig({ inputs: { $comment: "ours", transactions: "t.csv", customers: "c.csv" } }).inputs).toEqual({ transactions: "t.csv", customers: "c.csv" });
  });

  it("is a customers-only project with transactions null, or a customers export given alone (never the sample's transactions)", () => {
    expect(parseConfig({ inputs: { transactions: null, customers: "c.csv" } }).inputs).toEqual({ transactions: null, customers: "c.csv" });
    expect(parseConfig({ inputs: { customers: "c.csv" } }).inputs).toEqual({ transactions: null, customers: "c.csv" });
  });

  it.each([
    // A customers-only project needs its customers export: never the sample's.
    [{ inputs: { transactions: null } }, "my.json: inputs.customers: expected the path of the customers export: a customers-only project (inputs.transactions null) segments the customers export's attributes, got null"],
    [{ inputs: { transactions: null, customers: null } }, "my.json: inputs.customers: expected the path of the customers export: a customers-only project (inputs.transactions null) segments the customers export's attributes, got null"],
    [{ inputs: { transactions: "" } }, 'my.json: inputs.transactions: expected the path of the transactions export (a file, a folder or a glob), or null for a customers-only project, got ""'],
    [{ inputs: { transactions: ["a.csv", "b.csv"] } }, 'my.json: inputs.transactions: expected the path of the transactions export (a file, a folder or a glob), or null for a customers-only project, got ["a.csv","b.csv"]'],
    [{ inputs: { customers: false } }, "my.json: inputs.customers: expected the path of the customers export, or null for none, got false"],
    [{ inputs: { customers: "" } }, 'my.json: inputs.customers: expected the path of the customers export, or null for none, got ""'],
    [{ inputs: { customer: "c.csv" } }, "my.json: inputs.customer: unknown key; did you mean inputs.customers?"],
    [{ inputs: { Transactions: "t.csv" } }, "my.json: inputs.Transactions: unknown key; did you mean inputs.transactions?"],
    [{ inputs: { orders: "t.csv" } }, "my.json: inputs.orders: unknown key; valid keys are transactions, customers"],
    [{ inputs: "t.csv" }, 'my.json: inputs: expected an object with any of transactions, customers, got "t.csv"'],
    [{ inputs: null }, "my.json: inputs: expected an object with any of transactions, customers, got null"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
