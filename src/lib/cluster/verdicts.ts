/**
 * What the pages say about a measure: the words for a stability result and for an adjusted Rand
 * index between two segmentations. The thresholds live here, once, with their tests.
 */
import type { Stability } from "./describe.js";

/** Lowest adjusted Rand index over the stability runs at which a clustering counts as stable, mostly stable. */
export const STABLE_ARI = 0.9;
export const MOSTLY_STABLE_ARI = 0.75;

export function stabilityVerdict(stability: Pick<Stability, "min">): string {
  if (stability.min >= STABLE_ARI) return "stable: the same segments come back whatever the start";
  if (stability.min >= MOSTLY_STABLE_ARI) return "mostly stable: some customers near the borders move";
  return "unstable: the segments depend on the start; try another k, fewer features or more restarts";
}

/** How alike two segmentations are, from their adjusted Rand index: [lowest ARI, words], highest first. */
export const ARI_VERDICTS: readonly (readonly [number, string])[] = [
  [0.9, "nearly the same segments"],
  [0.5, "broadly similar segments"],
  [0.2, "partly overlapping segments"],
];

export function ariVerdict(ari: number): string {
  for (const [lowest, words] of ARI_VERDICTS) if (ari >= lowest) return words;
  return "different segmentations";
}
