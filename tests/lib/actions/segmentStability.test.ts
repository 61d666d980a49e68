// Per-segment stability (src/lib/actions/segmentStability.ts) on labellings written by hand.
import { describe, expect, it } from "vitest";
import { seedStability, segmentJaccard } from "../../../src/lib/actions/segmentStability.js";

describe("segmentJaccard", () => {
  // Reference {0,1,2} {3,4} {5}; the other run numbered its segments differently and moved customer 2.
  const reference = [0, 0, 0, 1, 1, 2];
  const other = [1, 1, 0, 0, 0, 2];

  it("matches each segment to the other run's segment of highest Jaccard across seeds", () => {
    expect(segmentJaccard(reference, other, 3, "best")).toEqual([
      { segment: 0, matched: 1, jaccard: 2 / 3 },
      { segment: 1, matched: 0, jaccard: 2 / 3 },
      { segment: 2, matched: 2, jaccard: 1 },
    ]);
  });

  it("compares a segment with the same label against a snapshot", () => {
    expect(segmentJaccard(reference, other, 3, "same")).toEqual([
      { segment: 0, matched: 0, jaccard: 1 / 5 },
      { segment: 1, matched: 1, jaccard: 0 },
      { segment: 2, matched: 2, jaccard: 1 },
    ]);
  });

  it("leaves out customers missing from either labelling (negative labels)", () => {
    // Customer 3 is new since the snapshot: {0,1} against {0}, {2} against {1,2}.
    expect(segmentJaccard([0, 0, 1, -1], [0, 1, 1, 1], 2, "same").map((s) => s.jaccard)).toEqual([0.5, 0.5]);
    expect(() => segmentJaccard([0, 1], [0], 2, "same")).toThrow("labellings differ in length: 2 and 1");
  });
});

describe("seedStability", () => {
  it("gives each segment's mean and lowest best-match Jaccard over the runs", () => {
    const reference = [0, 0, 0, 1, 1, 2];
    expect(seedStability(reference, [reference, [1, 1, 0, 0, 0, 2]], 3)).toEqual([
      { segment: 0, mean: (1 + 2 / 3) / 2, min: 2 / 3 },
      { segment: 1, mean: (1 + 2 / 3) / 2, min: 2 / 3 },
      { segment: 2, mean: 1, min: 1 },
    ]);
  });
});
