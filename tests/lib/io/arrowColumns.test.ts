import { DateDay, Dictionary, Float64, Int32, Int64, Table, tableFromArrays, tableFromIPC, tableFromJSON, tableToIPC, TimestampMillisecond, Utf8, vectorFromArray } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { numberColumn, numericColumnNames, plainValue, rowRecord, stringColumn, tableRecords, typeName } from "../../../src/lib/io/arrowColumns.js";
import { arrowTable } from "../../../src/lib/io/arrowTable.js";

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

describe("arrowTable: the loaders' Arrow bytes through arquero (flechette)", () => {
  // Two record batches, NULLs, a day date and a dictionary-encoded string: what the loaders write.
  const source = new Table({
    customer_id: vectorFromArray(["c1", "c2", "c3"]),
    frequency: vectorFromArray([1, 2, 3], new Int32()),
    monetary: vectorFromArray([10.5, -2, 0], new Float64()),
    gap: vectorFromArray([null, 4, 5.5], new Float64()),
    big: vectorFromArray([1n, 2n, 3n], new Int64()),
    first: vectorFromArray([new Date(Date.UTC(2024, 0, 2)), null, new Date(Date.UTC(2023, 11, 31))], new DateDay()),
    segment: vectorFromArray(["A", "B", "A"], new Dictionary(new Utf8(), new Int32())),
  });
  const bytes = tableToIPC(new Table([...source.slice(0, 2).batches, ...source.slice(2).batches]), "stream");
  const { table, columns } = arrowTable(bytes);

  it("reads every row and column as apache-arrow does", () => {
    expect(table.numRows()).toBe(3);
    expect(columns.numRows).toBe(3);
    expect(numericColumnNames(columns)).toEqual(["frequency", "monetary", "gap", "big"]);
    expect(numberColumn(columns, "gap")).toEqual(Float64Array.from([NaN, 4, 5.5]));
    expect(numberColumn(columns, "big")).toEqual(Float64Array.from([1, 2, 3]));
    expect(stringColumn(columns, "segment")).toEqual(["A", "B", "A"]);
    expect(tableRecords(columns)).toEqual(tableRecords(tableFromIPC(bytes)));
    expect(rowRecord(columns, 1)).toEqual({ customer_id: "c2", frequency: 2, monetary: -2, gap: 4, big: 2, first: null, segment: "B" });
    expect(() => numberColumn(columns, "nope")).toThrow(/no column "nope"/);
  });

  it("names flechette's types as apache-arrow prints them", () => {
    const names = Object.fromEntries(columns.schema.fields.map((f) => [f.name, typeName(f.type)]));
    expect(names).toEqual({ customer_id: "Utf8", frequency: "Int32", monetary: "Float64", gap: "Float64", big: "Int64", first: "Date32<DAY>", segment: "Utf8" });
    expect(typeName(new Float64())).toBe("Float64");
  });
});
