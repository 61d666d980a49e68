/**
 * Naming and recommended actions. A segment's archetype comes from how its medians compare with
 * the whole base (recent? frequent? valuable? new?); the playbook says what to do with each
 * archetype. Both can be overridden per segment in the config.
 */
import type { SegmentSummary } from "./summary.js";

export type Archetype =
  | "Champions"
  | "Loyal Customers"
  | "New Customers"
  | "Potential Loyalists"
  | "Bargain Hunters"
  | "At Risk"
  | "Can't Lose Them"
  | "Lost"
  | "Need Attention";

export interface Play {
  /** One line: who these customers are. */
  description: string;
  /** What to do and offer. */
  action: string;
  /** Through which channel. */
  channel: string;
  /** What to avoid. */
  avoid: string;
  /** The KPI to watch. */
  kpi: string;
}

/** The fields of a play, in display order. */
export const PLAY_FIELDS: readonly (keyof Play)[] = ["description", "action", "channel", "avoid", "kpi"];

/** Edits to the built-in playbook, by archetype (the config's `playbook`): only the fields given change. */
export type PlaybookOverrides = Partial<Record<Archetype, Partial<Play>>>;

/** A per-segment override (the config's `segmentation.actions["<n>"]`): the action text, or any fields of a play. */
export type PlayOverride = string | Partial<Play>;

export const PLAYBOOK: Record<Archetype, Play> = {
  Champions: {
    description: "Bought recently, buy often and spend the most.",
    action: "Reward them: early access, loyalty perks and referral asks; no discounts needed.",
    channel: "Email and account pages",
    avoid: "Blanket discounts that give away margin they would pay anyway",
    kpi: "Retention rate and revenue per customer",
  },
  "Loyal Customers": {
    description: "Buy regularly and recently, with solid spend.",
    action: "Upsell higher-value products and enrol them in the loyalty programme.",
    channel: "Email and personalised recommendations",
    avoid: "Over-messaging",
    kpi: "Orders per customer and average order value",
  },
  "New Customers": {
    description: "First purchases were recent; the relationship is young.",
    action: "Onboard them: welcome series, second-order incentive, product education.",
    channel: "Email welcome flow",
    avoid: "Heavy promotions before the second order shows intent",
    kpi: "Second-order rate within 60 days",
  },
  "Potential Loyalists": {
    description: "Recent customers with a few orders and growing spend.",
    action: "Recommend related products and offer membership to turn them into regulars.",
    channel: "Email and on-site recommendations",
    avoid: "Generic newsletters",
    kpi: "Repeat purchase rate",
  },
  "Bargain Hunters": {
    description: "Order often but spend little per order, drawn by price.",
    action: "Bundle offers and free-shipping thresholds that lift basket size.",
    channel: "Email promotions and the sale page",
    avoid: "Deeper discounts that only move margin",
    kpi: "Average order value and margin per order",
  },
  "At Risk": {
    description: "Used to buy often and spend well, but have not bought for a long time.",
    action: "Win them back with a personal reactivation offer and a what-is-new message.",
    channel: "Email and retargeting",
    avoid: "Treating them like new customers",
    kpi: "Reactivation rate within 90 days",
  },
  "Can't Lose Them": {
    description: "Among the most valuable customers, now silent for a long time.",
    action: "Reach out personally with a strong, exclusive win-back offer and ask what went wrong.",
    channel: "Personal email or phone from customer service",
    avoid: "Automated mass campaigns",
    kpi: "Reactivated revenue",
  },
  Lost: {
    description: "Bought once or rarely, long ago, with low spend.",
    action: "Include only in low-cost reactivation campaigns; otherwise stop spending on them.",
    channel: "Occasional email",
    avoid: "Paid media spend",
    kpi: "Cost per reactivation",
  },
  "Need Attention": {
    description: "Average on recency, frequency and spend.",
    action: "Limited-time offers based on past purchases to move them up a tier.",
    channel: "Email",
    avoid: "Ignoring them until they lapse",
    kpi: "Share moving to a higher-value segment",
  },
};

export const ARCHETYPES = Object.keys(PLAYBOOK) as Archetype[];

/**
 * The play for a segment: the built-in playbook's entry for its archetype, then the config's
 * playbook edits for that archetype, then the segment's own override (a string replaces the action).
 */
export function resolvePlay(archetype: Archetype, playbook: PlaybookOverrides = {}, override?: PlayOverride): Play {
  const play: Play = { ...PLAYBOOK[archetype], ...playbook[archetype] };
  if (typeof override === "string") return { ...play, action: override };
  return { ...play, ...override };
}

/**
 * The archetype of a segment from its medians against the whole base's medians.
 * Ratios rather than absolute thresholds, so the rules fit any shop's scale.
 */
export function archetypeOf(segment: SegmentSummary, base: { recency: number; frequency: number; monetary: number; tenure: number | null }): Archetype {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : 1);
  const recent = ratio(segment.medianRecencyDays, base.recency);
  const frequent = ratio(segment.medianFrequency, base.frequency);
  const valuable = ratio(segment.medianMonetary, base.monetary);
  const young = segment.medianTenureDays !== null && base.tenure !== null ? ratio(segment.medianTenureDays, base.tenure) : 1;
  if (recent >= 2) {
    if (valuable >= 2 && frequent >= 1.5) return "Can't Lose Them";
    if (valuable >= 1 || frequent >= 1.5) return "At Risk";
    return "Lost";
  }
  if (young <= 0.35 && frequent <= 1) return "New Customers";
  if (recent <= 0.75 && frequent >= 2 && valuable >= 2) return "Champions";
  // Many orders but spend far below what that many orders would suggest: small, price-driven baskets.
  if (frequent >= 1.5 && valuable / frequent < 0.6) return "Bargain Hunters";
  if (recent <= 1 && frequent >= 1.25) return "Loyal Customers";
  if (recent <= 0.75) return "Potential Loyalists";
  return "Need Attention";
}

export interface NamedSegment extends SegmentSummary {
  name: string;
  archetype: Archetype;
  description: string;
  action: string;
  play: Play;
}

/** Names every segment (unique names: a repeated archetype gets "2", "3"), applying config overrides. */
export function nameSegments(
  segments: SegmentSummary[],
  base: { recency: number; frequency: number; monetary: number; tenure: number | null },
  overrides: { names?: Record<string, string>; actions?: Record<string, PlayOverride>; playbook?: PlaybookOverrides } = {},
): NamedSegment[] {
  const seen = new Map<string, number>();
  return segments.map((segment) => {
    const archetype = archetypeOf(segment, base);
    const count = (seen.get(archetype) ?? 0) + 1;
    seen.set(archetype, count);
    const key = String(segment.segment);
    const play = resolvePlay(archetype, overrides.playbook, overrides.actions?.[key]);
    return {
      ...segment,
      name: overrides.names?.[key] ?? (count > 1 ? `${archetype} ${count}` : archetype),
      archetype,
      description: play.description,
      action: play.action,
      play,
    };
  });
}
