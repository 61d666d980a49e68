import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("rfm", () => {
  it("has the classic scheme by default and takes edited rules (a missing range is 1–5)", () => {
    const rfm = parseConfig({}).rfm;
    expect(rfm.segments).toHaveLength(10);
    expect(rfm.segments[0]).toEqual({ name: "Champions", r: [4, 5], f: [4, 5], m: [4, 5] });
    expect(rfm.other).toBe("Others");
    const edited = parseConfig({ rfm: { $comment: "ours", segments: [{ name: "Recent", r: [4, 5] }], other: "Rest" } });
    expect(edited.rfm).toEqual({ segments: [{ name: "Recent", r: [4, 5], f: [1, 5], m: [1, 5] }], other: "Rest" });
    // A rule's archetype and play, and the play of rfm.other (src/lib/actions/rfmPlays.ts).
    const played = parseConfig({ rfm: { segments: [{ name: "Big", m: [5, 5], archetype: "Champions", play: "Call them" }], otherPlay: { kpi: "Orders" } } });
    expect(played.rfm).toEqual({ segments: [{ name: "Big", r: [1, 5], f: [1, 5], m: [5, 5], archetype: "Champions", play: "Call them" }], other: "Others", otherPlay: { kpi: "Orders" } });
  });

  it("gives every parse its own rules and ranges (editing one never edits the defaults)", () => {
    const a = parseConfig({ rfm: { segments: [{ name: "Any" }] } });
    const b = parseConfig({ rfm: { segments: [{ name: "Any" }] } });
    expect(a.rfm.segments[0].f).not.toBe(a.rfm.segments[0].m);
    expect(a.rfm.segments[0].r).not.toBe(b.rfm.segments[0].r);
    expect(parseConfig({}).rfm.segments[0]).not.toBe(parseConfig({}).rfm.segments[0]);
  });

  const rule = '{"name": "Champions", "r": [4, 5], "f": [4, 5], "m": [4, 5]}';
  it.each([
    [{ rfm: [] }, "my.json: rfm: expected an object with any of segments, other, otherPlay, got []"],
    [{ rfm: { segmets: [] } }, "my.json: rfm.segmets: unknown key; did you mean rfm.segments?"],
    [{ rfm: { rules: [] } }, "my.json: rfm.rules: unknown key; valid keys are segments, other, otherPlay"],
    [{ rfm: { segments: [] } }, `my.json: rfm.segments: expected a non-empty list of rules like ${rule}, got []`],
    [{ rfm: { other: "" } }, 'my.json: rfm.other: expected the name of the segment for customers that match no rule (not blank), got ""'],
    [{ rfm: { other: null } }, "my.json: rfm.other: expected the name of the segment for customers that match no rule (not blank), got null"],
    [{ rfm: { segments: ["Champions"] } }, `my.json: rfm.segments[0]: expected a rule like ${rule}, got "Champions"`],
    [{ rfm: { segments: [{ r: [4, 5] }] } }, "my.json: rfm.segments[0].name: missing; expected a segment name (not blank)"],
    [{ rfm: { segments: [{ name: "A" }, { name: "B", r: [4, 6] }] } }, "my.json: rfm.segments[1].r[1]: expected a whole score from 1 to 5, got 6"],
    [{ rfm: { segments: [{ name: "A", r: [0, 2] }] } }, "my.json: rfm.segments[0].r[0]: expected a whole score from 1 to 5, got 0"],
    [{ rfm: { segments: [{ name: "A", r: [1.5, 2] }] } }, "my.json: rfm.segments[0].r[0]: expected a whole score from 1 to 5, got 1.5"],
    [{ rfm: { segments: [{ name: "A", r: ["1", 2] }] } }, 'my.json: rfm.segments[0].r[0]: expected a whole score from 1 to 5, got "1"'],
    [{ rfm: { segments: [{ name: "A", f: [5, 4] }] } }, "my.json: rfm.segments[0].f: expected [low, high] with low ≤ high, got [5,4]"],
    [{ rfm: { segments: [{ name: "A", m: 4 }] } }, "my.json: rfm.segments[0].m: expected [low, high] with whole scores 1 to 5, got 4"],
    [{ rfm: { segments: [{ name: "A", m: [1, 2, 3] }] } }, "my.json: rfm.segments[0].m: expected [low, high] with whole scores 1 to 5, got [1,2,3]"],
    [{ rfm: { segments: [{ name: "A", recency: [1, 2] }] } }, "my.json: rfm.segments[0].recency: unknown key; valid keys are name, r, f, m, archetype, play"],
    [{ rfm: { segments: [{ name: "A", nmae: "B" }] } }, "my.json: rfm.segments[0].nmae: unknown key; did you mean rfm.segments[0].name?"],
    [
      { rfm: { segments: [{ name: "A" }, { name: "B" }, { name: "A" }] } },
      'my.json: rfm.segments[2].name: expected a name not used by rfm.segments[0].name (rules and rfm.other need distinct names), got "A"',
    ],
    [{ rfm: { segments: [{ name: "Others" }] } }, 'my.json: rfm.segments[0].name: expected a name not used by rfm.other (rules and rfm.other need distinct names), got "Others"'],
    [{ rfm: { segments: [{ name: "A", archetype: "Champion" }] } }, 'my.json: rfm.segments[0].archetype: expected one of "Champions", "Loyal Customers", "New Customers", "Potential Loyalists", "Bargain Hunters", "At Risk", "Can\'t Lose Them", "Lost", "Need Attention", got "Champion"'],
    [{ rfm: { segments: [{ name: "A", play: { kpis: "x" } }] } }, "my.json: rfm.segments[0].play.kpis: unknown key; did you mean rfm.segments[0].play.kpi?"],
    [{ rfm: { otherPlay: "" } }, 'my.json: rfm.otherPlay: expected the action text (not blank), got ""'],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
