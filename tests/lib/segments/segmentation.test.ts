import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { runSegmentation, type SegmentationInput } from "../../../src/lib/segments/segmentation.js";

// Feature columns as the report reads them from Parquet (pipeline/parquet.ts readColumns): a blank
// numeric value arrives as null, and Number(null) is 0.
function columns(monetary: (number | null)[]): SegmentationInput {
  const n = monetary.length;
  return {
    customer_id: Array.from({ length: n }, (_, i) => `c${i + 1}`),
    recency_days: Array.from({ length: n }, (_, i) => 10 + ((i * 37) % 300)),
    frequency: Array.from({ length: n }, (_, i) => 1 + (i % 7)),
    monetary: monetary as number[],
  };
}

describe("runSegmentation and blanks", () => {
  const config = { ...DEFAULT_CONFIG.segmentation, k: 2, nInit: 1 };

  it("never clusters a blank as 0: a null feature value stops the run naming the feature, the count and the first customer", () => {
    const monetary = Array.from({ length: 40 }, (_, i) => 50 + i * 10) as (number | null)[];
    monetary[7] = null;
    monetary[20] = null;
    expect(() => runSegmentation(columns(monetary), config)).toThrow(
      'feature "monetary": 2 of 40 customers have no value (first: row 8, customer "c8"); blanks are never clustered as 0',
    );
  });

  it("treats an empty text and NaN as blank too, and clusters complete columns as before", () => {
    const text = Array.from({ length: 40 }, (_, i) => 50 + i * 10) as unknown as (number | null)[];
    (text as unknown[])[3] = " ";
    expect(() => runSegmentation(columns(text), config)).toThrow(/feature "monetary": 1 of 40 customers have no value \(first: row 4/);
    const nan = Array.from({ length: 40 }, (_, i) => (i === 5 ? NaN : 50 + i * 10));
    expect(() => runSegmentation(columns(nan), config)).toThrow(/1 of 40 customers have no value/);
    const complete = runSegmentation(columns(Array.from({ length: 40 }, (_, i) => 50 + i * 10)), config);
    expect(complete.labels).toHaveLength(40);
    expect(new Set(complete.labels).size).toBe(2);
  });
});
