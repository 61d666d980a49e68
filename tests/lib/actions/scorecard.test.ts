// The segment scorecard (src/lib/actions/scorecard.ts): each criterion's verdict and reason from
// plain facts, at and around the thresholds, and what happens when evidence is missing.
import { describe, expect, it } from "vitest";
import { SCORECARD_DEFAULTS, scorecard, scoreSegment, type ScorecardThresholds, type SegmentFacts, type Totals } from "../../../src/lib/actions/scorecard.js";

const TOTALS: Totals = { customers: 4000, revenue: 1_000_000 };
const GOOD: SegmentFacts = {
  segment: 0,
  name: "Champions",
  customers: 1200,
  revenue: 250_000,
  completeCustomers: 1200,
  silhouette: 0.41,
  separation: { nearest: "Lost", ratio: 1.84, fContribution: 0.23 },
  stability: { measure: "Jaccard", seeds: 0.93, previous: 0.81, previousLabel: "90 days before" },
  reach: { columns: ["email_opt_in"], customers: 1200, reachable: 900, recognised: 1150 },
  play: { action: "Reward them", kpi: "Retention rate" },
};

const reasons = (facts: SegmentFacts, totals = TOTALS, thresholds: ScorecardThresholds = SCORECARD_DEFAULTS) =>
  Object.fromEntries(scoreSegment(facts, totals, thresholds).criteria.map((c) => [c.criterion, [c.verdict, c.reason]]));

