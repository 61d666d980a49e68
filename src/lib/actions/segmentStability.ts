/**
 * Whether each segment comes back: the scorecard's "stable" evidence, per segment rather than for
 * the whole labelling (the adjusted Rand index of describe.ts says whether the partition comes back;
 * a partition can be stable overall while one small segment dissolves).
 *
 * A segment's Jaccard index against another labelling of the same customers is
 * |A ∩ B| ÷ |A ∪ B| for its members A and the members B of the matching segment there. Across seeds
 * the segments are numbered afresh, so the match is the segment of the other run with the highest
 * Jaccard ("best", as Hennig's clusterwise stability, fpc::clusterboot, where a mean Jaccard of 0.75
 * or more is a stable cluster and 0.5 or less a dissolved one). Against the previous snapshot the
 * segment means the same thing on both dates (the same centroids, the same RFM rule), so the match
 * is the segment with the same label ("same").
 *
 * Labels are small non-negative integers, aligned by customer; a negative label means the customer
 * is not in that labelling (a customer new since the previous snapshot), and such rows are left out
 * of both sides.
 */

export type SegmentMatch = "best" | "same";

export interface SegmentJaccard {
  segment: number;
  /** The segment of the other labelling it was matched to (null when it has no member in both). */
  matched: number | null;
  jaccard: number;
}

/** Each reference segment 0 … k − 1 against `other` (whose labels may go beyond k − 1). */
export function segmentJaccard(reference: ArrayLike<number>, other: ArrayLike<number>, k: number, match: SegmentMatch): SegmentJaccard[] {
  if (reference.length !== other.length) throw new Error(`labellings differ in length: ${reference.length} and ${other.length}`);
  let kOther = 0;
  for (let i = 0; i < other.length; i++) if (other[i] + 1 > kOther) kOther = other[i] + 1;
  const table = new Float64Array(k * kOther);
  const sizeRef = new Float64Array(k);
  const sizeOther = new Float64Array(kOther);
  for (let i = 0; i < reference.length; i++) {
    const a = reference[i];
    const b = other[i];
    if (a < 0 || b < 0) continue;
    if (a >= k) throw new Error(`reference label ${a} at row ${i} is not below k = ${k}`);
    table[a * kOther + b]++;
    sizeRef[a]++;
    sizeOther[b]++;
  }
  const jaccard = (a: number, b: number) => {
    const both = table[a * kOther + b];
    const union = sizeRef[a] + sizeOther[b] - both;
    return union > 0 ? both / union : 0;
  };
  return Array.from({ length: k }, (_, a) => {
    if (match === "same") return { segment: a, matched: a < kOther && sizeRef[a] + sizeOther[a] > 0 ? a : null, jaccard: a < kOther ? jaccard(a, a) : 0 };
    let matched: number | null = null;
    let best = 0;
    for (let b = 0; b < kOther; b++) {
      const j = jaccard(a, b);
      if (j > best) [matched, best] = [b, j];
    }
    return { segment: a, matched, jaccard: best };
  });
}

/** Per segment, the mean and the lowest best-match Jaccard over runs from other seeds. */
export function seedStability(reference: ArrayLike<number>, runs: readonly ArrayLike<number>[], k: number): { segment: number; mean: number; min: number }[] {
  const per = runs.map((run) => segmentJaccard(reference, run, k, "best"));
  return Array.from({ length: k }, (_, c) => {
    const values = per.map((r) => r[c].jaccard);
    return {
      segment: c,
      mean: values.length ? values.reduce((s, x) => s + x, 0) / values.length : NaN,
      min: values.length ? Math.min(...values) : NaN,
    };
  });
}
