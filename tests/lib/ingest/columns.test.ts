import { describe, expect, it } from "vitest";
import { isLineTotalName, mapCustomerIdColumn, mapTransactionColumns, MissingColumnError, revenueSource } from "../../../src/lib/ingest/columns.js";

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
      country: "Country",
    });
  });

  it("recognises a country column by its common names, and maps none when there is none", () => {
    for (const name of ["country", "Country", "country_code", "Country Name", "billing-country", "ShippingCountry", "nation"]) {
      expect(mapTransactionColumns("x.csv", ["customer_id", "date", "amount", name]).country, name).toBe(name);
    }
    expect(mapTransactionColumns("x.csv", ["customer_id", "date", "amount", "region"]).country).toBeUndefined();
    expect(mapTransactionColumns("x.csv", ["customer_id", "date", "amount", "Ship To"], { country: "Ship To" }).country).toBe("Ship To");
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

describe("line amounts", () => {
  it.each(["amount", "line_total", "total", "sales", "revenue", "value", "dollar_value", "Sales", "Line Total"])("recognises %s as the line amount", (name) => {
    const mapping = mapTransactionColumns("x.csv", ["customer_id", "date", "quantity", name]);
    expect(mapping.amount).toBe(name);
    expect(revenueSource(mapping)).toBe("amount");
  });

  it("makes quantity and unit price optional when a line amount is given", () => {
    expect(mapTransactionColumns("x.csv", ["Customer", "Date", "Sales"])).toEqual({ customer_id: "Customer", timestamp: "Date", amount: "Sales" });
  });

  it("needs quantity and unit price without an amount, and names the amount key as the alternative", () => {
    expect(() => mapTransactionColumns("x.csv", ["customer_id", "date", "quantity"])).toThrow(
      /no column for the role "unit_price".*Set columns\.transactions\.unit_price .* \(or set columns\.transactions\.amount to a column of line totals\)/,
    );
    expect(revenueSource(mapTransactionColumns("x.csv", ["customer_id", "date", "qty", "price"]))).toBe("quantity × unit_price");
  });

  it("maps a currency column and tells line-total names", () => {
    expect(mapTransactionColumns("x.csv", ["customer_id", "date", "amount", "Currency"]).currency).toBe("Currency");
    expect(isLineTotalName("dollar_value")).toBe(true);
    expect(isLineTotalName("UnitPrice")).toBe(false);
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
