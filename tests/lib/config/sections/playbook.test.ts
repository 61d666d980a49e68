import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("playbook", () => {
  it("is empty by default and takes edits by archetype, without their $comment", () => {
    expect(parseConfig({}).playbook).toEqual({});
    const config = parseConfig({ playbook: { $comment: "ours", Champions: { $comment: "vip", kpi: "Referrals", channel: "Phone" }, "Can't Lose Them": {} } });
    expect(config.playbook).toEqual({ Champions: { kpi: "Referrals", channel: "Phone" }, "Can't Lose Them": {} });
  });

  const archetypes = "Champions, Loyal Customers, New Customers, Potential Loyalists, Bargain Hunters, At Risk, Can't Lose Them, Lost, Need Attention";
  it.each([
    [{ playbook: [] }, `my.json: playbook: expected an object keyed by archetype (${archetypes}), got []`],
    [{ playbook: { Whales: { action: "x" } } }, `my.json: playbook.Whales: unknown key; valid keys are ${archetypes}`],
    [{ playbook: { Champion: { action: "x" } } }, "my.json: playbook.Champion: unknown key; did you mean playbook.Champions?"],
    [{ playbook: { "cant lose them": {} } }, "my.json: playbook.cant lose them: unknown key; did you mean playbook.Can't Lose Them?"],
    [{ playbook: { Champions: "x" } }, 'my.json: playbook.Champions: expected an object with any of description, action, channel, avoid, kpi, got "x"'],
    [{ playbook: { Champions: { offer: "x" } } }, "my.json: playbook.Champions.offer: unknown key; valid keys are description, action, channel, avoid, kpi"],
    [{ playbook: { Champions: { KPI: "x" } } }, "my.json: playbook.Champions.KPI: unknown key; did you mean playbook.Champions.kpi?"],
    [{ playbook: { Champions: { kpi: "" } } }, 'my.json: playbook.Champions.kpi: expected text (not blank), got ""'],
    [{ playbook: { Lost: { action: ["a", "b"] } } }, 'my.json: playbook.Lost.action: expected text (not blank), got ["a","b"]'],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
