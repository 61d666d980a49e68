/**
 * Segment names that describe, and are never repeated.
 *
 * A segment's traits are what sets it apart from everyone, each with an effect size on one scale:
 * - a numeric feature: its standardized difference, (segment mean − overall mean) / overall
 *   standard deviation (in the space the clustering saw), "high income" or "low income";
 * - a categorical feature: its segment's most common category, when it covers at least half the
 *   segment, with the standardized difference of that category's share,
 *   (share in the segment − share overall) / √(share overall × (1 − share overall)): the same
 *   measure for the category's 0/1 indicator. "Retail channel" (or "mostly Retail channel" under 75 %).
 *
 * An attribute segment is named by its NAME_TRAITS strongest traits of at least TRAIT_THRESHOLD
 * ("Young, high spending score"); one without any is "Close to average". When two segments would
 * get the same name, each gets the strongest further trait that the others lack ("Lost, low spend"
 * and "Lost, frequent"), down to weaker traits ("slightly older") and, when none is left, a
 * comparison on the feature where they differ most ("lower income", "higher income"). Never a number
 * (segments identical on every feature, which k-means and k-prototypes do not produce, are
 * "larger"/"smaller", or "identical profile A", "B", …).
 *
 * A missing indicator (`income_missing`, segmentation.missing `indicator`) reads "income missing" or
 * "income given", and is one trait with the feature it flags, so no name says a feature twice.
 *
 * Behavioural segments keep their archetype as the name (plays are keyed by it, see playbook.ts);
 * repeated archetypes are told apart the same way, from their medians against the whole base.
 */
import { featureLabel } from "../cluster/featureLabel.js";

/** Smallest effect size (standardized difference) a trait needs to be part of a name. */
export const TRAIT_THRESHOLD = 0.5;
/** Smallest effect size of a weaker trait used only to tell two segments apart ("slightly …"). */
export const WEAK_TRAIT_THRESHOLD = 0.15;
/** Traits in an attribute segment's name. */
export const NAME_TRAITS = 2;
/** Share of a segment its most common category needs to describe it. */
export const CATEGORY_SHARE = 0.5;
/** Share above which the category is named plainly, below which "mostly …". */
export const CATEGORY_SHARE_PLAIN = 0.75;

export interface NumericTraitInput {
  name: string;
  mean: number;
  overallMean: number;
  /** (segment mean − overall mean) / overall standard deviation. */
  standardized: number;
}

export interface CategoricalTraitInput {
  name: string;
  /** The segment's most common category and its share of the segment. */
  mode: string;
  modeShare: number;
  /** That category's share of everyone. */
  overallShare: number;
}

export interface SegmentTraitsInput {
  numeric: readonly NumericTraitInput[];
  categorical: readonly CategoricalTraitInput[];
}

export interface Trait {
  feature: string;
  /** Plain words: "young", "high income", "Retail channel". */
  phrase: string;
  /** Signed effect size (positive: above everyone, or a category over-represented). */
  score: number;
}

export interface NamingOptions {
  /** Words for features ("spend_fresh" → "fresh spend"); by default underscores become spaces. */
  labels?: Readonly<Record<string, string>>;
}

const tokens = (name: string) => name.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const has = (name: string, ...words: string[]) => tokens(name).some((t) => words.includes(t));

/** Plain words for a numeric feature being above or below everyone. */
export function numericPhrase(name: string, high: boolean, options: NamingOptions = {}): string {
  const label = options.labels?.[name] ?? featureLabel(name);
  if (!options.labels?.[name]) {
    if (has(name, "age")) return high ? "older" : "young";
    if (has(name, "tenure")) return high ? "long-standing" : "recently joined";
    if (has(name, "recency")) return high ? "long since last order" : "recent buyers";
  }
  return `${high ? "high" : "low"} ${label}`;
}

const GENDER_WORDS: Record<string, string> = { f: "women", female: "women", w: "women", woman: "women", m: "men", male: "men", man: "men" };

/** The feature a 0/1 missing indicator flags (`income_missing` → `income`, missing.ts), or null. */
function flaggedFeature(name: string, value: string): string | null {
  const indicator = /^(.+)_missing$/.exec(name);
  return indicator && (value === "1" || value === "0") ? indicator[1] : null;
}

