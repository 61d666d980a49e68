/**
 * The audience page's rule editor: AND / OR groups of comparisons, nested freely, over the columns
 * of the audience table, and the same rule as JSON (paste one from the config, or copy the edited one
 * into it). An Observable view: `value` is the rule, and every edit dispatches "input".
 *
 *   const rule = view(audienceBuilder(columns, {value: {all: [{column: "recency_days", op: "<=", value: 90}]}}));
 *
 * A value typed into a box is typed by its column (ruleText.ts: valueFromText); a value loaded from a
 * rule is kept exactly as it was until its box is edited, so "30" from the config stays text and the
 * rule check says so, as the build would. The editor never refuses a rule: the page shows
 * ruleProblems for it. DOM APIs and textContent only; column names and values stay text.
 */
import { operatorsFor, RULE_OPERATORS, type ColumnInfo, type Rule, type RuleOperator, type RuleScalar } from "../lib/actions/audienceRule.js";
import { takesValue, valueFromText, valueToText } from "../lib/actions/ruleText.js";

interface Condition {
  kind: "condition";
  column: string;
  op: RuleOperator;
  /** What the box shows. */
  text: string;
  /** The value as loaded, used until the box is edited. */
  loaded?: RuleScalar | RuleScalar[];
  edited: boolean;
}

interface Group {
  kind: "group";
  join: "all" | "any";
  items: (Condition | Group)[];
}

export type RuleEditor = HTMLElement & { value: Rule };

const JOIN_TEXT = { all: "All of these hold (and)", any: "Any of these holds (or)" };

function toModel(rule: unknown): Group {
  const node = toNode(rule);
  return node.kind === "group" ? node : { kind: "group", join: "all", items: [node] };
}

function toNode(rule: unknown): Condition | Group {
  const r = (rule ?? {}) as Record<string, unknown>;
  if (Array.isArray(r.all) || Array.isArray(r.any)) {
    const join = Array.isArray(r.all) ? "all" : "any";
    return { kind: "group", join, items: (r[join] as unknown[]).map(toNode) };
  }
  const value = r.value as RuleScalar | RuleScalar[] | undefined;
  return { kind: "condition", column: String(r.column ?? ""), op: (r.op as RuleOperator) ?? "=", text: valueToText(value), loaded: value, edited: false };
}

function fromNode(node: Condition | Group, columns: readonly ColumnInfo[]): Rule {
  if (node.kind === "group") return node.join === "all" ? { all: node.items.map((n) => fromNode(n, columns)) } : { any: node.items.map((n) => fromNode(n, columns)) };
  const column = columns.find((c) => c.name === node.column);
  const value = node.edited ? valueFromText(node.text, node.op, column) : takesValue(node.op) ? node.loaded : undefined;
  return value === undefined ? { column: node.column, op: node.op } : { column: node.column, op: node.op, value };
}

function select(options: readonly { value: string; text: string }[], selected: string, label: string): HTMLSelectElement {
  const s = document.createElement("select");
  s.setAttribute("aria-label", label);
  for (const o of options) {
    const option = document.createElement("option");
    option.value = o.value;
    option.textContent = o.text;
    s.append(option);
  }
  s.value = selected;
  return s;
}

function button(text: string, action: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.dataset.action = action;
  b.addEventListener("click", onClick);
  return b;
}

/** A first condition to start from: a column that is not the id, present for every customer. */
function firstCondition(columns: readonly ColumnInfo[]): Condition {
  const column = columns.find((c) => c.name !== "customer_id") ?? columns[0];
  return { kind: "condition", column: column?.name ?? "", op: "is not null", text: "", edited: false };
}

