import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

const DUPLICATES = 'expected "auto" (drop exact duplicate lines only when an order id is mapped), true or false';
const DELIMITER = 'expected one character (not a quote or a line break), "whitespace" (columns aligned with spaces), or null to sniff it';
const COLUMN_NAMES = "expected a list of the export's column names in file order, or null";
const FIXED_WIDTH = 'expected a list of columns like [{"name": "customer_id", "start": 1, "width": 5}, …], or null';
const SHARE = "expected a share from 0 to 1 (0.5 stops a run that rejects more than half an input's rows)";
const TIMEZONE = 'expected an IANA time zone name such as "UTC", "Europe/London" or "America/New_York"';

describe("ingest", () => {
  it("has the UCI export's conventions by default and takes each read option", () => {
    expect(parseConfig({}).ingest).toEqual({
      cancelPrefix: "C",
      nonProductCodes: ["POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE"],
      dropDuplicates: "auto",
      delimiter: null,
      fixedWidth: null,
      header: true,
      columnNames: null,
      maxRejectedShare: 0.5,
      timezone: "UTC",
      encoding: "utf-8",
      dateOrder: "auto",
      decimalSeparator: ".",
    });
    const ingest = {
      cancelPrefix: "R", nonProductCodes: [], dropDuplicates: false, delimiter: ";", fixedWidth: null, header: false, columnNames: ["customer_id", "date", "amount"],
      maxRejectedShare: 0.2, timezone: "America/New_York", encoding: "latin-1", dateOrder: "DMY", decimalSeparator: ",",
    };
    expect(parseConfig({ ingest }).ingest).toEqual(ingest);
  });

  it("takes whitespace-aligned and fixed-width layouts, and every duplicate policy", () => {
    expect(parseConfig({ ingest: { delimiter: "whitespace" } }).ingest.delimiter).toBe("whitespace");
    const fixedWidth = [{ name: "customer_id", start: 1, width: 5 }, { $comment: "YYYYMMDD", name: "date", start: 7, width: 8 }];
    expect(parseConfig({ ingest: { fixedWidth, header: false } }).ingest).toMatchObject({ fixedWidth: [{ name: "customer_id", start: 1, width: 5 }, { name: "date", start: 7, width: 8 }], header: false });
    for (const policy of ["auto", true, false] as const) expect(parseConfig({ ingest: { dropDuplicates: policy } }).ingest.dropDuplicates).toBe(policy);
    expect(parseConfig({ ingest: { maxRejectedShare: 0 } }).ingest.maxRejectedShare).toBe(0);
    expect(parseConfig({ ingest: { maxRejectedShare: 1 } }).ingest.maxRejectedShare).toBe(1);
  });

  it.each([
    // No coercion: "false" is not false (Boolean("false") is true).
    [{ ingest: { dropDuplicates: "false" } }, `my.json: ingest.dropDuplicates: ${DUPLICATES}, got "false"`],
    [{ ingest: { dropDuplicates: 0 } }, `my.json: ingest.dropDuplicates: ${DUPLICATES}, got 0`],
    [{ ingest: { dropDuplicates: null } }, `my.json: ingest.dropDuplicates: ${DUPLICATES}, got null`],
    [{ ingest: { dropDuplicates: "Auto" } }, `my.json: ingest.dropDuplicates: ${DUPLICATES}, got "Auto"`],
    // Every order id starts with "": every order would be a return.
    [{ ingest: { cancelPrefix: "" } }, 'my.json: ingest.cancelPrefix: expected the prefix of cancelled order ids (not empty), got ""'],
    [{ ingest: { cancelPrefix: 5 } }, "my.json: ingest.cancelPrefix: expected the prefix of cancelled order ids (not empty), got 5"],
    [{ ingest: { nonProductCodes: "POST" } }, 'my.json: ingest.nonProductCodes: expected a list of product codes, got "POST"'],
    [{ ingest: { nonProductCodes: ["POST", 5] } }, "my.json: ingest.nonProductCodes[1]: expected a product code, got 5"],
    [{ ingest: { delimiter: ";;" } }, `my.json: ingest.delimiter: ${DELIMITER}, got ";;"`],
    [{ ingest: { delimiter: "" } }, `my.json: ingest.delimiter: ${DELIMITER}, got ""`],
    [{ ingest: { delimiter: "spaces" } }, `my.json: ingest.delimiter: ${DELIMITER}, got "spaces"`],
    [{ ingest: { delimiter: "\n" } }, `my.json: ingest.delimiter: ${DELIMITER}, got "\\n"`],
    [{ ingest: { delimiter: 5 } }, `my.json: ingest.delimiter: ${DELIMITER}, got 5`],
    [{ ingest: { header: "no" } }, 'my.json: ingest.header: expected true (the first line names the columns) or false, got "no"'],
    [{ ingest: { header: false } }, 'my.json: ingest.columnNames: expected the column names in file order, since ingest.header is false (e.g. ["customer_id", "date", "quantity", "amount"]), got null'],
    [{ ingest: { columnNames: ["a", "b"] } }, 'my.json: ingest.columnNames: expected null unless ingest.header is false (a header row names the columns), got ["a","b"]'],
    [{ ingest: { header: false, columnNames: ["a", "A"] } }, 'my.json: ingest.columnNames[1]: expected a name not used before (names are compared ignoring case), got "A"'],
    [{ ingest: { header: false, columnNames: ["a", " "] } }, 'my.json: ingest.columnNames[1]: expected a column name (not blank), got " "'],
    [{ ingest: { header: false, columnNames: "a,b" } }, `my.json: ingest.columnNames: ${COLUMN_NAMES}, got "a,b"`],
    [{ ingest: { header: false, columnNames: [] } }, `my.json: ingest.columnNames: ${COLUMN_NAMES}, got []`],
    [{ ingest: { fixedWidth: [] } }, `my.json: ingest.fixedWidth: ${FIXED_WIDTH}, got []`],
    [{ ingest: { fixedWidth: "a:1:5" } }, `my.json: ingest.fixedWidth: ${FIXED_WIDTH}, got "a:1:5"`],
    [{ ingest: { fixedWidth: [{ name: "a", start: 0, width: 2 }] } }, "my.json: ingest.fixedWidth[0].start: expected the column's first character, a whole number ≥ 1 (1 = the start of the line), got 0"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 2.5 }] } }, "my.json: ingest.fixedWidth[0].width: expected the column's width in characters, a whole number ≥ 1, got 2.5"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 2, end: 3 }] } }, "my.json: ingest.fixedWidth[0].end: unknown key; valid keys are name, start, width"],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }, { name: "b", start: 5, width: 2 }] } }, 'my.json: ingest.fixedWidth[1].start: expected a start after "a", which covers characters 1–5, got 5'],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }, { name: "A", start: 6, width: 1 }] } }, 'my.json: ingest.fixedWidth[1].name: expected a name not used before (names are compared ignoring case), got "A"'],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }], delimiter: "," } }, 'my.json: ingest.delimiter: expected null with ingest.fixedWidth (a fixed-width export has no delimiter), got ","'],
    [{ ingest: { fixedWidth: [{ name: "a", start: 1, width: 5 }], header: false, columnNames: ["a"] } }, 'my.json: ingest.columnNames: expected null with ingest.fixedWidth, which names the columns, got ["a"]'],
    [{ ingest: { maxRejectedShare: 1.5 } }, `my.json: ingest.maxRejectedShare: ${SHARE}, got 1.5`],
    [{ ingest: { maxRejectedShare: -0.1 } }, `my.json: ingest.maxRejectedShare: ${SHARE}, got -0.1`],
    [{ ingest: { maxRejectedShare: "0.5" } }, `my.json: ingest.maxRejectedShare: ${SHARE}, got "0.5"`],
    [{ ingest: { timezone: "Mars/Olympus" } }, `my.json: ingest.timezone: ${TIMEZONE}, got "Mars/Olympus"`],
    [{ ingest: { timezone: "" } }, `my.json: ingest.timezone: ${TIMEZONE}, got ""`],
    [{ ingest: { timezone: 1 } }, `my.json: ingest.timezone: ${TIMEZONE}, got 1`],
    [{ ingest: { timeZone: "UTC" } }, "my.json: ingest.timeZone: unknown key; did you mean ingest.timezone?"],
    [{ ingest: { encoding: "ascii" } }, 'my.json: ingest.encoding: expected one of "utf-8", "latin-1", "utf-16", got "ascii"'],
    [{ ingest: { encoding: "UTF-8" } }, 'my.json: ingest.encoding: expected one of "utf-8", "latin-1", "utf-16", got "UTF-8"'],
    [{ ingest: { dateOrder: "dmy" } }, 'my.json: ingest.dateOrder: expected one of "auto", "DMY", "MDY", got "dmy"'],
    [{ ingest: { decimalSeparator: ";" } }, 'my.json: ingest.decimalSeparator: expected one of ".", ",", got ";"'],
    [{ ingest: { delimeter: ";" } }, "my.json: ingest.delimeter: unknown key; did you mean ingest.delimiter?"],
    [
      { ingest: { dedupe: true } },
      "my.json: ingest.dedupe: unknown key; valid keys are cancelPrefix, nonProductCodes, dropDuplicates, delimiter, fixedWidth, header, columnNames, maxRejectedShare, timezone, encoding, dateOrder, decimalSeparator",
    ],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
