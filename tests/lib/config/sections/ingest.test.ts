import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("ingest", () => {
  it("has the UCI export's conventions by default and takes each read option", () => {
    expect(parseConfig({}).ingest).toEqual({
      cancelPrefix: "C",
      nonProductCodes: ["POST", "DOT", "M", "C2", "D", "S", "B", "CRUK", "PADS", "BANK CHARGES", "AMAZONFEE"],
      dropDuplicates: true,
      delimiter: null,
      encoding: "utf-8",
      dateOrder: "auto",
      decimalSeparator: ".",
    });
    const ingest = { cancelPrefix: "R", nonProductCodes: [], dropDuplicates: false, delimiter: ";", encoding: "latin-1", dateOrder: "DMY", decimalSeparator: "," };
    expect(parseConfig({ ingest }).ingest).toEqual(ingest);
  });

  it.each([
    // No coercion: "false" is not false (Boolean("false") is true).
    [{ ingest: { dropDuplicates: "false" } }, 'my.json: ingest.dropDuplicates: expected true or false, got "false"'],
    [{ ingest: { dropDuplicates: 0 } }, "my.json: ingest.dropDuplicates: expected true or false, got 0"],
    [{ ingest: { dropDuplicates: null } }, "my.json: ingest.dropDuplicates: expected true or false, got null"],
    // Every order id starts with "": every order would be a return.
    [{ ingest: { cancelPrefix: "" } }, 'my.json: ingest.cancelPrefix: expected the prefix of cancelled order ids (not empty), got ""'],
    [{ ingest: { cancelPrefix: 5 } }, "my.json: ingest.cancelPrefix: expected the prefix of cancelled order ids (not empty), got 5"],
    [{ ingest: { nonProductCodes: "POST" } }, 'my.json: ingest.nonProductCodes: expected a list of product codes, got "POST"'],
    [{ ingest: { nonProductCodes: ["POST", 5] } }, "my.json: ingest.nonProductCodes[1]: expected a product code, got 5"],
    [{ ingest: { delimiter: ";;" } }, 'my.json: ingest.delimiter: expected one character, or null to sniff it, got ";;"'],
    [{ ingest: { delimiter: "" } }, 'my.json: ingest.delimiter: expected one character, or null to sniff it, got ""'],
    [{ ingest: { encoding: "ascii" } }, 'my.json: ingest.encoding: expected one of "utf-8", "latin-1", "utf-16", got "ascii"'],
    [{ ingest: { encoding: "UTF-8" } }, 'my.json: ingest.encoding: expected one of "utf-8", "latin-1", "utf-16", got "UTF-8"'],
    [{ ingest: { dateOrder: "dmy" } }, 'my.json: ingest.dateOrder: expected one of "auto", "DMY", "MDY", got "dmy"'],
    [{ ingest: { decimalSeparator: ";" } }, 'my.json: ingest.decimalSeparator: expected one of ".", ",", got ";"'],
    [{ ingest: { delimeter: ";" } }, "my.json: ingest.delimeter: unknown key; did you mean ingest.delimiter?"],
    [{ ingest: { dedupe: true } }, "my.json: ingest.dedupe: unknown key; valid keys are cancelPrefix, nonProductCodes, dropDuplicates, delimiter, encoding, dateOrder, decimalSeparator"],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
