import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { assignmentsIpc } from "../../../src/lib/segments/assignments.js";

describe("assignmentsIpc", () => {
  const published = { labels: Int32Array.from([1, 0, 1]), names: ["Best", "Rest"] };

  it("writes Utf8 text and Int32 segments, one row per customer, with the workbench's columns when given", () => {
    const t = tableFromIPC(assignmentsIpc(["a", "b", "c"], published, ["Lost", "Champions", "Lost"], { labels: Int32Array.from([0, 0, 1]), names: ["X", "Y"] }));
    expect(t.schema.fields.map((f) => `${f.name}: ${f.type}`)).toEqual([
      "customer_id: Utf8", "segment: Int32", "segment_name: Utf8", "rfm_segment: Utf8", "workbench_segment: Int32", "workbench_segment_name: Utf8",
    ]);
    expect(t.toArray().map((r) => r.toJSON())).toEqual([
      { customer_id: "a", segment: 1, segment_name: "Rest", rfm_segment: "Lost", workbench_segment: 0, workbench_segment_name: "X" },
      { customer_id: "b", segment: 0, segment_name: "Best", rfm_segment: "Champions", workbench_segment: 0, workbench_segment_name: "X" },
      { customer_id: "c", segment: 1, segment_name: "Rest", rfm_segment: "Lost", workbench_segment: 1, workbench_segment_name: "Y" },
    ]);
    expect(tableFromIPC(assignmentsIpc(["a", "b", "c"], published, ["x", "y", "z"], null)).schema.fields.map((f) => f.name)).toEqual(["customer_id", "segment", "segment_name", "rfm_segment"]);
  });

  it("gives a customer kept out of the clustering no segment number and its group's label", () => {
    const withGroup = { labels: Int32Array.from([1, 2, 0]), names: ["Best", "Rest", "Net returners"], segments: 2 };
    const t = tableFromIPC(assignmentsIpc(["a", "b", "c"], withGroup, ["x", "y", "z"], withGroup));
    expect(t.toArray().map((r) => [r.segment, r.segment_name, r.workbench_segment, r.workbench_segment_name])).toEqual([
      [1, "Rest", 1, "Rest"],
      [null, "Net returners", null, "Net returners"],
      [0, "Best", 0, "Best"],
    ]);
  });

  it("refuses columns of different lengths, saying which", () => {
    expect(() => assignmentsIpc(["a", "b"], published, ["x", "y"], null)).toThrow("assignments: 2 customers but 3 published labels");
  });
});
