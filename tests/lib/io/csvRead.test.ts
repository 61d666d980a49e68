import { describe, expect, it } from "vitest";
import { toCsv } from "../../../src/lib/io/csv.js";
import { readCsv } from "../../../src/lib/io/csvRead.js";

describe("readCsv", () => {
  it("reads back what toCsv writes: quotes, commas, line breaks, neutralised formulas", () => {
    const rows = [
      ["c1", "Champions"],
      ["c,2", 'say "hi"'],
      ["c3", "two\nlines"],
      ["-4", "=Sleepers"],
      ["", "blank id"],
    ];
    const records = readCsv(toCsv(["customer_id", "segment"], rows));
    expect(records.map((r) => r.fields)).toEqual([["customer_id", "segment"], ["c1", "Champions"], ["c,2", 'say "hi"'], ["c3", "two\nlines"], ["'-4", "'=Sleepers"], ["", "blank id"]]);
    // The record after a quoted line break starts one physical line later.
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 4, 6, 7]);
  });

  it("takes \\r\\n line ends, a byte-order mark, no final line end, and skips blank lines", () => {
    expect(readCsv("\ufeffa,b\r\n1,2\r\n\r\n3,\r\n")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 4, fields: ["3", ""] },
    ]);
    expect(readCsv("a,b\n1,2")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
    expect(readCsv('a\n""\n')).toEqual([
      { line: 1, fields: ["a"] },
      { line: 2, fields: [""] },
    ]);
    expect(readCsv("")).toEqual([]);
  });

  it("names the line of a malformed record", () => {
    expect(() => readCsv('a,b\n1,"open\nstill open\n')).toThrow("line 2: a quoted field is not closed before the end of the file");
    expect(() => readCsv('a,b\n1,"x"y\n')).toThrow('line 2: text after a closing quote (write a quote inside a quoted field as "")');
    expect(() => readCsv('a,b\n1,2\n3,x"y\n')).toThrow("line 3: a quote inside an unquoted field (quote the whole field)");
  });
});