/** Plain words for a category: "Retail channel", "Spain", "women", "250-999 employees"; an indicator's "income missing" or "income given". */
export function categoryPhrase(name: string, value: string, options: NamingOptions = {}): string {
  const label = options.labels?.[name] ?? featureLabel(name);
  const flagged = flaggedFeature(name, value);
  if (flagged !== null) return `${options.labels?.[flagged] ?? featureLabel(flagged)} ${value === "1" ? "missing" : "given"}`;
  if (!options.labels?.[name]) {
    if (has(name, "gender", "sex")) return GENDER_WORDS[value.toLowerCase()] ?? `gender ${value}`;
    if (has(name, "country", "region", "city", "state", "area", "location", "industry", "sector", "segment")) return value;
    if (has(name, "employees", "employee", "headcount")) return `${value} employees`;
  }
  return `${value} ${label}`;
}

/** Effect size of a category's share: the standardized difference of its 0/1 indicator. */
export function categoryEffect(share: number, overallShare: number): number {
  const spread = Math.sqrt(overallShare * (1 - overallShare));
  return spread > 0 ? (share - overallShare) / spread : 0;
}

/**
 * Every trait of a segment, strongest first (ties by feature name), one per feature: a missing
 * indicator and the feature it flags describe one thing. When the indicator says the feature is
 * missing for most of the segment, the feature's own trait goes (its values there are mostly the
 * fill value, not observations: "high income" would describe the median); when it says given, the
 * indicator goes (the feature's trait says more; "Low income, income given" repeats itself).
 */
export function segmentTraits(segment: SegmentTraitsInput, options: NamingOptions = {}): Trait[] {
  const traits: Trait[] = [];
  const indicators: { indicator: string; flagged: string; missing: boolean }[] = [];
  for (const f of segment.numeric) {
    if (!Number.isFinite(f.standardized) || f.standardized === 0) continue;
    traits.push({ feature: f.name, phrase: numericPhrase(f.name, f.standardized > 0, options), score: f.standardized });
  }
  for (const f of segment.categorical) {
    if (!(f.modeShare >= CATEGORY_SHARE)) continue;
    const score = categoryEffect(f.modeShare, f.overallShare);
    if (!(score > 0)) continue;
    const phrase = categoryPhrase(f.name, f.mode, options);
    traits.push({ feature: f.name, phrase: f.modeShare >= CATEGORY_SHARE_PLAIN ? phrase : `mostly ${phrase}`, score });
    const flagged = flaggedFeature(f.name, f.mode);
    if (flagged !== null) indicators.push({ indicator: f.name, flagged, missing: f.mode === "1" });
  }
  const drop = new Set<string>();
  for (const { indicator, flagged, missing } of indicators) if (traits.some((t) => t.feature === flagged)) drop.add(missing ? flagged : indicator);
  return traits.filter((t) => !drop.has(t.feature)).sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
}

const capitalise = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

export interface NameCandidate {
  /** A fixed lead ("Lost"), or null: the name is only traits. */
  base: string | null;
  /** Traits strongest first (`segmentTraits`). */
  traits: readonly Trait[];
  /** How many of the strongest traits of at least TRAIT_THRESHOLD lead the name (0 for archetypes). */
  lead: number;
  /** A value per feature for the last resort, comparing segments that share every trait (means or medians). */
  values: Readonly<Record<string, number>>;
  /** For the very last resort: segments identical on every feature are told apart by size. */
  size: number;
}

function compose(candidate: NameCandidate, phrases: string[]): string {
  if (candidate.base !== null) return phrases.length ? `${candidate.base}, ${phrases.join(", ")}` : candidate.base;
  return phrases.length ? capitalise(phrases.join(", ")) : "Close to average";
}

const weakPhrase = (t: Trait) => (Math.abs(t.score) >= TRAIT_THRESHOLD ? t.phrase : `slightly ${t.phrase.replace(/^mostly /, "")}`);

/** Comparative words for the last resort: by rank on one feature among m segments. */
function comparative(label: string, rank: number, m: number): string {
  if (m === 2) return `${rank === 0 ? "lower" : "higher"} ${label}`;
  if (rank === 0) return `lowest ${label}`;
  if (rank === m - 1) return `highest ${label}`;
  return m === 3 ? `mid ${label}` : `${rank < m / 2 ? "lower" : "higher"} ${label}`;
}

/**
 * Distinct names for candidates (see the module comment). `fixed` names (config overrides) are kept
 * as they are; an automatic name equal to one is told apart like any other repeat.
 */
