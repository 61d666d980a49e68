/**
 * The play of a segment without an archetype (a customers-only project: no purchases to read an
 * archetype from): its description says, with the figures, what sets it apart; the action and the
 * rest are the config's (segmentation.actions."<n>") or say plainly that none is set. Never a
 * behavioural play guessed for customers whose purchases are unknown.
 */
import { featureLabel } from "../cluster/featureLabel.js";
import { formatDecimal, formatShare } from "../io/format.js";
import { TRAIT_THRESHOLD, type SegmentTraitsInput, type Trait } from "./naming.js";
import type { Play, PlayOverride } from "./playbook.js";

/** What a play field without a value says. */
export const NOT_SET = "Not set";

/** The action of a segment whose play is not set. */
export const NO_ACTION = 'No play yet: write one for this segment in workbench.config.json (segmentation.actions."<n>"), or on the Segment workbench.';

/** Traits in a description: the strongest of at least TRAIT_THRESHOLD. */
export const DESCRIBED_TRAITS = 3;

/** "Young (mean age 24 against 45 for everyone); mostly students (62% against 18%)." */
export function describeTraits(traits: readonly Trait[], segment: SegmentTraitsInput): string {
  const shown = traits.filter((t) => Math.abs(t.score) >= TRAIT_THRESHOLD).slice(0, DESCRIBED_TRAITS);
  if (!shown.length) return "Close to the average customer on every clustered feature.";
  const parts = shown.map((t) => {
    const numeric = segment.numeric.find((f) => f.name === t.feature);
    if (numeric) return `${t.phrase} (mean ${featureLabel(t.feature)} ${formatDecimal(numeric.mean)} against ${formatDecimal(numeric.overallMean)} for everyone)`;
    const categorical = segment.categorical.find((f) => f.name === t.feature);
    if (categorical) return `${t.phrase} (${formatShare(categorical.modeShare)} against ${formatShare(categorical.overallShare)} of everyone)`;
    return t.phrase;
  });
  const text = parts.join("; ");
  return `${text[0].toUpperCase()}${text.slice(1)}.`;
}

/** The play: the description from the traits, the config's override on top, NOT_SET for the rest. */
export function attributePlay(traits: readonly Trait[], segment: SegmentTraitsInput, override?: PlayOverride): Play {
  const play: Play = { description: describeTraits(traits, segment), action: NO_ACTION, channel: NOT_SET, avoid: NOT_SET, kpi: NOT_SET };
  if (typeof override === "string") return { ...play, action: override };
  return { ...play, ...override };
}
