import { describe, expect, it } from "vitest";
import { quantile } from "../../../src/lib/cluster/prepare.js";
import { quantilesUnsorted, sortedAt } from "../../../src/lib/stats/orderStatistics.js";
import { randomInt, seededRandom } from "../../../src/lib/stats/random.js";

// The reference: a sorted copy, as the modules computed their medians and quantiles before.
const sorted = (values: ArrayLike<number>) => Float64Array.from(values).sort();

function shapes(seed: number): Float64Array[] {
  const random = seededRandom(seed);
  const n = 1 + randomInt(random, 400);
  const distinct = 1 + randomInt(random, 12);
  return [
    Float64Array.from({ length: n }, () => random() * 100 - 50),
    // Many ties (counts, scores), the case that breaks naive partitions.
    Float64Array.from({ length: n }, () => randomInt(random, distinct)),
    Float64Array.from({ length: n }, (_, i) => i),
    Float64Array.from({ length: n }, (_, i) => n - i),
    Float64Array.from({ length: n }, () => (random() < 0.2 ? NaN : random() < 0.1 ? Infinity : randomInt(random, 50))),
  ];
}

describe("sortedAt", () => {
  it("gives the values a sorted copy holds at every asked position, NaNs last", () => {
    for (let seed = 1; seed <= 60; seed++) {
      for (const values of shapes(seed)) {
        const reference = sorted(values);
        const random = seededRandom(seed * 7);
        const positions = Array.from({ length: 1 + randomInt(random, 6) }, () => randomInt(random, values.length));
        const before = Float64Array.from(values);
        expect(sortedAt(values, positions)).toEqual(positions.map((p) => reference[p]));
        expect(values).toEqual(before); // the input is not reordered
      }
    }
  });

  it("refuses a position outside the values", () => {
    expect(() => sortedAt([3, 1, 2], [3])).toThrow(/position 3 is not one of 0 … 2/);
  });
});

describe("quantilesUnsorted", () => {
  it("equals quantile() over a sorted copy, bit for bit, for medians, quartiles and winsorizing percentiles", () => {
    const ps = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1];
    for (let seed = 1; seed <= 60; seed++) {
      for (const values of shapes(seed)) {
        const reference = sorted(values);
        expect(quantilesUnsorted(values, ps)).toEqual(ps.map((p) => quantile(reference, p)));
      }
    }
    expect(quantilesUnsorted([], [0.5])).toEqual([NaN]);
  });
});
