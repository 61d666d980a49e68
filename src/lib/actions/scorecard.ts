/**
 * The segment scorecard: is a segment worth acting on? Each segment of a labelling (k-means
 * clusters, RFM segments, audiences) is held against the classic criteria of a good segment
 * (Kotler's measurable, substantial, accessible, differentiable and actionable, with stability
 * added because a segment that does not come back is not one to invest in), each with a verdict
 * and the reason in plain words:
 *
 * - measurable: its size and value are known, and at least `minCompleteShare` of its customers have
 *   complete data;
 * - substantial: at least `minCustomers` customers, and at least `minCustomerShare` of all customers
 *   or `minRevenueShare` of all revenue (a small segment that brings much revenue is substantial);
 * - distinct: its members' mean silhouette is at least `minSilhouette` (0.25: Kaufman and
 *   Rousseeuw's floor for a weak but real structure), with the nearest segment and its share of
 *   the F statistic as context; for overlapping audiences, at most `maxOverlap` of its customers in
 *   any one other audience;
 * - stable: it comes back, by the per-segment Jaccard index (segmentStability.ts; or the labelling's
 *   adjusted Rand index when that is all there is) across seeds and against the previous snapshot,
 *   each at least `minStability` (0.75, Hennig's threshold for a stable cluster);
 * - accessible: at least `minReachableShare` of its customers are reachable through a consent or
 *   contact channel column (reachability.ts);
 * - actionable: it has a play with an action and a KPI.
 *
 * A criterion without evidence is "unknown" and says what is missing, never a pass. Pure: plain
 * numbers in, verdicts out; the callers measure (metrics.ts, separation.ts, segmentStability.ts,
 * reachability.ts) and the thresholds come from the config's `scorecard` section.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../io/format.js";
import type { Play } from "../segments/playbook.js";
import type { Reach } from "./reachability.js";

export const SCORECARD_DEFAULTS = {
  minCompleteShare: 0.95,
  minCustomers: 30,
  minCustomerShare: 0.02,
  minRevenueShare: 0.02,
  minSilhouette: 0.25,
  maxOverlap: 0.5,
  minStability: 0.75,
  minReachableShare: 0.5,
} as const;

export type ScorecardThresholds = { [K in keyof typeof SCORECARD_DEFAULTS]: number };

export const CRITERIA = ["measurable", "substantial", "distinct", "stable", "accessible", "actionable"] as const;
export type Criterion = (typeof CRITERIA)[number];

export type Verdict = "pass" | "fail" | "unknown";

/** What is known about one segment. Leave out (or null) what was not measured. */
export interface SegmentFacts {
  segment: string | number;
  name: string;
  customers: number;
  /** Its revenue (or the project's value measure); null when unknown. */
  revenue: number | null;
  /** Customers with every feature in use known. */
  completeCustomers?: number | null;
  /** Mean silhouette of its members. */
  silhouette?: number | null;
  /** Nearest segment (separation.ts): its name, the centroid distance over the two spreads, and this segment's share of the between-segment sum of squares. */
  separation?: { nearest: string; ratio: number; fContribution: number } | null;
  /** Overlapping labellings (audiences): the other segment holding most of its customers (null: none holds any), and that share. */
  overlap?: { with: string | null; share: number } | null;
  /** Jaccard (or ARI) across seeds, and against the previous snapshot. */
  stability?: { measure: "Jaccard" | "ARI"; seeds?: number | null; previous?: number | null; previousLabel?: string } | null;
  reach?: Reach | null;
  play?: Partial<Play> | null;
}

export interface Totals {
  customers: number;
  revenue: number | null;
}

export interface CriterionResult {
  criterion: Criterion;
  verdict: Verdict;
  /** Plain words: the measured value against the threshold, or what is missing. */
  reason: string;
}

export interface SegmentScore {
  segment: string | number;
  name: string;
  /** pass: every criterion passes; fail: at least one fails; unknown: none fails but some are not measured. */
  verdict: Verdict;
  summary: string;
  criteria: CriterionResult[];
}

const known = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);
const result = (criterion: Criterion, verdict: Verdict, reason: string): CriterionResult => ({ criterion, verdict, reason });
const ge = (ok: boolean) => (ok ? "≥" : "<");
const quoted = (text: string) => `“${text}”`;

function measurable(f: SegmentFacts, t: ScorecardThresholds, currency: string | null): CriterionResult {
  if (!(f.customers > 0)) return result("measurable", "fail", "no customers");
  if (!known(f.revenue)) return result("measurable", "fail", `${formatCount(f.customers)} customers, but their revenue is unknown`);
  const size = `${formatCount(f.customers)} customers, revenue ${formatMoney(f.revenue, currency)}`;
  if (!known(f.completeCustomers)) return result("measurable", "unknown", `${size}; how many have complete data was not measured`);
  const share = f.completeCustomers / f.customers;
  const ok = share >= t.minCompleteShare;
  return result("measurable", ok ? "pass" : "fail", `${size}; ${formatShare(share)} with complete data (${ge(ok)} ${formatShare(t.minCompleteShare)})`);
}

