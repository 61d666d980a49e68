/**
 * The segmentations the workbench pages show and compare: k-means results named like the report
 * (the page's name and action overrides applied the way the report applies the config's), RFM
 * segments in the config's rule order, and the workbench settings remembered between pages.
 */
import type { RfmConfig, Scaling, SegmentationConfig } from "../config/config.js";
import { MISSING_STRATEGIES, SCALINGS, type MissingStrategy } from "../config/constants.js";
import { encodeLabels, type Labeling } from "../stats/crosstab.js";
import { resolvePlay, type Archetype, type Play, type PlaybookOverrides, type PlayOverride } from "./playbook.js";
import { rfmSegmentNames } from "../features/rfm.js";
import { NO_ACTION, NOT_SET } from "./attributePlay.js";

/** The fields of a worker segment the naming needs. */
export interface NamedResultSegment {
  segment: number;
  name: string;
  /** Null in a customers-only project: the play is then the segment's own (attributePlay.ts) with the override on top. */
  archetype: Archetype | null;
  play?: Play;
}

export type Renamed<S> = S & { name: string; automaticName: string; action: string; description: string; play: Play };

/**
 * Segments as the report names them: `names["<n>"]` replaces the automatic name; the play is the
 * archetype's, edited by the config's playbook and the segment's action override (report.ts does
 * the same). The worker ran with no overrides, so `segment.name` is the automatic name.
 */
export function applyOverrides<S extends NamedResultSegment>(
  segments: readonly S[],
  overrides: { names?: Readonly<Record<string, string>>; actions?: Readonly<Record<string, PlayOverride>>; playbook?: PlaybookOverrides } = {},
): Renamed<S>[] {
  return segments.map((s) => {
    const key = String(s.segment);
    const override = overrides.actions?.[key];
    const play = s.archetype ? resolvePlay(s.archetype, overrides.playbook, override) : withOverride(s.play ?? unsetPlay(), override);
    const name = overrides.names?.[key]?.trim();
    return { ...s, automaticName: s.name, name: name || s.name, action: play.action, description: play.description, play };
  });
}

function unsetPlay(): Play {
  return { description: "", action: NO_ACTION, channel: NOT_SET, avoid: NOT_SET, kpi: NOT_SET };
}

/** A play with a segment's override on top (text replaces the action). */
function withOverride(play: Play, override: PlayOverride | undefined): Play {
  if (typeof override === "string") return { ...play, action: override };
  return { ...play, ...override };
}

/** Names that two or more segments share (the report needs distinct names). */
export function duplicateNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const name of names) (seen.has(name) ? twice : seen).add(name);
  return [...twice];
}

/**
 * A clustering as a labeling: its segments, then the groups kept out of the clustering that have
 * customers (label codes k + g, renumbered so empty groups leave no empty row in a cross-tabulation).
 */
export function clusterLabeling(labels: Int32Array, names: readonly string[], groups: readonly { label: string; customers: number }[] = []): Labeling {
  const k = names.length;
  const kept = groups.map((g, i) => ({ ...g, code: k + i })).filter((g) => g.customers > 0);
  if (kept.length === groups.length) return { codes: labels, names: [...names, ...groups.map((g) => g.label)] };
  const code = new Map(kept.map((g, j) => [g.code, k + j]));
  return { codes: labels.map((c) => (c < k ? c : code.get(c) ?? -1)), names: [...names, ...kept.map((g) => g.label)] };
}

/** RFM segments in the config's rule order (then the "other" segment); segments with no customer left out. */
export function rfmLabeling(segments: ArrayLike<string>, rfm: RfmConfig): Labeling {
  return encodeLabels(segments, rfmSegmentNames(rfm));
}

/** What the workbench remembers in the browser (localStorage) for the compare, SQL and lookup pages. */
export interface StoredSettings extends Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit" | "names" | "categorical" | "missing" | "gamma"> {
  winsorize: [number, number] | null;
  savedAt: string;
}

export const SETTINGS_KEY = "segment-workbench:settings";


const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

/**
 * Reads stored settings back, or null when there are none or they are not usable (another version
 * wrote them, or they name features this data has not got).
 */
export function parseStoredSettings(text: string | null, knownFeatures: readonly string[]): StoredSettings | null {
  if (!text) return null;
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null) return null;
  const { features, log, scale, k, seed, nInit, winsorize, names, savedAt, categorical, missing, gamma } = raw;
  if (!isStrings(features) || !features.length || !features.every((f) => knownFeatures.includes(f))) return null;
  if (!isStrings(log) || !SCALINGS.includes(scale as Scaling)) return null;
  if (!Number.isInteger(k) || (k as number) < 2 || (k as number) > 10 || !Number.isInteger(seed) || !Number.isInteger(nInit) || (nInit as number) < 1) return null;
  const w = Array.isArray(winsorize) && winsorize.length === 2 && winsorize.every((x) => typeof x === "number") ? (winsorize as [number, number]) : null;
  const n = typeof names === "object" && names !== null && Object.values(names).every((v) => typeof v === "string") ? (names as Record<string, string>) : {};
  return {
    features,
    log: log.filter((f) => features.includes(f)),
    scale: scale as Scaling,
    k: k as number,
    seed: seed as number,
    nInit: nInit as number,
    winsorize: w,
    names: n,
    savedAt: typeof savedAt === "string" ? savedAt : "",
    categorical: isStrings(categorical) ? categorical.filter((f) => features.includes(f)) : [],
    missing: MISSING_STRATEGIES.includes(missing as MissingStrategy) ? (missing as MissingStrategy) : "exclude",
    gamma: typeof gamma === "number" && gamma > 0 ? gamma : null,
  };
}

/** One line describing a segmentation's settings, for captions. */
export function describeSettings(s: Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed"> & { winsorize?: readonly [number, number] | null }): string {
  const features = s.features.map((f) => (s.log.includes(f) ? `log ${f}` : f)).join(", ");
  return `k = ${s.k} on ${features}, ${s.scale} scaling${s.winsorize ? `, winsorized at ${s.winsorize[0]}–${s.winsorize[1]}th percentiles` : ""}, seed ${s.seed}`;
}
