import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("columns", () => {
  it("maps roles to columns; unset roles stay unset", () => {
    expect(parseConfig({}).columns).toEqual({ transactions: {}, customers: {} });
    expect(parseConfig({ columns: { transactions: { amount: "dollar_value", currency: "ccy" } } }).columns.transactions).toEqual({ amount: "dollar_value", currency: "ccy" });
    const columns = { $comment: "our export", transactions: { customer_id: "Client Ref", timestamp: "Order Date" }, customers: { customer_id: "Ref" } };
    expect(parseConfig({ columns }).columns).toEqual({ transactions: { customer_id: "Client Ref", timestamp: "Order Date" }, customers: { customer_id: "Ref" } });
  });

  it("numbers the rows of a customers export without ids (customer_id null), in customers-only projects only", () => {
    expect(parseConfig({ inputs: { customers: "c.csv" }, columns: { customers: { customer_id: null } } }).columns.customers).toEqual({ customer_id: null });
  });

  it.each([
    [
      { columns: { customers: { customer_id: null } } },
      "my.json: columns.customers.customer_id: expected the customer id column of the customers export: rows numbered in file order (null) cannot be joined to transactions, so null is for customers-only projects (inputs.transactions null), got null",
    ],
    [{ columns: { customers: { customer_id: "" } } }, 'my.json: columns.customers.customer_id: expected a column name of the export, or null to number the rows (customers-only projects), got ""'],
    [{ columns: { transactions: { customer: "x" } } }, "my.json: columns.transactions.customer: unknown key; did you mean columns.transactions.customer_id?"],
    [{ columns: { transactions: { unitprice: "x" } } }, "my.json: columns.transactions.unitprice: unknown key; did you mean columns.transactions.unit_price?"],
    [
      { columns: { transactions: { revenue: "x" } } },
      "my.json: columns.transactions.revenue: unknown key; valid keys are customer_id, order_id, timestamp, product_id, product_name, category, quantity, unit_price, amount, currency",
    ],
    [{ columns: { transactions: { quantity: 3 } } }, "my.json: columns.transactions.quantity: expected a column name of the export, got 3"],
    [{ columns: { transactions: { quantity: " " } } }, 'my.json: columns.transactions.quantity: expected a column name of the export, got " "'],
    [{ columns: { customers: { id: "x" } } }, "my.json: columns.customers.id: unknown key; valid keys are customer_id"],
    [{ columns: { customers: { customerId: "x" } } }, "my.json: columns.customers.customerId: unknown key; did you mean columns.customers.customer_id?"],
    [{ columns: { customers: "Ref" } }, 'my.json: columns.customers: expected an object with customer_id, the customer id column, got "Ref"'],
    [{ columns: { transaction: {} } }, "my.json: columns.transaction: unknown key; did you mean columns.transactions?"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