function substantial(f: SegmentFacts, totals: Totals, t: ScorecardThresholds): CriterionResult {
  if (f.customers < t.minCustomers) return result("substantial", "fail", `only ${formatCount(f.customers)} customers (fewer than ${formatCount(t.minCustomers)})`);
  const customerShare = totals.customers > 0 ? f.customers / totals.customers : 0;
  const revenueShare = known(f.revenue) && known(totals.revenue) && totals.revenue > 0 ? f.revenue / totals.revenue : null;
  const customersOk = customerShare >= t.minCustomerShare;
  const revenueOk = revenueShare !== null && revenueShare >= t.minRevenueShare;
  const customersText = `${formatShare(customerShare)} of customers (${ge(customersOk)} ${formatShare(t.minCustomerShare)})`;
  const revenueText = revenueShare === null ? "revenue share unknown" : `${formatShare(revenueShare)} of revenue (${ge(revenueOk)} ${formatShare(t.minRevenueShare)})`;
  if (customersOk || revenueOk) return result("substantial", "pass", `${customersText} and ${revenueText}`);
  if (revenueShare === null) return result("substantial", "unknown", `${customersText}; ${revenueText}`);
  return result("substantial", "fail", `${customersText} and ${revenueText}: under both floors`);
}

function distinct(f: SegmentFacts, t: ScorecardThresholds): CriterionResult {
  const context = f.separation
    ? `; nearest segment ${quoted(f.separation.nearest)}, centroids ${formatDecimal(f.separation.ratio)} × their spreads apart; ${formatShare(f.separation.fContribution)} of the F statistic`
    : "";
  if (known(f.silhouette)) {
    const ok = f.silhouette >= t.minSilhouette;
    const why = f.silhouette < 0 ? ": its members are on average closer to another segment" : "";
    return result("distinct", ok ? "pass" : "fail", `silhouette ${f.silhouette.toFixed(2)} (${ge(ok)} ${t.minSilhouette.toFixed(2)})${why}${context}`);
  }
  if (f.overlap) {
    if (f.overlap.with === null || f.overlap.share === 0) return result("distinct", "pass", "none of its customers is in another audience");
    const ok = f.overlap.share <= t.maxOverlap;
    return result("distinct", ok ? "pass" : "fail", `${formatShare(f.overlap.share)} of its customers are also in ${quoted(f.overlap.with)} (${ok ? "≤" : ">"} ${formatShare(t.maxOverlap)})`);
  }
  return result("distinct", "unknown", `no silhouette or overlap measured${context}`);
}

function stable(f: SegmentFacts, t: ScorecardThresholds): CriterionResult {
  const s = f.stability;
  const parts: string[] = [];
  let fails = false;
  if (s && known(s.seeds)) {
    const ok = s.seeds >= t.minStability;
    fails ||= !ok;
    parts.push(`${s.measure} ${s.seeds.toFixed(2)} across seeds (${ge(ok)} ${t.minStability.toFixed(2)})`);
  }
  if (s && known(s.previous)) {
    const ok = s.previous >= t.minStability;
    fails ||= !ok;
    parts.push(`${s.measure} ${s.previous.toFixed(2)} against ${s.previousLabel ?? "the previous snapshot"} (${ge(ok)} ${t.minStability.toFixed(2)})`);
  }
  if (!parts.length) return result("stable", "unknown", "not measured across seeds or snapshots");
  return result("stable", fails ? "fail" : "pass", parts.join("; "));
}

function accessible(f: SegmentFacts, t: ScorecardThresholds): CriterionResult {
  const r = f.reach;
  if (!r || r.columns.length === 0) return result("accessible", "unknown", "no consent or contact channel column (name one in scorecard.contactColumns)");
  const names = r.columns.map(quoted).join(", ");
  if (r.recognised === 0) {
    return result("accessible", "unknown", `${names} holds no consent or contact channel value for these customers (yes/no, email, sms, phone, post…): is it an acquisition channel?`);
  }
  const share = r.customers > 0 ? r.reachable / r.customers : 0;
  const ok = share >= t.minReachableShare;
  return result("accessible", ok ? "pass" : "fail", `${formatShare(share)} reachable through ${names} (${ge(ok)} ${formatShare(t.minReachableShare)})`);
}

function actionable(f: SegmentFacts): CriterionResult {
  const action = f.play?.action?.trim();
  const kpi = f.play?.kpi?.trim();
  if (!action) return result("actionable", "fail", "no play: give it an action and a KPI");
  if (!kpi) return result("actionable", "fail", "its play has no KPI to tell whether it worked");
  return result("actionable", "pass", `a play with a KPI: ${quoted(kpi)}`);
}

export interface ScorecardOptions {
  /** ISO 4217 code the revenue in the reasons is shown in (null: a plain number). */
  currency?: string | null;
}

/** One segment against every criterion. */
export function scoreSegment(facts: SegmentFacts, totals: Totals, thresholds: ScorecardThresholds = SCORECARD_DEFAULTS, options: ScorecardOptions = {}): SegmentScore {
  const criteria = [
    measurable(facts, thresholds, options.currency ?? null),
    substantial(facts, totals, thresholds),
    distinct(facts, thresholds),
    stable(facts, thresholds),
    accessible(facts, thresholds),
    actionable(facts),
  ];
  const failed = criteria.filter((c) => c.verdict === "fail").map((c) => c.criterion);
  const unknown = criteria.filter((c) => c.verdict === "unknown").map((c) => c.criterion);
  const verdict: Verdict = failed.length ? "fail" : unknown.length ? "unknown" : "pass";
  const summary = failed.length
    ? `Not yet worth acting on: fails ${failed.join(", ")}${unknown.length ? `; not measured: ${unknown.join(", ")}` : ""}`
    : unknown.length
      ? `Passes what was measured; not measured: ${unknown.join(", ")}`
      : "Worth acting on: passes every criterion";
  return { segment: facts.segment, name: facts.name, verdict, summary, criteria };
}

/** Every segment of a labelling, in the order given. */
export function scorecard(segments: readonly SegmentFacts[], totals: Totals, thresholds: ScorecardThresholds = SCORECARD_DEFAULTS, options: ScorecardOptions = {}): SegmentScore[] {
  return segments.map((s) => scoreSegment(s, totals, thresholds, options));
}