export function audienceBuilder(columns: readonly ColumnInfo[], options: { value?: Rule } = {}): RuleEditor {
  const root = document.createElement("div") as unknown as RuleEditor;
  root.className = "rule-builder";
  let model: Group = options.value ? toModel(options.value) : { kind: "group", join: "all", items: [firstCondition(columns)] };
  const tree = document.createElement("div");
  const json = document.createElement("textarea");
  json.rows = 6;
  json.spellcheck = false;
  json.dataset.testid = "rule-json";
  json.setAttribute("aria-label", "The rule as JSON");
  const jsonProblem = document.createElement("p");
  jsonProblem.className = "warning";
  jsonProblem.hidden = true;
  const rule = () => fromNode(model, columns);
  const showJson = () => (json.value = JSON.stringify(rule(), null, 2));
  const emit = () => root.dispatchEvent(new Event("input", { bubbles: true }));
  const changed = () => {
    showJson();
    jsonProblem.hidden = true;
    emit();
  };

  const renderCondition = (condition: Condition, parent: Group): HTMLElement => {
    const row = document.createElement("div");
    row.className = "rule-condition";
    const known = columns.find((c) => c.name === condition.column);
    const columnOptions = [...(known ? [] : [{ value: condition.column, text: `${condition.column} (not a column)` }]), ...columns.map((c) => ({ value: c.name, text: `${c.name} (${c.type.toLowerCase()})` }))];
    const columnSelect = select(columnOptions, condition.column, "Column");
    columnSelect.dataset.field = "column";
    const allowed = known ? operatorsFor(known.type) : RULE_OPERATORS;
    const opOptions = [...(allowed.includes(condition.op) ? [] : [{ value: condition.op, text: `${condition.op} (not for this column)` }]), ...allowed.map((o) => ({ value: o, text: o }))];
    const opSelect = select(opOptions, condition.op, "Operator");
    opSelect.dataset.field = "op";
    const input = document.createElement("input");
    input.type = "text";
    input.value = condition.text;
    input.dataset.field = "value";
    input.setAttribute("aria-label", "Value");
    input.placeholder = condition.op === "between" ? "low, high" : condition.op === "in" || condition.op === "not in" ? "a, b, c" : "value";
    input.hidden = !takesValue(condition.op);
    columnSelect.addEventListener("change", () => {
      condition.column = columnSelect.value;
      const column = columns.find((c) => c.name === condition.column);
      if (column && !operatorsFor(column.type).includes(condition.op)) condition.op = operatorsFor(column.type)[0];
      condition.edited = true;
      row.replaceWith(renderCondition(condition, parent));
      changed();
    });
    opSelect.addEventListener("change", () => {
      condition.op = opSelect.value as RuleOperator;
      condition.edited = true;
      row.replaceWith(renderCondition(condition, parent));
      changed();
    });
    input.addEventListener("input", () => {
      condition.text = input.value;
      condition.edited = true;
      changed();
    });
    const remove = button("×", "remove-condition", () => {
      parent.items.splice(parent.items.indexOf(condition), 1);
      render();
      changed();
    });
    remove.title = "Remove this condition";
    row.append(columnSelect, " ", opSelect, " ", input, " ", remove);
    return row;
  };

  const renderGroup = (group: Group, parent: Group | null, depth: number): HTMLElement => {
    const box = document.createElement("div");
    box.className = "rule-group";
    box.dataset.depth = String(depth);
    const join = select(
      (["all", "any"] as const).map((j) => ({ value: j, text: JOIN_TEXT[j] })),
      group.join,
      "Combine with",
    );
    join.dataset.field = "join";
    join.addEventListener("change", () => {
      group.join = join.value as "all" | "any";
      changed();
    });
    const head = document.createElement("div");
    head.className = "rule-group-head";
    head.append(join);
    if (parent) {
      head.append(
        " ",
        button("Remove group", "remove-group", () => {
          parent.items.splice(parent.items.indexOf(group), 1);
          render();
          changed();
        }),
      );
    }
    const items = document.createElement("div");
    items.className = "rule-items";
    for (const item of group.items) items.append(item.kind === "group" ? renderGroup(item, group, depth + 1) : renderCondition(item, group));
    const foot = document.createElement("div");
    foot.className = "rule-group-foot";
    foot.append(
      button("+ Condition", "add-condition", () => {
        group.items.push(firstCondition(columns));
        render();
        changed();
      }),
      " ",
      button("+ Group", "add-group", () => {
        group.items.push({ kind: "group", join: group.join === "all" ? "any" : "all", items: [firstCondition(columns)] });
        render();
        changed();
      }),
    );
    box.append(head, items, foot);
    return box;
  };

  const render = () => tree.replaceChildren(renderGroup(model, null, 0));

  json.addEventListener("input", () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json.value);
    } catch (error) {
      jsonProblem.textContent = `Not valid JSON: ${(error as Error).message}`;
      jsonProblem.hidden = false;
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      jsonProblem.textContent = 'A rule is an object: {"column": …, "op": …, "value": …}, {"all": [rules]} or {"any": [rules]}';
      jsonProblem.hidden = false;
      return;
    }
    jsonProblem.hidden = true;
    model = toModel(parsed);
    render();
    emit();
  });

  const jsonLabel = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "The rule as JSON (paste a rule from the config, or copy this one into it)";
  jsonLabel.append(summary, json, jsonProblem);
  root.append(tree, jsonLabel);
  Object.defineProperty(root, "value", {
    get: rule,
    set(value: Rule) {
      model = toModel(value);
      render();
      showJson();
    },
  });
  render();
  showJson();
  return root;
}
