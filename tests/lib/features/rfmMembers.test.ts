import { describe, expect, it } from "vitest";
import { table } from "arquero";
import { rfmMembers } from "../../../src/lib/features/rfmMembers.js";

describe("rfmMembers", () => {
  it("lists a segment's customers with their scores, most revenue first", () => {
    const features = table({
      customer_id: ["a", "b", "c", "d"],
      rfm_segment: ["Lost", "Champions", "Lost", "Lost"],
      r_score: [1, 5, 1, 2],
      f_score: [1, 5, 2, 1],
      m_score: [2, 5, 1, 2],
      recency_days: [300, 2, 280, 200],
      frequency: [1, 20, 2, 1],
      monetary: [50, 900, 10, 50],
      city: ["x", "y", "z", "w"],
    });
    expect(rfmMembers(features, "Lost")).toEqual([
      { customer: "a", R: 1, F: 1, M: 2, "days since": 300, orders: 1, revenue: 50 },
      { customer: "d", R: 2, F: 1, M: 2, "days since": 200, orders: 1, revenue: 50 },
      { customer: "c", R: 1, F: 2, M: 1, "days since": 280, orders: 2, revenue: 10 },
    ]);
    expect(rfmMembers(features, "Nobody")).toEqual([]);
  });
});
