/**
 * `playbook`: edits to the built-in playbook (src/lib/segments/playbook.ts), by archetype; and the
 * play fields that `segmentation.actions` uses for one segment.
 */
import { z } from "zod";
import { ARCHETYPES, PLAY_FIELDS, type Archetype, type Play } from "../../segments/playbook.js";
import { strictObject, text } from "../fields.js";

const playText = text("text (not blank)");

const playFields = Object.fromEntries(PLAY_FIELDS.map((field) => [field, playText.optional()])) as {
  [Field in keyof Play]: z.ZodOptional<typeof playText>;
};

/** Any of description, action, channel, avoid, kpi. */
export const playSchema = strictObject(playFields, `an object with any of ${PLAY_FIELDS.join(", ")}`);

/** One segment's play: the action text, or an object of play fields. */
export const playOverrideSchema = z.union([text("the action text (not blank)"), playSchema], {
  error: `the action text, or an object with any of ${PLAY_FIELDS.join(", ")}`,
});

const archetypePlays = Object.fromEntries(ARCHETYPES.map((archetype) => [archetype, playSchema.optional()])) as {
  [A in Archetype]: z.ZodOptional<typeof playSchema>;
};

export const playbookSchema = strictObject(archetypePlays, `an object keyed by archetype (${ARCHETYPES.join(", ")})`);

export type PlaybookConfig = z.output<typeof playbookSchema>;
