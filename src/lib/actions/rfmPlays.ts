/**
 * Plays for RFM segments, so that they can be acted on (and pass the scorecard's "actionable") as the
 * k-means segments are. An RFM segment's play starts from a playbook archetype: the one its rule names
 * (`rfm.segments[i].archetype`), or else the one its name stands for: an archetype's own name
 * (compared in lower case without spaces or punctuation, with or without a final "s": "Potential
 * Loyalist" is Potential Loyalists), or one of the classic scheme's other names (RFM_NAME_ARCHETYPES).
 * Then the config's playbook edits for that archetype apply, then the rule's own `play`, as
 * `segmentation.actions` does for a k-means segment (resolvePlay).
 *
 * A segment whose name stands for no archetype and whose rule names none has no play (only its own
 * `play` fields, if any), and so does `rfm.other` unless `rfm.otherPlay` gives one: the scorecard
 * then says it has no play, rather than a play being guessed for it.
 */
import type { RfmConfig } from "../config/config.js";
import { ARCHETYPES, PLAY_FIELDS, resolvePlay, type Archetype, type Play, type PlaybookOverrides, type PlayOverride } from "../segments/playbook.js";

/**
 * The classic scheme's segment names that are not archetype names, and the archetype whose play fits
 * them: Promising (one recent-ish order, low spend) needs the second order a new customer needs;
 * About To Sleep (average-to-low recency, few orders, low spend) needs what Need Attention gets,
 * offers from past purchases before it lapses; Hibernating is Lost.
 */
export const RFM_NAME_ARCHETYPES: Readonly<Record<string, Archetype>> = {
  promising: "New Customers",
  abouttosleep: "Need Attention",
  hibernating: "Lost",
  loyal: "Loyal Customers",
  new: "New Customers",
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");
const singular = (name: string) => (name.endsWith("s") ? name.slice(0, -1) : name);

/** The archetype an RFM segment's name stands for, or null. */
export function archetypeForName(name: string): Archetype | null {
  const key = normalise(name);
  const byName = ARCHETYPES.find((a) => singular(normalise(a)) === singular(key));
  return byName ?? RFM_NAME_ARCHETYPES[key] ?? null;
}

export interface RfmSegmentPlay {
  /** The segment's name (the rule's, or rfm.other). */
  name: string;
  /** Index of its rule in rfm.segments; null for rfm.other. */
  rule: number | null;
  /** The archetype its play comes from, and whether the config named it or its name did. */
  archetype: Archetype | null;
  archetypeFrom: "config" | "name" | null;
  /** Its play; without an archetype only the fields the config gives (possibly none: null). */
  play: Partial<Play> | null;
}

/**
 * A play given without an archetype to start from (an audience's, rfm.otherPlay): the action text,
 * or the play fields given; null for none.
 */
export function playFromOverride(override: PlayOverride | undefined): Partial<Play> | null {
  if (override === undefined) return null;
  if (typeof override === "string") return { action: override };
  const fields = Object.fromEntries(PLAY_FIELDS.filter((f) => override[f] !== undefined).map((f) => [f, override[f]]));
  return Object.keys(fields).length ? fields : null;
}

/** Every RFM segment's play, in rule order, then rfm.other's. */
export function rfmPlays(rfm: RfmConfig, playbook: PlaybookOverrides = {}): RfmSegmentPlay[] {
  const rules = rfm.segments.map((rule, i): RfmSegmentPlay => {
    const fromName = archetypeForName(rule.name);
    const archetype = rule.archetype ?? fromName;
    return {
      name: rule.name,
      rule: i,
      archetype,
      archetypeFrom: rule.archetype ? "config" : fromName ? "name" : null,
      play: archetype ? resolvePlay(archetype, playbook, rule.play) : playFromOverride(rule.play),
    };
  });
  return [...rules, { name: rfm.other, rule: null, archetype: null, archetypeFrom: null, play: playFromOverride(rfm.otherPlay) }];
}
