/**
 * `audiences`: named rule-based audiences, each `{name, rule, play}`. The rule's grammar and its
 * checks against the customer table's columns are in src/lib/actions/audienceRule.ts; here the
 * shape is checked without the data: each rule is a comparison {column, op, value} or a group
 * {all: […]} / {any: […]}, the operator is known and its value has the shape the operator needs.
 */
import { z } from "zod";
import { RULE_OPERATORS, valueShapeProblem, type Rule, type RuleOperator } from "../../actions/audienceRule.js";
import { oneOf, strictObject, text } from "../fields.js";
import { playOverrideSchema } from "./playbook.js";

const RULE_EXAMPLE = '{"column": "recency_days", "op": "<=", "value": 30}, or {"all": [rules]} or {"any": [rules]}';

const scalar = z.union([z.number(), z.string(), z.boolean()], { error: "a number, text, true or false" });
// One flat union, so that a wrong value (null, an object) gets this message rather than a nested union's.
const ruleValue = z.union([z.number(), z.string(), z.boolean(), z.array(scalar)], { error: "a number, text, true or false, or a list of them" });

type RuleFields = { column?: string; op?: RuleOperator; value?: z.output<typeof ruleValue>; all?: Rule[]; any?: Rule[] };

const ruleList = (join: "all" | "any") =>
  z.lazy(() => z.array(ruleSchema, { error: `a non-empty list of rules for "${join}"` }).min(1, { error: `a non-empty list of rules for "${join}"` }));

/** A rule: a comparison, or an AND (`all`) / OR (`any`) group of rules, nested to any depth. */
export const ruleSchema: z.ZodType<Rule, unknown> = strictObject(
  {
    column: text("a column name of the customer table").optional(),
    op: oneOf(RULE_OPERATORS).optional(),
    value: ruleValue.optional(),
    all: ruleList("all").optional(),
    any: ruleList("any").optional(),
  },
  `a rule like ${RULE_EXAMPLE}`,
)
  .superRefine((rule: RuleFields, ctx) => {
    const forms = (["column", "all", "any"] as const).filter((k) => rule[k] !== undefined);
    if (forms.length === 0) {
      ctx.addIssue({ code: "custom", path: [], input: rule, message: `a rule like ${RULE_EXAMPLE}` });
      return;
    }
    if (forms.length > 1) {
      ctx.addIssue({ code: "custom", path: [forms[1]], input: rule[forms[1]], message: `one of column (a comparison), all or any per rule, not ${forms.join(" and ")}` });
      return;
    }
    if (forms[0] !== "column") {
      for (const key of ["op", "value"] as const) {
        if (rule[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], input: rule[key], message: `no ${key} in a group (put comparisons in its list)` });
      }
      return;
    }
    if (rule.op === undefined) {
      ctx.addIssue({ code: "custom", path: ["op"], input: undefined, message: `one of ${RULE_OPERATORS.map((o) => JSON.stringify(o)).join(", ")}` });
      return;
    }
    const problem = valueShapeProblem(rule.op, rule.value);
    if (problem) ctx.addIssue({ code: "custom", path: ["value", ...problem.path], input: problem.input, message: problem.allowed });
  })
  .transform((rule: RuleFields): Rule => {
    if (rule.all) return { all: rule.all };
    if (rule.any) return { any: rule.any };
    return rule.value === undefined ? { column: rule.column!, op: rule.op! } : { column: rule.column!, op: rule.op!, value: rule.value };
  });

const audienceSchema = strictObject(
  {
    name: text("an audience name (not blank)"),
    rule: ruleSchema,
    /** What to do with the audience: the action text, or an object of play fields (description, action, channel, avoid, kpi). */
    play: playOverrideSchema.optional(),
  },
  'an audience like {"name": "Lapsing big spenders", "rule": {…}, "play": {"action": …, "kpi": …}}',
);

export type AudienceConfig = z.output<typeof audienceSchema>;

export const audiencesSchema = z
  .array(audienceSchema, { error: 'a list of audiences like {"name": …, "rule": …, "play": …}' })
  .prefault([])
  .superRefine((audiences, ctx) => {
    // Audiences are told apart by name on pages and in exports.
    audiences.forEach(({ name }, i) => {
      const earlier = audiences.findIndex((a) => a.name === name);
      if (earlier < i) ctx.addIssue({ code: "custom", path: [i, "name"], input: name, message: `a name not used by audiences[${earlier}].name` });
    });
  });

export type AudiencesConfig = z.output<typeof audiencesSchema>;
