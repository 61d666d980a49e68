import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../../src/lib/config/config.js";
import { problemOf } from "../problem.js";

describe("audiences", () => {
  it("is an empty list by default and takes named rules with plays, nested to any depth, without their $comment", () => {
    expect(parseConfig({}).audiences).toEqual([]);
    const rule = {
      $comment: "lapsing big spenders, or anyone in the North",
      any: [
        { all: [{ column: "recency_days", op: ">", value: 90 }, { column: "monetary", op: "between", value: [500, 5000] }] },
        { column: "region", op: "in", value: ["North", "Nord"], $comment: "both spellings" },
        { column: "age_band", op: "is null" },
      ],
    };
    const config = parseConfig({ audiences: [{ name: "Win back", rule, play: { action: "Call them", kpi: "Orders in 30 days" } }, { name: "North", rule: { column: "region", op: "=", value: "North" }, play: "Local event" }, { name: "No play", rule: { column: "frequency", op: ">=", value: 2 } }] });
    expect(config.audiences).toEqual([
      {
        name: "Win back",
        rule: {
          any: [
            { all: [{ column: "recency_days", op: ">", value: 90 }, { column: "monetary", op: "between", value: [500, 5000] }] },
            { column: "region", op: "in", value: ["North", "Nord"] },
            { column: "age_band", op: "is null" },
          ],
        },
        play: { action: "Call them", kpi: "Orders in 30 days" },
      },
      { name: "North", rule: { column: "region", op: "=", value: "North" }, play: "Local event" },
      { name: "No play", rule: { column: "frequency", op: ">=", value: 2 } },
    ]);
  });

  const rule = (r: unknown) => ({ audiences: [{ name: "a", rule: r }] });
  const ops = '"=", "!=", "<", "<=", ">", ">=", "between", "in", "not in", "contains", "is null", "is not null"';
  const shape = 'a rule like {"column": "recency_days", "op": "<=", "value": 30}, or {"all": [rules]} or {"any": [rules]}';
  it.each([
    [{ audiences: {} }, 'my.json: audiences: expected a list of audiences like {"name": …, "rule": …, "play": …}, got {}'],
    [{ audiences: [{ name: "a" }] }, `my.json: audiences[0].rule: missing; expected ${shape}`],
    [{ audiences: [{ rule: { column: "x", op: "is null" } }] }, "my.json: audiences[0].name: missing; expected an audience name (not blank)"],
    [{ audiences: [{ name: "a", rule: { column: "x", op: "is null" } }, { name: "a", rule: { column: "x", op: "is null" } }] }, 'my.json: audiences[1].name: expected a name not used by audiences[0].name, got "a"'],
    [{ audiences: [{ name: "a", rul: {} }] }, "my.json: audiences[0].rul: unknown key; did you mean audiences[0].rule?"],
    [{ audiences: [{ name: "a", rule: { column: "x", op: "is null" }, play: { actoin: "y" } }] }, "my.json: audiences[0].play.actoin: unknown key; did you mean audiences[0].play.action?"],
    [rule("recency_days < 30"), `my.json: audiences[0].rule: expected ${shape}, got "recency_days < 30"`],
    [rule({}), `my.json: audiences[0].rule: expected ${shape}, got {}`],
    [rule({ colum: "x", op: "=", value: 1 }), "my.json: audiences[0].rule.colum: unknown key; did you mean audiences[0].rule.column?"],
    [rule({ all: [{ column: "x", op: "=", value: 1, values: [2] }] }), "my.json: audiences[0].rule.all[0].values: unknown key; did you mean audiences[0].rule.all[0].value?"],
    [rule({ column: "x", op: "==", value: 1 }), `my.json: audiences[0].rule.op: expected one of ${ops}, got "=="`],
    [rule({ column: "x", value: 1 }), `my.json: audiences[0].rule.op: missing; expected one of ${ops}`],
    [rule({ column: "x", op: "=" }), 'my.json: audiences[0].rule.value: missing; expected one value (a number, text, true or false) for "="'],
    [rule({ column: "x", op: "=", value: null }), "my.json: audiences[0].rule.value: expected a number, text, true or false, or a list of them, got null"],
    [rule({ column: "x", op: "<", value: [1, 2] }), 'my.json: audiences[0].rule.value: expected one value (a number, text, true or false) for "<", got [1,2]'],
    [rule({ column: "x", op: "in", value: [] }), 'my.json: audiences[0].rule.value: expected a non-empty list of values for "in", got []'],
    [rule({ column: "x", op: "not in", value: "a" }), 'my.json: audiences[0].rule.value: expected a non-empty list of values for "not in", got "a"'],
    [rule({ column: "x", op: "in", value: Array.from({ length: 1001 }, (_, i) => i) }), 'my.json: audiences[0].rule.value: expected at most 1000 values for "in", got "1001 values"'],
    [rule({ column: "x", op: "in", value: [1, null] }), "my.json: audiences[0].rule.value[1]: expected a number, text, true or false, got null"],
    [rule({ column: "x", op: "between", value: [1] }), 'my.json: audiences[0].rule.value: expected [low, high] for "between": two numbers or two dates, got [1]'],
    [rule({ column: "x", op: "between", value: [1, "2"] }), 'my.json: audiences[0].rule.value: expected [low, high] for "between": two numbers or two dates, got [1,"2"]'],
    [rule({ column: "x", op: "contains", value: "" }), 'my.json: audiences[0].rule.value: expected text to look for with "contains" (not empty), got ""'],
    [rule({ column: "x", op: "is null", value: 1 }), 'my.json: audiences[0].rule.value: expected no value with "is null", got 1'],
    [rule({ column: " ", op: "is null" }), 'my.json: audiences[0].rule.column: expected a column name of the customer table, got " "'],
    [rule({ all: [] }), 'my.json: audiences[0].rule.all: expected a non-empty list of rules for "all", got []'],
    [rule({ any: {} }), 'my.json: audiences[0].rule.any: expected a non-empty list of rules for "any", got {}'],
    [rule({ all: [{ column: "x", op: "is null" }], any: [{ column: "x", op: "is null" }] }), 'my.json: audiences[0].rule.any: expected one of column (a comparison), all or any per rule, not all and any, got [{"column":"x","op":"is null"}]'],
    [rule({ all: [{ column: "x", op: "is null" }], op: "=" }), 'my.json: audiences[0].rule.op: expected no op in a group (put comparisons in its list), got "="'],
    [rule({ any: [{ all: [{ column: "x", op: "in", value: [] }] }] }), 'my.json: audiences[0].rule.any[0].all[0].value: expected a non-empty list of values for "in", got []'],
  ])("rejects %j", (raw, message) => {
    expect(problemOf(raw)).toBe(message);
  });
});
