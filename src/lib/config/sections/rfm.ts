/** `rfm`: named RFM segments, tried in order; the first rule whose ranges hold all three scores names a customer's segment. */
import { z } from "zod";
import { ARCHETYPES, type Archetype } from "../../segments/playbook.js";
import { CLASSIC_RFM_RULES, RFM_OTHER } from "../constants.js";
import { oneOf, strictObject, text } from "../fields.js";
import { playOverrideSchema } from "./playbook.js";

const score = z.int({ error: "a whole score from 1 to 5" }).min(1).max(5);

/** Inclusive score range [low, high], each 1–5. */
const scoreRange = z
  .tuple([score, score], { error: "[low, high] with whole scores 1 to 5" })
  .refine(([low, high]) => low <= high, { error: "[low, high] with low ≤ high" });
export type ScoreRange = z.output<typeof scoreRange>;

/** One named segment: customers whose R, F and M scores all fall in the ranges (a missing range is 1–5). */
const rule = strictObject(
  {
    name: text("a segment name (not blank)"),
    r: scoreRange.prefault([1, 5]),
    f: scoreRange.prefault([1, 5]),
    m: scoreRange.prefault([1, 5]),
    /** The playbook entry its play starts from; default: the archetype its name stands for (src/lib/actions/rfmPlays.ts). */
    archetype: oneOf(ARCHETYPES as unknown as [Archetype, ...Archetype[]]).optional(),
    /** Its own play edits: the action text, or an object of play fields (as segmentation.actions). */
    play: playOverrideSchema.optional(),
  },
  'a rule like {"name": "Champions", "r": [4, 5], "f": [4, 5], "m": [4, 5]}',
);
export type RfmRule = z.output<typeof rule>;

export const rfmSchema = strictObject({
  /** Tried in order; the first rule a customer matches names their segment. */
  segments: z
    .array(rule, { error: 'a non-empty list of rules like {"name": "Champions", "r": [4, 5], "f": [4, 5], "m": [4, 5]}' })
    .min(1)
    .prefault(() => CLASSIC_RFM_RULES.map(({ name, r, f, m }) => ({ name, r: [r[0], r[1]], f: [f[0], f[1]], m: [m[0], m[1]] }))),
  /** Segment of customers that match no rule. */
  other: text("the name of the segment for customers that match no rule (not blank)").default(RFM_OTHER),
  /** The play of rfm.other's customers (none by default: they match no rule, so no archetype fits). */
  otherPlay: playOverrideSchema.optional(),
}).superRefine(({ segments, other }, ctx) => {
  // Segments are told apart by name: two rules (or a rule and rfm.other) with one name would merge.
  segments.forEach(({ name }, i) => {
    const earlier = segments.findIndex((s) => s.name === name);
    const usedBy = name === other ? "rfm.other" : earlier < i ? `rfm.segments[${earlier}].name` : undefined;
    if (usedBy) {
      ctx.addIssue({ code: "custom", path: ["segments", i, "name"], input: name, message: `a name not used by ${usedBy} (rules and rfm.other need distinct names)` });
    }
  });
});

export type RfmConfig = z.output<typeof rfmSchema>;
