/**
 * Naming and recommended actions. A segment's archetype comes from its medians: how long ago its
 * typical customer last bought, in days (absolute thresholds, ARCHETYPE_THRESHOLDS), and how often
 * and how much they buy against the whole base; the playbook says what to do with each archetype.
 * Both can be overridden per segment in the config. Names are distinct (naming.ts).
 */
import { distinctNames, WEAK_TRAIT_THRESHOLD, type NameCandidate, type Trait } from "./naming.js";
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
 * When a typical customer counts as lapsed, in days since their last order, and as new, in days
 * since their first. Absolute on purpose: a segment whose typical customer bought once, a year
 * ago, is lost whatever the other segments look like. Frequency and spend stay relative to the
 * base's medians, because what counts as often or much depends on the shop.
 */
export const ARCHETYPE_THRESHOLDS = {
  /** At or beyond this, a typical customer who bought once or rarely, for little, is lost. */
  lapsedDays: 365,
  /** At or beyond this, the segment has stopped buying: at risk, can't lose, or lost (one order). */
  dormantDays: 180,
  /** A first order within this many days (or a single order this recent) makes a new customer. */
  newDays: 90,
} as const;

export type ArchetypeThresholds = { [K in keyof typeof ARCHETYPE_THRESHOLDS]: number };

export interface BaseMedians {
  recency: number;
  frequency: number;
  monetary: number;
  tenure: number | null;
}

/**
 * The archetype of a segment from its medians. Lapse is absolute (ARCHETYPE_THRESHOLDS): from
 * `dormantDays` a segment has stopped buying — one order makes it Lost, otherwise it is Can't Lose
 * Them (twice the base's spend and 1.5 times its orders), At Risk, or Lost when also beyond
 * `lapsedDays` with fewer orders and less spend than the base. Before that, new, champion, bargain,
 * loyal and potential-loyalist segments are told apart by ratios to the base's medians.
 */
export function archetypeOf(segment: SegmentSummary, base: BaseMedians, thresholds: ArchetypeThresholds = ARCHETYPE_THRESHOLDS): Archetype {
  const ratio = (a: number, b: number) => (b > 0 ? a / b : a > 0 ? Infinity : 1);
  const days = segment.medianRecencyDays;
  const orders = segment.medianFrequency;
  const recent = ratio(days, base.recency);
  const frequent = ratio(orders, base.frequency);
  const valuable = ratio(segment.medianMonetary, base.monetary);
  if (days >= thresholds.dormantDays) {
    if (valuable >= 2 && frequent >= 1.5) return "Can't Lose Them";
    if (orders <= 1) return "Lost";
    if (days >= thresholds.lapsedDays && frequent < 1 && valuable < 1) return "Lost";
    return "At Risk";
  }
  const young = segment.medianTenureDays !== null && base.tenure !== null ? ratio(segment.medianTenureDays, base.tenure) : 1;
  // Without a tenure, a single order is also the first: its recency is the tenure.
  const tenureDays = segment.medianTenureDays ?? (orders <= 1 ? days : null);
  if (frequent <= 1 && (young <= 0.35 || (tenureDays !== null && tenureDays <= thresholds.newDays))) return "New Customers";
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

/** What sets a segment apart from the base, in words, for telling apart segments of one archetype. */
export function behaviourTraits(segment: SegmentSummary, base: BaseMedians): Trait[] {
  const logRatio = (a: number, b: number) => (a > 0 && b > 0 ? Math.log(a / b) : 0);
  const baseAov = base.frequency > 0 ? base.monetary / base.frequency : 0;
  const traits: Trait[] = [
    { feature: "recency_days", score: logRatio(segment.medianRecencyDays, base.recency), high: "long since last order", low: "more recent" },
    { feature: "frequency", score: logRatio(segment.medianFrequency, base.frequency), high: "frequent", low: "few orders" },
    { feature: "monetary", score: logRatio(segment.medianMonetary, base.monetary), high: "high spend", low: "low spend" },
    { feature: "avg_order_value", score: logRatio(segment.avgOrderValue, baseAov), high: "large baskets", low: "small baskets" },
    ...(segment.medianTenureDays !== null && base.tenure !== null
      ? [{ feature: "tenure_days", score: logRatio(segment.medianTenureDays, base.tenure), high: "long-standing", low: "recently joined" }]
      : []),
  ]
    .filter((t) => Math.abs(t.score) >= WEAK_TRAIT_THRESHOLD)
    .map((t) => ({ feature: t.feature, score: t.score, phrase: t.score > 0 ? t.high : t.low }));
  return traits.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || (a.feature < b.feature ? -1 : 1));
}

/**
 * Names every segment by its archetype, applying config overrides. Names are distinct: segments of
 * one archetype are told apart by what distinguishes them ("Lost, low spend", "Lost, frequent").
 */
export function nameSegments(
  segments: SegmentSummary[],
  base: BaseMedians,
  overrides: { names?: Record<string, string>; actions?: Record<string, PlayOverride>; playbook?: PlaybookOverrides; thresholds?: ArchetypeThresholds } = {},
): NamedSegment[] {
  const archetypes = segments.map((segment) => archetypeOf(segment, base, overrides.thresholds));
  const candidates = segments.map((segment, i): NameCandidate => ({
    base: archetypes[i],
    traits: behaviourTraits(segment, base),
    lead: 0,
    values: {
      recency_days: segment.medianRecencyDays,
      frequency: segment.medianFrequency,
      monetary: segment.medianMonetary,
      avg_order_value: segment.avgOrderValue,
    },
    size: segment.customers,
  }));
  const labels = { recency_days: "recency", frequency: "frequency", monetary: "spend", avg_order_value: "basket" };
  const names = distinctNames(candidates, segments.map((s) => overrides.names?.[String(s.segment)]), { labels });
  return segments.map((segment, i) => {
    const archetype = archetypes[i];
    const play = resolvePlay(archetype, overrides.playbook, overrides.actions?.[String(segment.segment)]);
    return { ...segment, name: names[i], archetype, description: play.description, action: play.action, play };
  });
}

/**
 * "At risk" by the CLV models (when predictions are published): a customer whose past value is high
 * (net revenue at or above the whole base's median) but who is likely to have stopped buying (P(alive)
 * below `maxPAlive`, BG/NBD). What to do with them is the At Risk play. A segment is flagged when at
 * least `segmentShare` of its customers are.
 */
export const AT_RISK_RULE = {
  /** Below this P(alive), a customer is more likely gone than not. */
  maxPAlive: 0.5,
  /** Share of a segment's customers at risk from which the segment is flagged. */
  segmentShare: 0.5,
} as const;

/** Whether a customer is at risk by AT_RISK_RULE: past revenue at or above the base's median, P(alive) below the limit. */
export function isAtRisk(monetary: number, pAlive: number, baseMedianMonetary: number, rule: { maxPAlive: number } = AT_RISK_RULE): boolean {
  return monetary >= baseMedianMonetary && pAlive < rule.maxPAlive;
}
