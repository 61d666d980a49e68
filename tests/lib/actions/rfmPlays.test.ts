// Plays for RFM segments (src/lib/actions/rfmPlays.ts): from the archetype the rule names or its name
// stands for, with the config's playbook and the rule's own edits; none guessed where nothing fits.
import { describe, expect, it } from "vitest";
import { archetypeForName, rfmPlays } from "../../../src/lib/actions/rfmPlays.js";
import { parseConfig } from "../../../src/lib/config/config.js";
import { PLAYBOOK } from "../../../src/lib/segments/playbook.js";

describe("rfmPlays", () => {
  it("gives every segment of the classic scheme an archetype's play, and rfm.other none", () => {
    const plays = rfmPlays(parseConfig({}).rfm);
    expect(plays.map((p) => [p.name, p.archetype, p.archetypeFrom])).toEqual([
      ["Champions", "Champions", "name"],
      ["Loyal Customers", "Loyal Customers", "name"],
      ["New Customers", "New Customers", "name"],
      ["Promising", "New Customers", "name"],
      ["Potential Loyalist", "Potential Loyalists", "name"],
      ["Need Attention", "Need Attention", "name"],
      ["About To Sleep", "Need Attention", "name"],
      ["Can't Lose Them", "Can't Lose Them", "name"],
      ["At Risk", "At Risk", "name"],
      ["Lost", "Lost", "name"],
      ["Others", null, null],
    ]);
    expect(plays[0].play).toEqual(PLAYBOOK.Champions);
    expect(plays[0].rule).toBe(0);
    expect(plays.at(-1)).toMatchObject({ rule: null, play: null });
  });

  it("reads names in any case and punctuation, singular or plural", () => {
    expect(archetypeForName("cant-lose-them")).toBe("Can't Lose Them");
    expect(archetypeForName("CHAMPION")).toBe("Champions");
    expect(archetypeForName("at_risk")).toBe("At Risk");
    expect(archetypeForName("Big spenders")).toBeNull();
  });

  it("takes the rule's archetype, the playbook's edits and the rule's play, in that order", () => {
    const config = parseConfig({
      rfm: {
        segments: [
          { name: "Big spenders", m: [5, 5], archetype: "Champions", play: { kpi: "Spend per visit" } },
          { name: "Sleepy", r: [1, 1], play: "Send a postcard" },
          { name: "Unmapped", f: [5, 5] },
          { name: "Lost", play: { channel: "Letter" } },
        ],
        otherPlay: { action: "Leave them be", kpi: "None needed" },
      },
      playbook: { Champions: { channel: "Phone" } },
    });
    const plays = rfmPlays(config.rfm, config.playbook);
    expect(plays[0]).toEqual({ name: "Big spenders", rule: 0, archetype: "Champions", archetypeFrom: "config", play: { ...PLAYBOOK.Champions, channel: "Phone", kpi: "Spend per visit" } });
    // No archetype: only what the config says, nothing guessed.
    expect(plays[1]).toMatchObject({ archetype: null, play: { action: "Send a postcard" } });
    expect(plays[2]).toMatchObject({ archetype: null, play: null });
    expect(plays[3].play).toEqual({ ...PLAYBOOK.Lost, channel: "Letter" });
    expect(plays[4]).toEqual({ name: "Others", rule: null, archetype: null, archetypeFrom: null, play: { action: "Leave them be", kpi: "None needed" } });
  });
});
