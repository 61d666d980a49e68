import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("inputs", () => {
  it("defaults to the bundled sample when a key is absent, and takes null for no customers export", () => {
    expect(parseConfig({}).inputs).toEqual({ transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" });
    expect(parseConfig({ inputs: { transactions: "t.csv" } }).inputs).toEqual({ transactions: "t.csv", customers: "data/sample/customers.csv" });
    expect(parseConfig({ inputs: { transactions: "t.csv", customers: null } }).inputs).toEqual({ transactions: "t.csv" });
    expect(parseConfig({ inputs: { $comment: "ours", transactions: "t.csv", customers: "c.csv" } }).inputs).toEqual({ transactions: "t.csv", customers: "c.csv" });
    // A table, its key null unless given; a ${NAME} placeholder is not a password.
    const url = "postgresql://shop:${SHOP_PASSWORD}@db.internal:5432/shop";
    expect(parseConfig({ inputs: { transactions: { postgres: url, table: "sales.lines", key: "line_id" }, customers: { postgres: url, table: "sales.customers" } } }).inputs).toEqual({
      transactions: { postgres: url, table: "sales.lines", key: "line_id" },
      customers: { postgres: url, table: "sales.customers", key: null },
    });
  });

  it("is a customers-only project with transactions null, or a customers export (a file or a table) given alone (never the sample's transactions)", () => {
    expect(parseConfig({ inputs: { transactions: null, customers: "c.csv" } }).inputs).toEqual({ transactions: null, customers: "c.csv" });
    expect(parseConfig({ inputs: { customers: "c.csv" } }).inputs).toEqual({ transactions: null, customers: "c.csv" });
    const table = { postgres: "postgresql://shop@db/shop", table: "customers" };
    expect(parseConfig({ inputs: { customers: table } }).inputs).toEqual({ transactions: null, customers: { ...table, key: null } });
  });

  it.each([
    // A customers-only project needs its customers export: never the sample's.
    [{ inputs: { transactions: null } }, "my.json: inputs.customers: expected the path of the customers export: a customers-only project (inputs.transactions null) segments the customers export's attributes, got null"],
    [{ inputs: { transactions: null, customers: null } }, "my.json: inputs.customers: expected the path of the customers export: a customers-only project (inputs.transactions null) segments the customers export's attributes, got null"],
    [{ inputs: { transactions: "" } }, 'my.json: inputs.transactions: expected the path of the transactions export: a file, a folder or a glob, got ""'],
    [{ inputs: { transactions: ["a.csv", "b.csv"] } }, 'my.json: inputs.transactions: expected the path of the transactions export (a file, a folder or a glob), a PostgreSQL table {"postgres": URL, "table": NAME}, or null for a customers-only project, got ["a.csv","b.csv"]'],
    [{ inputs: { customers: false } }, 'my.json: inputs.customers: expected the path of the customers export, a PostgreSQL table {"postgres": URL, "table": NAME}, or null for none, got false'],
    [{ inputs: { customers: "" } }, 'my.json: inputs.customers: expected the path of the customers export, or null for none, got ""'],
    [{ inputs: { customer: "c.csv" } }, "my.json: inputs.customer: unknown key; did you mean inputs.customers?"],
    [{ inputs: { Transactions: "t.csv" } }, "my.json: inputs.Transactions: unknown key; did you mean inputs.transactions?"],
    [{ inputs: { orders: "t.csv" } }, "my.json: inputs.orders: unknown key; valid keys are transactions, customers"],
    [{ inputs: "t.csv" }, 'my.json: inputs: expected an object with any of transactions, customers, got "t.csv"'],
    [{ inputs: null }, "my.json: inputs: expected an object with any of transactions, customers, got null"],
    // A table: the password never in the config (nor repeated in the message), a PostgreSQL URL, a table, known keys.
    [
      { inputs: { transactions: { postgres: "postgresql://shop:s3cret@db/shop", table: "t" } } },
      'my.json: inputs.transactions.postgres: expected a URL without a password: put the password in an environment variable instead (PGPASSWORD, or postgresql://USER:${NAME}@HOST/DATABASE with NAME exported), so it never reaches the config, logs or dist/, got "postgresql://shop:***@db/shop"',
    ],
    [{ inputs: { transactions: { postgres: "mysql://db/shop", table: "t" } } }, 'my.json: inputs.transactions.postgres: expected a PostgreSQL URL, postgresql://USER@HOST[:PORT]/DATABASE, got "mysql://db/shop"'],
    [{ inputs: { transactions: { postgres: "postgresql://shop@db/shop" } } }, "my.json: inputs.transactions.table: missing; expected the table or view to read: NAME or SCHEMA.NAME"],
    [{ inputs: { customers: { postgres: "postgresql://shop@db/shop", table: "c", keys: "id" } } }, "my.json: inputs.customers.keys: unknown key; did you mean inputs.customers.key?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
