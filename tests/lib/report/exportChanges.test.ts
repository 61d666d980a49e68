import { describe, expect, it } from "vitest";
import { segmentExportCsv } from "../../../src/lib/io/csv.js";
import { readCsv } from "../../../src/lib/io/csvRead.js";
import { exportChanges, readPreviousExport } from "../../../src/lib/report/exportChanges.js";

const names = ["Champions", "=Sleepers", "Lost"];

describe("exportChanges", () => {
  it("writes only entered, left and moved customers, comparing cells as the export writes them", () => {
    const before = segmentExportCsv(["a", "b", "-c", "d", "e"], [0, 1, 1, 2, 0], names);
    const previous = readPreviousExport(before, "before.csv");
    const changes = exportChanges(previous, ["a", "b", "-c", "e", "f"], [0, 1, 2, 1, 2], names);
    expect(changes).toMatchObject({ entered: 1, left: 1, moved: 2, unchanged: 2, previous: 5 });
    expect(readCsv(changes.csv).map((r) => r.fields)).toEqual([
      ["customer_id", "segment", "previous_segment", "change"],
      ["'-c", "Lost", "'=Sleepers", "moved"],
      ["e", "'=Sleepers", "Champions", "moved"],
      ["f", "Lost", "", "entered"],
      ["d", "", "Lost", "left"],
    ]);
  });

  it("against itself: no change, only the header", () => {
    const ids = ["x", "=y", "z"];
    const labels = [2, 1, 0];
    const changes = exportChanges(readPreviousExport(segmentExportCsv(ids, labels, names), "p.csv"), ids, labels, names);
    expect(changes).toMatchObject({ entered: 0, left: 0, moved: 0, unchanged: 3 });
    expect(changes.csv).toBe("customer_id,segment,previous_segment,change\n");
  });

  it("reads an export with next best products: only the segment is compared", () => {
    const previous = readPreviousExport("customer_id,segment,next_best_1,next_best_2\na,Champions,P1,P2\nb,Lost,,\n", "p.csv");
    expect([...previous]).toEqual([
      ["a", { segment: "Champions", line: 2 }],
      ["b", { segment: "Lost", line: 3 }],
    ]);
    expect(exportChanges(previous, ["a", "b"], [0, 0], names)).toMatchObject({ moved: 1, unchanged: 1 });
  });

  it("a renamed segment moves its customers: the CRM holds the name", () => {
    const previous = readPreviousExport(segmentExportCsv(["a", "b"], [0, 1], names), "p.csv");
    const changes = exportChanges(previous, ["a", "b"], [0, 1], ["Champions", "Sleepers"]);
    expect(changes).toMatchObject({ moved: 1, unchanged: 1 });
    expect(changes.csv).toBe("customer_id,segment,previous_segment,change\nb,Sleepers,'=Sleepers,moved\n");
  });
});

describe("readPreviousExport", () => {
  it.each([
    ["", "p.csv: empty file; pass the last full export written by `export --out`"],
    ["customer_id,segment,previous_segment,change\na,X,,entered\n", "p.csv: a changes file (written by `export --since`, it has a change column): pass the last full export written by `export --out`"],
    ["id,segment\na,X\n", "p.csv: line 1: expected the header customer_id,segment[,…] of a full export written by `export --out`, got id,segment"],
    ["customer_id\na\n", "p.csv: line 1: expected the header customer_id,segment[,…] of a full export written by `export --out`, got customer_id"],
    ["customer_id,audience,next_best_1\na,VIP,P1\n", "p.csv: an audience export (written by `export --audience`): pass the last full segment export written by `export --out`"],
    ["customer_id,segment\na,X\nb\n", "p.csv: line 3: 1 fields, the header has 2"],
    ["customer_id,segment,next_best_1\na,X,P1\nb,Y\n", "p.csv: line 3: 2 fields, the header has 3"],
    ["customer_id,segment\na,X\n,Y\n", "p.csv: line 3: no customer_id"],
    ["customer_id,segment\na,X\nb,Y\na,Z\n", 'p.csv: line 4: customer "a" again (first on line 2)'],
    ['customer_id,segment\na,"X\n', "p.csv: line 2: a quoted field is not closed before the end of the file"],
  ])("stops on %j", (text, message) => {
    expect(() => readPreviousExport(text, "p.csv")).toThrow(message);
  });
});
