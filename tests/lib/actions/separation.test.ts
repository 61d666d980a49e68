// Per-segment separation (src/lib/actions/separation.ts) on points placed by hand.
import { describe, expect, it } from "vitest";
import { segmentSeparation } from "../../../src/lib/actions/separation.js";

describe("segmentSeparation", () => {
  it("gives each segment's spread, nearest segment, separation ratio and share of the between-segment sum of squares", () => {
    // One feature: segment 0 at {0, 2} (mean 1), 1 at {10, 12} (mean 11), 2 at {30}; overall mean 10.8.
    const data = Float64Array.from([0, 2, 10, 12, 30]);
    const labels = [0, 0, 1, 1, 2];
    const between = [2 * (1 - 10.8) ** 2, 2 * (11 - 10.8) ** 2, (30 - 10.8) ** 2];
    const total = between[0] + between[1] + between[2];
    const got = segmentSeparation(data, 5, 1, labels, 3);
    expect(got.map((s) => [s.segment, s.size, s.spread, s.nearest, s.distance, s.separation])).toEqual([
      [0, 2, 1, 1, 10, 5],
      [1, 2, 1, 0, 10, 5],
      [2, 1, 0, 1, 19, 19],
    ]);
    got.forEach((s, c) => expect(s.fContribution).toBeCloseTo(between[c] / total, 12));
    expect(got.reduce((sum, s) => sum + s.fContribution, 0)).toBeCloseTo(1, 12);
  });

  it("measures in every dimension and leaves an empty segment without a nearest one", () => {
    // Two features: segment 0 at (0, 0) and (0, 2), mean (0, 1); segment 1 at (4, 5) and (4, 3), mean (4, 4); segment 2 is empty.
    const data = Float64Array.from([0, 0, 0, 2, 4, 5, 4, 3]);
    const got = segmentSeparation(data, 4, 2, [0, 0, 1, 1], 3);
    expect(got[0]).toMatchObject({ nearest: 1, distance: 5, spread: 1, separation: 2.5 });
    expect(got[2]).toMatchObject({ size: 0, nearest: null, fContribution: 0 });
    expect(got[2].separation).toBeNaN();
  });
});
