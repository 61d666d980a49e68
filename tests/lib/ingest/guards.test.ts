import { describe, expect, it } from "vitest";
import { describeRaw, guardMessage, guardViolation } from "../../../src/lib/ingest/guards.js";

const input = (rowsRead: number, rejectedByReason: Record<string, number>) => {
  const rowsRejected = Object.values(rejectedByReason).reduce((a, b) => a + b, 0);
  return { file: "t.csv", rowsRead, rowsRejected, rowsLoaded: rowsRead - rowsRejected, rejectedByReason };
};

describe("guardViolation", () => {
  it("stops an input that loads nothing, or rejects more than the share allowed", () => {
    expect(guardViolation(input(4, { "malformed row": 4 }), 1)).toBe("no rows");
    expect(guardViolation(input(10, { duplicate: 6 }), 0.5)).toBe("too many rejected");
    expect(guardViolation(input(10, { duplicate: 5 }), 0.5)).toBeNull();
    expect(guardViolation(input(10, {}), 0)).toBeNull();
    expect(guardViolation(input(10, { duplicate: 1 }), 0)).toBe("too many rejected");
  });
});

describe("guardMessage", () => {
  it("has one first line with the file, the figures and the fix, then each top reason with an example line", () => {
    const message = guardMessage(input(10, { "unparseable timestamp": 5, "missing customer id": 2 }), 0.5, [
      { reason: "unparseable timestamp", source_file: "t.csv", source_line: 3, raw: JSON.stringify({ id: "A", when: "soon" }) },
      { reason: "missing customer id", source_file: "t.csv", source_line: 7, raw: JSON.stringify({ id: null, when: "2024-01-01" }) },
    ], "transactions", { "unparseable timestamp": "when" });
    const [first, ...rest] = message.split("\n");
    expect(first).toBe(
      't.csv: 7 of 10 rows rejected (70.0%), more than ingest.maxRejectedShare (0.5) allows; most as "unparseable timestamp". To fix it, check columns.transactions.timestamp, ingest.dateOrder and the date format (README, Formats); or raise ingest.maxRejectedShare if these rejects are expected.',
    );
    expect(rest).toEqual(['  unparseable timestamp: 5 rows, e.g. t.csv line 3: when="soon" id="A"', '  missing customer id: 2 rows, e.g. t.csv line 7: id="" when="2024-01-01"']);
  });

  it("says no rows were loaded, and names the customers key for a customers export", () => {
    const message = guardMessage(input(3, { "missing customer id": 3 }), 0.5, [], "customers");
    expect(message.split("\n")[0]).toBe('t.csv: no rows loaded: all 3 rows read were rejected, most as "missing customer id". To fix it, check that columns.customers.customer_id names the column with the customer ids.');
  });

  it("shows a malformed line as the line itself, cut to length", () => {
    expect(describeRaw(JSON.stringify({ error: "expected 4 fields separated by spaces or tabs, found 3", line: "   00010 19970105  3" }))).toBe(
      '"   00010 19970105  3" (expected 4 fields separated by spaces or tabs, found 3)',
    );
    expect(describeRaw(JSON.stringify({ a: "x".repeat(200) }), 20)).toBe('a="xxxxxxxxxxxxxxxxx…');
    expect(describeRaw("not json")).toBe("not json");
  });
});
