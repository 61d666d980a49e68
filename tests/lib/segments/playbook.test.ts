import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/lib/config/config.js";
import { ARCHETYPES, AT_RISK_RULE, isAtRisk, nameSegments, PLAY_FIELDS, PLAYBOOK, resolvePlay } from "../../../src/lib/segments/playbook.js";
import type { SegmentSummary } from "../../../src/lib/segments/summary.js";

describe("resolvePlay", () => {
  it("layers the built-in play, the config's playbook edits and the segment's override", () => {
    expect(resolvePlay("Champions")).toEqual(PLAYBOOK.Champions);
    const edited = resolvePlay("Champions", { Champions: { kpi: "Referrals" } });
    expect(edited).toEqual({ ...PLAYBOOK.Champions, kpi: "Referrals" });
    expect(resolvePlay("Champions", { Champions: { kpi: "Referrals" } }, "Call them")).toEqual({ ...PLAYBOOK.Champions, kpi: "Referrals", action: "Call them" });
    expect(resolvePlay("Lost", { Champions: { kpi: "Referrals" } }, { channel: "Post", avoid: "Calls" })).toEqual({ ...PLAYBOOK.Lost, channel: "Post", avoid: "Calls" });
  });

  it("every archetype has every field of a play", () => {
    for (const archetype of ARCHETYPES) for (const field of PLAY_FIELDS) expect(PLAYBOOK[archetype][field]).toBeTruthy();
  });

  it("the committed config carries the whole playbook as editable data (today equal to the built-in one)", () => {
    const config = parseConfig(JSON.parse(readFileSync("workbench.config.json", "utf-8")));
    expect(Object.keys(config.playbook).sort()).toEqual([...ARCHETYPES].sort());
    for (const archetype of ARCHETYPES) expect(resolvePlay(archetype, config.playbook)).toEqual(PLAYBOOK[archetype]);
  });
});

describe("nameSegments with a playbook", () => {
  const seg = (segment: number): SegmentSummary => ({
    segment, customers: 1, customerShare: 0.5, revenue: 1, revenueShare: 0.5, revenuePerCustomer: 1, avgOrderValue: 1,
    medianRecencyDays: 50, medianFrequency: 2, medianMonetary: 400, medianTenureDays: 300,
  });

  it("applies playbook edits and per-segment objects to the play, description and action", () => {
    const named = nameSegments([seg(0), seg(1)], { recency: 50, frequency: 2, monetary: 400, tenure: 300 }, {
      playbook: { "Need Attention": { description: "Middle of the road.", kpi: "Upgrades" } },
      actions: { "1": { action: "Bundle", channel: "SMS" } },
    });
    expect(named[0]).toMatchObject({ description: "Middle of the road.", action: PLAYBOOK["Need Attention"].action, play: { kpi: "Upgrades" } });
    expect(named[1]).toMatchObject({ action: "Bundle", play: { action: "Bundle", channel: "SMS", kpi: "Upgrades" } });
  });
});

describe("at risk by the CLV models", () => {
  it("is high past value (at or above the base's median) with P(alive) below the limit", () => {
    expect(AT_RISK_RULE.maxPAlive).toBe(0.5);
    expect(isAtRisk(300, 0.49, 300)).toBe(true);
    expect(isAtRisk(300, 0.5, 300)).toBe(false);
    expect(isAtRisk(299.99, 0.1, 300)).toBe(false);
    expect(isAtRisk(1000, 0.7, 300, { maxPAlive: 0.8 })).toBe(true);
  });
});
