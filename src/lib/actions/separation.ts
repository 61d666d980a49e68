/**
 * How far each segment stands from the others, in the space it was clustered in (the prepared
 * matrix): the scorecard's "distinct" evidence next to the segment's silhouette (metrics.ts).
 *
 * - spread: root mean square distance of the segment's members to its centroid;
 * - nearest: the segment whose centroid is closest, at `distance`;
 * - separation: distance ÷ (spread of the segment + spread of the nearest), the reciprocal of the
 *   pair's Davies–Bouldin ratio with RMS spreads: above 1 the two centroids are further apart than
 *   their members spread around them, below 1 the segments run into each other;
 * - F contribution: the segment's share of the between-segment sum of squares,
 *   size × ‖centroid − overall mean‖² ÷ Σ over segments, which is the numerator of the F statistic
 *   (describe.ts): how much of what sets the segments apart this one carries.
 */
import { clusterMeans } from "../cluster/metrics.js";

export interface SegmentSeparation {
  segment: number;
  size: number;
  spread: number;
  /** Closest other segment (by centroid), or null when there is no other non-empty one. */
  nearest: number | null;
  distance: number;
  separation: number;
  fContribution: number;
}

/** Per segment 0 … k − 1 of `labels` over the n × d row-major matrix `data`. */
export function segmentSeparation(data: Float64Array, n: number, d: number, labels: ArrayLike<number>, k: number): SegmentSeparation[] {
  const { sizes, means } = clusterMeans(data, n, d, labels, k);
  const within = new Float64Array(k);
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    let s = 0;
    for (let t = 0; t < d; t++) {
      const x = data[i * d + t];
      overall[t] += x / n;
      const diff = x - means[c * d + t];
      s += diff * diff;
    }
    within[c] += s;
  }
  const spread = Array.from({ length: k }, (_, c) => (sizes[c] > 0 ? Math.sqrt(within[c] / sizes[c]) : NaN));
  const between = Array.from({ length: k }, (_, c) => {
    if (sizes[c] === 0) return 0;
    let s = 0;
    for (let t = 0; t < d; t++) s += (means[c * d + t] - overall[t]) ** 2;
    return sizes[c] * s;
  });
  const totalBetween = between.reduce((a, b) => a + b, 0);
  const centroidDistance = (a: number, b: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (means[a * d + t] - means[b * d + t]) ** 2;
    return Math.sqrt(s);
  };
  return Array.from({ length: k }, (_, c) => {
    let nearest: number | null = null;
    let distance = Infinity;
    if (sizes[c] > 0) {
      for (let j = 0; j < k; j++) {
        if (j === c || sizes[j] === 0) continue;
        const dist = centroidDistance(c, j);
        if (dist < distance) [nearest, distance] = [j, dist];
      }
    }
    const spreads = nearest === null ? NaN : spread[c] + spread[nearest];
    return {
      segment: c,
      size: sizes[c],
      spread: spread[c],
      nearest,
      distance: nearest === null ? NaN : distance,
      separation: nearest === null ? NaN : spreads > 0 ? distance / spreads : Infinity,
      fContribution: totalBetween > 0 ? between[c] / totalBetween : 0,
    };
  });
}