export function distinctNames(candidates: readonly NameCandidate[], fixed: readonly (string | undefined)[] = [], options: NamingOptions = {}): string[] {
  const phrases: string[][] = candidates.map((c) => c.traits.filter((t) => Math.abs(t.score) >= TRAIT_THRESHOLD).slice(0, c.lead).map((t) => t.phrase));
  const usedFeatures: Set<string>[] = candidates.map((c) => new Set(c.traits.filter((t) => Math.abs(t.score) >= TRAIT_THRESHOLD).slice(0, c.lead).map((t) => t.feature)));
  const names = () => candidates.map((c, i) => fixed[i] ?? compose(c, phrases[i]));
  const repeats = (current: string[]) => {
    const groups = new Map<string, number[]>();
    current.forEach((name, i) => groups.set(name.toLowerCase(), [...(groups.get(name.toLowerCase()) ?? []), i]));
    return [...groups.values()].filter((g) => g.length > 1).map((g) => g.filter((i) => fixed[i] === undefined)).filter((g) => g.length > 0);
  };
  for (let round = 0; round < 2 * (candidates.length + 8); round++) {
    const groups = repeats(names());
    if (!groups.length) return names();
    let changed = false;
    for (const group of groups) {
      // A trait of one member that no other member of the group has (same feature, same words).
      const phraseSets = group.map((i) => new Set(candidates[i].traits.filter((t) => Math.abs(t.score) >= WEAK_TRAIT_THRESHOLD).map((t) => t.phrase)));
      let added = false;
      group.forEach((i, g) => {
        const own = candidates[i].traits.find(
          (t) => Math.abs(t.score) >= WEAK_TRAIT_THRESHOLD && !usedFeatures[i].has(t.feature) && phraseSets.every((set, h) => h === g || !set.has(t.phrase)),
        );
        if (own) {
          phrases[i].push(weakPhrase(own));
          usedFeatures[i].add(own.feature);
          added = true;
        }
      });
      if (added) {
        changed = true;
        continue;
      }
      // No member has a trait of its own: compare them on the feature where they differ most.
      const features = [...new Set(group.flatMap((i) => Object.keys(candidates[i].values)))].filter((f) => group.every((i) => !usedFeatures[i].has(f)));
      let best: string | null = null;
      let bestSpread = 0;
      for (const f of features.sort()) {
        const values = group.map((i) => candidates[i].values[f]);
        if (!values.every(Number.isFinite)) continue;
        const lo = Math.min(...values);
        const hi = Math.max(...values);
        const spread = (hi - lo) / (Math.abs(hi) + Math.abs(lo) || 1);
        if (spread > bestSpread) (bestSpread = spread), (best = f);
      }
      if (best !== null) {
        const f = best;
        const order = [...group].sort((a, b) => candidates[a].values[f] - candidates[b].values[f] || a - b);
        const label = options.labels?.[f] ?? featureLabel(f);
        order.forEach((i, rank) => {
          // Members tied on this feature stay together and are told apart in a later round.
          const value = candidates[i].values[f];
          const tiedRank = order.findIndex((j) => candidates[j].values[f] === value);
          phrases[i].push(comparative(label, tiedRank, order.length));
          usedFeatures[i].add(f);
        });
        changed = true;
        continue;
      }
      // Identical on every feature: by size when sizes differ, else say so.
      const order = [...group].sort((a, b) => candidates[b].size - candidates[a].size || a - b);
      const sizes = new Set(order.map((i) => candidates[i].size));
      order.forEach((i, rank) => {
        const words = sizes.size === order.length && order.length === 2 ? (rank === 0 ? "larger" : "smaller") : `identical profile ${String.fromCharCode(65 + (rank % 26))}`;
        phrases[i].push(words);
        usedFeatures[i].add("size");
      });
      changed = true;
    }
    if (!changed) break;
  }
  const final = names();
  if (repeats(final).length) throw new Error(`could not give distinct names to segments: ${final.join("; ")}`);
  return final;
}

/** Names for attribute segments, from their traits: distinct, in plain words. */
export function nameAttributeSegments(segments: readonly (SegmentTraitsInput & { size: number })[], options: NamingOptions & { fixed?: readonly (string | undefined)[] } = {}): string[] {
  const candidates = segments.map((s): NameCandidate => ({
    base: null,
    traits: segmentTraits(s, options),
    lead: NAME_TRAITS,
    values: Object.fromEntries(s.numeric.map((f) => [f.name, f.mean])),
    size: s.size,
  }));
  return distinctNames(candidates, options.fixed ?? [], options);
}