describe("scoreSegment", () => {
  it("passes a segment that meets every criterion, saying why for each", () => {
    const score = scoreSegment(GOOD, TOTALS);
    expect(score).toEqual({
      segment: 0,
      name: "Champions",
      verdict: "pass",
      summary: "Worth acting on: passes every criterion",
      criteria: [
        { criterion: "measurable", verdict: "pass", reason: "1,200 customers, revenue 250,000; 100% with complete data (≥ 95%)" },
        { criterion: "substantial", verdict: "pass", reason: "30% of customers (≥ 2%) and 25% of revenue (≥ 2%)" },
        { criterion: "distinct", verdict: "pass", reason: "silhouette 0.41 (≥ 0.25); nearest segment “Lost”, centroids 1.8 × their spreads apart; 23% of the F statistic" },
        { criterion: "stable", verdict: "pass", reason: "Jaccard 0.93 across seeds (≥ 0.75); Jaccard 0.81 against 90 days before (≥ 0.75)" },
        { criterion: "accessible", verdict: "pass", reason: "75% reachable through “email_opt_in” (≥ 50%)" },
        { criterion: "actionable", verdict: "pass", reason: "a play with a KPI: “Retention rate”" },
      ],
    });
  });

  it("measurable: needs customers, a known value and complete data for enough of them", () => {
    expect(reasons({ ...GOOD, completeCustomers: 1139 }).measurable).toEqual(["fail", "1,200 customers, revenue 250,000; 94.9% with complete data (< 95%)"]);
    expect(reasons({ ...GOOD, completeCustomers: 1140 }).measurable).toEqual(["pass", "1,200 customers, revenue 250,000; 95% with complete data (≥ 95%)"]);
    expect(reasons({ ...GOOD, revenue: null }).measurable).toEqual(["fail", "1,200 customers, but their revenue is unknown"]);
    expect(reasons({ ...GOOD, completeCustomers: undefined }).measurable).toEqual(["unknown", "1,200 customers, revenue 250,000; how many have complete data was not measured"]);
    expect(reasons({ ...GOOD, customers: 0 }).measurable).toEqual(["fail", "no customers"]);
  });

  it("substantial: enough customers, and a floor share of customers or of revenue (a small segment with much revenue counts)", () => {
    expect(reasons({ ...GOOD, customers: 40, revenue: 80_000 }).substantial).toEqual(["pass", "1% of customers (< 2%) and 8% of revenue (≥ 2%)"]);
    expect(reasons({ ...GOOD, customers: 60, revenue: 5_000 }).substantial).toEqual(["fail", "1.5% of customers (< 2%) and 0.5% of revenue (< 2%): under both floors"]);
    expect(reasons({ ...GOOD, customers: 29 }).substantial).toEqual(["fail", "only 29 customers (fewer than 30)"]);
    expect(reasons({ ...GOOD, customers: 60, revenue: null }).substantial).toEqual(["unknown", "1.5% of customers (< 2%); revenue share unknown"]);
    expect(reasons({ ...GOOD, customers: 29 }, TOTALS, { ...SCORECARD_DEFAULTS, minCustomers: 10 }).substantial[0]).toBe("pass");
  });

  it("distinct: by the members' silhouette, or by the overlap of audiences", () => {
    expect(reasons({ ...GOOD, silhouette: 0.25, separation: null }).distinct).toEqual(["pass", "silhouette 0.25 (≥ 0.25)"]);
    expect(reasons({ ...GOOD, silhouette: 0.12, separation: null }).distinct).toEqual(["fail", "silhouette 0.12 (< 0.25)"]);
    expect(reasons({ ...GOOD, silhouette: -0.05, separation: null }).distinct).toEqual(["fail", "silhouette -0.05 (< 0.25): its members are on average closer to another segment"]);
    const audience = { ...GOOD, silhouette: undefined, separation: undefined };
    expect(reasons({ ...audience, overlap: { with: "Recent", share: 0.6 } }).distinct).toEqual(["fail", "60% of its customers are also in “Recent” (> 50%)"]);
    expect(reasons({ ...audience, overlap: { with: "Recent", share: 0.5 } }).distinct).toEqual(["pass", "50% of its customers are also in “Recent” (≤ 50%)"]);
    expect(reasons({ ...audience, overlap: { with: null, share: 0 } }).distinct).toEqual(["pass", "none of its customers is in another audience"]);
    expect(reasons(audience).distinct).toEqual(["unknown", "no silhouette or overlap measured"]);
  });

  it("stable: every measure given at least the threshold; an ARI when that is all there is", () => {
    expect(reasons({ ...GOOD, stability: { measure: "Jaccard", seeds: 0.93, previous: 0.6 } }).stable).toEqual(["fail", "Jaccard 0.93 across seeds (≥ 0.75); Jaccard 0.60 against the previous snapshot (< 0.75)"]);
    expect(reasons({ ...GOOD, stability: { measure: "ARI", seeds: 0.74 } }).stable).toEqual(["fail", "ARI 0.74 across seeds (< 0.75)"]);
    expect(reasons({ ...GOOD, stability: { measure: "ARI", seeds: NaN } }).stable).toEqual(["unknown", "not measured across seeds or snapshots"]);
    expect(reasons({ ...GOOD, stability: null }).stable[0]).toBe("unknown");
  });

  it("accessible: the reachable share when a contact column exists; unknown, with the reason, when none does or its values are not contact values", () => {
    expect(reasons({ ...GOOD, reach: { columns: ["email_opt_in", "channel"], customers: 100, reachable: 49, recognised: 100 } }).accessible).toEqual(["fail", "49% reachable through “email_opt_in”, “channel” (< 50%)"]);
    expect(reasons({ ...GOOD, reach: null }).accessible).toEqual(["unknown", "no consent or contact channel column (name one in scorecard.contactColumns)"]);
    expect(reasons({ ...GOOD, reach: { columns: ["channel"], customers: 100, reachable: 0, recognised: 0 } }).accessible).toEqual([
      "unknown",
      "“channel” holds no consent or contact channel value for these customers (yes/no, email, sms, phone, post…): is it an acquisition channel?",
    ]);
  });

  it("actionable: a play with an action and a KPI", () => {
    expect(reasons({ ...GOOD, play: null }).actionable).toEqual(["fail", "no play: give it an action and a KPI"]);
    expect(reasons({ ...GOOD, play: { action: "Call them", kpi: " " } }).actionable).toEqual(["fail", "its play has no KPI to tell whether it worked"]);
  });

  it("sums up: fails first, then what was not measured", () => {
    const partly = scoreSegment({ ...GOOD, stability: null, reach: null }, TOTALS);
    expect([partly.verdict, partly.summary]).toEqual(["unknown", "Passes what was measured; not measured: stable, accessible"]);
    const failing = scoreSegment({ ...GOOD, customers: 20, play: null, reach: null }, TOTALS);
    expect([failing.verdict, failing.summary]).toEqual(["fail", "Not yet worth acting on: fails substantial, actionable; not measured: accessible"]);
    expect(scorecard([GOOD, { ...GOOD, segment: 1, name: "Lost", play: null }], TOTALS).map((s) => [s.name, s.verdict])).toEqual([
      ["Champions", "pass"],
      ["Lost", "fail"],
    ]);
  });
});
