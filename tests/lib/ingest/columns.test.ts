import { describe, expect, it } from "vitest";
import { mapCustomerIdColumn, mapTransactionColumns, MissingColumnError } from "../../../src/lib/ingest/columns.js";

describe("mapTransactionColumns", () => {
  it("recognises the Online Retail export's names without config", () => {
    const found = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];
    expect(mapTransactionColumns("retail.csv", found)).toEqual({
      customer_id: "CustomerID",
      order_id: "InvoiceNo",
      timestamp: "InvoiceDate",
      product_id: "StockCode",
      product_name: "Description",
      quantity: "Quantity",
      unit_price: "UnitPrice",
    });
  });

  it("recognises spaced and snake-case variants", () => {
    const mapping = mapTransactionColumns("x.csv", ["Customer ID", "Invoice", "Price", "Quantity", "invoice_date"]);
    expect(mapping).toMatchObject({ customer_id: "Customer ID", order_id: "Invoice", unit_price: "Price", timestamp: "invoice_date" });
  });

  it("prefers configured names over recognised ones", () => {
    const mapping = mapTransactionColumns("x.csv", ["cust", "CustomerID", "when", "qty", "price"], { customer_id: "cust", timestamp: "when" });
    expect(mapping.customer_id).toBe("cust");
    expect(mapping.timestamp).toBe("when");
  });

  it("names the file, the role, the columns found and the config key when a required role is missing", () => {
    const error = (() => {
      try {
        mapTransactionColumns("orders.csv", ["CustomerID", "Quantity", "UnitPrice"]);
      } catch (e) {
        return e as MissingColumnError;
      }
    })();
    expect(error).toBeInstanceOf(MissingColumnError);
    expect(error!.message).toContain("orders.csv");
    expect(error!.message).toContain('"timestamp"');
    expect(error!.message).toContain("CustomerID, Quantity, UnitPrice");
    expect(error!.message).toContain("columns.transactions.timestamp");
  });

  it("rejects a configured column that is not in the file", () => {
    expect(() => mapTransactionColumns("x.csv", ["a"], { customer_id: "nope" })).toThrow(/configured as "nope".*columns\.transactions\.customer_id/);
  });
});

describe("mapCustomerIdColumn", () => {
  it("finds customer_id, Customer ID or id", () => {
    expect(mapCustomerIdColumn("c.csv", ["name", "customer_id"])).toBe("customer_id");
    expect(mapCustomerIdColumn("c.csv", ["Customer ID", "x"])).toBe("Customer ID");
    expect(mapCustomerIdColumn("c.csv", ["id", "x"])).toBe("id");
    expect(() => mapCustomerIdColumn("c.csv", ["x"])).toThrow(/columns\.customers\.customer_id/);
  });
});
