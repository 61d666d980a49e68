import { describe, expect, it } from "vitest";
import { composeReport } from "../../../src/lib/report/compose.js";

describe("composeReport", () => {
  it("adds each part's keys in order and each part's segment fields to its segment", () => {
    const report = composeReport([
      { asOf: "2025-01-01", segments: [{ segment: 0, name: "A" }, { segment: 1, name: "B" }], inertia: 3 },
      { quality: { rows: 10 } },
      { migration: { moved: 1 }, segments: [{ change: -1 }, { change: 1 }] },
    ]);
    // Key order is the JSON's: a later part's segment fields land in the segments already placed.
    expect(JSON.stringify(report)).toBe(
      '{"asOf":"2025-01-01","segments":[{"segment":0,"name":"A","change":-1},{"segment":1,"name":"B","change":1}],"inertia":3,"quality":{"rows":10},"migration":{"moved":1}}',
    );
    expect(report.segments[1].change).toBe(1);
    expect(report.migration.moved).toBe(1);
  });

  it("does not change the parts it is given", () => {
    const first = { segments: [{ segment: 0 }] };
    composeReport([first, { segments: [{ extra: true }] }]);
    expect(first).toEqual({ segments: [{ segment: 0 }] });
  });

  it("stops when two parts claim the same key or segment field, or give different numbers of segments", () => {
    expect(() => composeReport([{ asOf: "a" }, { asOf: "b" }])).toThrow(/report section 2 sets "asOf", which an earlier section already set/);
    expect(() => composeReport([{ segments: [{ name: "A" }] }, { segments: [{ name: "B" }] }])).toThrow(/report section 2 sets segment 0's "name"/);
    expect(() => composeReport([{ segments: [{ a: 1 }, { a: 2 }] }, { segments: [{ b: 1 }] }])).toThrow(/report section 2 gives 1 segments; an earlier section gave 2/);
  });
});
