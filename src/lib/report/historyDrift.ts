/**
 * Drift: how far a refit at a snapshot's date would move customers from today's model. At each
 * snapshot the pipeline runs the committed segmentation again on that date's features (the same
 * features, transforms, scaling, k, seed and restarts: runSegmentation) and this module compares the
 * refit with today's model on the same customers:
 *
 * - the adjusted Rand index between today's model's assignment of them and the refit's (label
 *   numbers do not matter; 1 = the same partition);
 * - the refit's centroids, taken to today's prepared space (back to original units through the
 *   refit's transforms, then through today's: the space today's distances are measured in) and
 *   matched one to one to today's centroids by the smallest total squared distance; each segment's
 *   centroid shift is the distance to its match, in today's scaling's units (standard deviations of
 *   today's base under z-scores);
 * - the share of customers the refit puts in a cluster other than their segment's match, and the
 *   refit's sizes in today's segment order.
 */
import { adjustedRandIndex } from "../cluster/metrics.js";
import { applyModel, toOriginalUnits, type PreparedModel } from "../cluster/prepare.js";
import { round } from "../segments/summary.js";
import type { HistoryDrift } from "./types.js";

/** A fitted segmentation on some customers: its transforms, centroids (prepared space) and labels. */
export interface FittedModel {
  model: PreparedModel;
  centroids: readonly ArrayLike<number>[];
  labels: ArrayLike<number>;
}

function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] - b[j]) ** 2;
  return s;
}

/**
 * The one-to-one matching of `a`'s points to `b`'s (equal counts) with the smallest sum of squared
 * distances: match[i] is the point of b for a[i]. Exact, by dynamic programming over the subsets of
 * b already used (k ≤ 10 segments: at most 1,024 subsets × 10 steps); ties go to the lower index.
 */
export function matchCentroids(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number[] {
  const k = a.length;
  if (b.length !== k) throw new Error(`cannot match ${k} centroids to ${b.length}`);
  if (k > 16) throw new Error(`matching ${k} centroids: at most 16`);
  const cost = a.map((p) => b.map((q) => squaredDistance(p, q)));
  const size = 1 << k;
  const best = new Float64Array(size).fill(Infinity);
  const choice = new Int32Array(size).fill(-1);
  best[0] = 0;
  // best[mask]: the cheapest way to match a[0 … popcount(mask) − 1] to the points of b in mask.
  for (let mask = 0; mask < size; mask++) {
    if (best[mask] === Infinity) continue;
    let i = 0;
    for (let m = mask; m; m &= m - 1) i++;
    if (i === k) continue;
    for (let j = 0; j < k; j++) {
      if (mask & (1 << j)) continue;
      const next = mask | (1 << j);
      const total = best[mask] + cost[i][j];
      if (total < best[next]) {
        best[next] = total;
        choice[next] = j;
      }
    }
  }
  const match = new Array<number>(k);
  let mask = size - 1;
  for (let i = k - 1; i >= 0; i--) {
    const j = choice[mask];
    match[i] = j;
    mask &= ~(1 << j);
  }
  return match;
}

/** A point of `from`'s prepared space in `to`'s prepared space (through original units). */
export function toModelSpace(from: PreparedModel, to: PreparedModel, point: ArrayLike<number>): number[] {
  const original = toOriginalUnits(from, point);
  const columns = Object.fromEntries(from.features.map((f, j) => [f.name, [original[j]]]));
  return Array.from(applyModel(to, columns).data);
}

/** How far `refit` (fitted on a snapshot's customers) lies from `today` (today's model's assignment of the same customers). */
export function compareWithRefit(today: FittedModel, refit: FittedModel): HistoryDrift {
  const k = today.centroids.length;
  const n = today.labels.length;
  if (refit.centroids.length !== k) throw new Error(`drift: today's model has ${k} segments, the refit ${refit.centroids.length}`);
  if (refit.labels.length !== n) throw new Error(`drift: ${n} customers assigned by today's model, ${refit.labels.length} by the refit`);
  const names = today.model.features.map((f) => f.name).join(", ");
  if (refit.model.features.map((f) => f.name).join(", ") !== names) throw new Error(`drift: the refit's features differ from today's model's (${names})`);
  const moved = refit.centroids.map((c) => toModelSpace(refit.model, today.model, c));
  const match = matchCentroids(today.centroids, moved);
  const shift = today.centroids.map((c, s) => Math.sqrt(squaredDistance(c, moved[match[s]])));
  const segmentOf = new Int32Array(k);
  match.forEach((j, s) => (segmentOf[j] = s));
  const refitSizes = new Array<number>(k).fill(0);
  let elsewhere = 0;
  for (let i = 0; i < n; i++) {
    // A label k + g is a group kept out of the clustering (net returners): the same rule on both sides, no centroid to match.
    const r = refit.labels[i];
    const s = r < k ? segmentOf[r] : r;
    if (s < k) refitSizes[s]++;
    if (s !== today.labels[i]) elsewhere++;
  }
  return {
    ari: round(n > 1 ? adjustedRandIndex(today.labels, refit.labels) : 1, 4),
    moved: round(n ? elsewhere / n : 0, 4),
    centroidShift: shift.map((x) => round(x, 4)),
    maxCentroidShift: round(Math.max(...shift), 4),
    refitSizes,
  };
}
