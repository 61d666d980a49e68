import { describe, expect, it } from "vitest";
import { headerAdvice, isNumberOrDate, looksLikeData, mayBeData } from "../../../src/lib/ingest/header.js";

describe("looksLikeData", () => {
  it("takes a line of numbers and dates for data (the CDNOW master file's first line)", () => {
    expect(looksLikeData(["00001", "19970101", "1", "11.77"])).toBe(true);
    expect(looksLikeData(["17850", "2010-12-01 08:26:00", "6", "£2.55"])).toBe(true);
    expect(looksLikeData(["1", "03/04/2024", "1.234,50", ""])).toBe(true);
  });

  it("keeps real headers, and lines with any text, as headers", () => {
    expect(looksLikeData(["customer_id", "date", "quantity", "amount"])).toBe(false);
    expect(looksLikeData(["536365", "85123A", "WHITE HANGING HEART", "6"])).toBe(false);
    expect(looksLikeData(["", " "])).toBe(false);
  });

  it("tells numbers and dates from codes", () => {
    for (const value of ["12", "-3.5", "1,234.50", "2024-01-05T10:00:00Z", "5.1.24"]) expect(isNumberOrDate(value)).toBe(true);
    for (const value of ["85123A", "C536379", "2024-13", "1e5x"]) expect(isNumberOrDate(value)).toBe(false);
  });

  it("has a softer sign for messages: a date, or mostly numbers", () => {
    expect(mayBeData(["536365", "85123A", "WHITE HANGING HEART", "6", "2010-12-01 08:26:00"])).toBe(true);
    expect(mayBeData(["InvoiceNo", "StockCode", "Quantity"])).toBe(false);
    expect(headerAdvice(4)).toBe("If the export has no header row, set ingest.header to false and ingest.columnNames to its 4 column names in file order.");
  });
});
