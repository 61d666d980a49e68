import { describe, expect, it } from "vitest";
import { csvValue, recordsCsv, rowsCsv, safeFileName } from "../../../src/lib/io/tableCsv.js";

describe("csvValue", () => {
  it("turns page values into CSV values", () => {
    expect(csvValue(NaN)).toBeNull();
    expect(csvValue(Infinity)).toBeNull();
    expect(csvValue(1.5)).toBe(1.5);
    expect(csvValue(12n)).toBe(12);
    expect(csvValue(2n ** 70n)).toBe("1180591620717411303424");
    expect(csvValue(new Date(Date.UTC(2024, 0, 2)))).toBe("2024-01-02");
    expect(csvValue(new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe("2024-01-02T03:04:05.000Z");
    expect(csvValue({ a: 1 })).toBe('{"a":1}');
    expect(csvValue(undefined)).toBeNull();
  });
});

describe("rowsCsv and recordsCsv", () => {
  it("neutralises spreadsheet formulas in text and quotes fields", () => {
    const csv = recordsCsv([
      { customer: "=HYPERLINK(\"http://x\")", note: "a,b", value: -3 },
      { customer: "@SUM(A1)", note: "line\nbreak", value: NaN },
    ]);
    expect(csv).toBe('customer,note,value\n"\'=HYPERLINK(""http://x"")","a,b",-3\n\'@SUM(A1),"line\nbreak",\n');
  });

  it("uses the columns given, in order", () => {
    expect(rowsCsv([{ a: 1, b: "x" }], [{ label: "B", value: (r) => r.b }, { label: "A", value: (r) => r.a }])).toBe("B,A\nx,1\n");
    expect(recordsCsv([{ a: 1, b: 2 }], ["b"])).toBe("b\n2\n");
    expect(recordsCsv([])).toBe("\n");
  });
});

describe("safeFileName", () => {
  it("keeps letters, digits, dashes and underscores", () => {
    expect(safeFileName("Segment sizes (k = 5)", "csv")).toBe("segment-sizes-k-5.csv");
    expect(safeFileName("../../etc/passwd", ".svg")).toBe("etc-passwd.svg");
    expect(safeFileName("Café Über", "png")).toBe("cafe-uber.png");
    expect(safeFileName("", "csv")).toBe("download.csv");
    expect(safeFileName("x".repeat(200), "csv")).toHaveLength(84);
  });
});
