import { DateDay, Table, tableFromArrays, tableFromJSON, TimestampMillisecond, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { numberColumn, numericColumnNames, plainValue, rowRecord, stringColumn, tableRecords } from "../../../src/lib/io/arrowColumns.js";

describe("Arrow columns", () => {
  const table = tableFromJSON([
    { id: "a", n: 1, x: 1.5, gap: null },
    { id: "b", n: 2, x: 2.5, gap: 4 },
  ]);

  it("numbers with NaN for NULL, strings, numeric column names", () => {
    expect([...numberColumn(table, "x")]).toEqual([1.5, 2.5]);
    expect([...numberColumn(table, "gap")]).toEqual([NaN, 4]);
    expect(stringColumn(table, "id")).toEqual(["a", "b"]);
    expect(numericColumnNames(table, ["n"])).toEqual(["x", "gap"]);
    expect(() => numberColumn(table, "nope")).toThrow(/no column "nope"/);
  });

  it("integer and 64-bit columns become Float64Array", () => {
    const t = tableFromArrays({ i: Int32Array.from([1, 2]), big: BigInt64Array.from([3n, 4n]) });
    expect(numberColumn(t, "i")).toEqual(Float64Array.from([1, 2]));
    expect(numberColumn(t, "big")).toEqual(Float64Array.from([3, 4]));
    expect(numericColumnNames(t)).toEqual(["i", "big"]);
  });

  it("a row as plain values", () => {
    expect(rowRecord(table, 0)).toEqual({ id: "a", n: 1, x: 1.5, gap: null });
  });

  it("dates and timestamps (epoch milliseconds in Arrow) as ISO text", () => {
    const t = new Table({
      d: vectorFromArray([new Date(Date.UTC(2024, 0, 2)), null], new DateDay()),
      ts: vectorFromArray([new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 250))], new TimestampMillisecond()),
    });
    expect(tableRecords(t)).toEqual([
      { d: "2024-01-02", ts: "2024-01-02 03:04:05" },
      { d: null, ts: "2024-01-02 03:04:05.250" },
    ]);
    expect(stringColumn(t, "d")).toEqual(["2024-01-02", null]);
    expect(plainValue("Date64<MILLISECOND>", Date.UTC(2024, 0, 2, 3, 4, 5))).toBe("2024-01-02 03:04:05");
    expect(plainValue("Int64", 5n)).toBe(5);
    expect(plainValue("Utf8", { a: 1 })).toBe("[object Object]");
  });
});
