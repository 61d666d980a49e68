/**
 * A form to name the segments and set their recommended actions: one row per segment with its
 * colour, size, automatic name and the two text fields (placeholders show what applies when a field
 * is left blank). It is an Observable view: `value` is {names, actions} keyed by segment number, as
 * the config's `segmentation.names` and `.actions`, and it fires "input" on every edit.
 *
 * `draft` is a plain object the page keeps across runs, so names typed for one clustering are still
 * there after the next (they are keyed by segment number, as in the config). An action override that
 * is an object of play fields in the config keeps its other fields; the field edits its `action`.
 */
import type { PlayOverride } from "../lib/segments/playbook.js";

export interface EditorSegment {
  segment: number;
  customers: number;
  /** The automatic name (archetype) and the action that applies without an override. */
  automaticName: string;
  defaultAction: string;
}

export interface Overrides {
  names: Record<string, string>;
  actions: Record<string, PlayOverride>;
}

function actionText(override: PlayOverride | undefined): string {
  if (override === undefined) return "";
  return typeof override === "string" ? override : (override.action ?? "");
}

function withAction(previous: PlayOverride | undefined, text: string): PlayOverride | undefined {
  if (previous !== undefined && typeof previous !== "string") {
    const { action: _, ...rest } = previous;
    return text.trim() ? { ...rest, action: text } : Object.keys(rest).length ? rest : undefined;
  }
  return text.trim() ? text : undefined;
}

export function namesEditor(segments: readonly EditorSegment[], draft: Overrides, options: { colors?: readonly string[] } = {}): HTMLFormElement & { value: Overrides } {
  const form = document.createElement("form") as HTMLFormElement & { value: Overrides };
  form.className = "names-editor";
  form.dataset.testid = "names-editor";
  form.addEventListener("submit", (event) => event.preventDefault());
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const label of ["Segment", "Customers", "Name", "Recommended action"]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  const current = (): Overrides => {
    const names: Record<string, string> = {};
    const actions: Record<string, PlayOverride> = {};
    for (const s of segments) {
      const key = String(s.segment);
      if (draft.names[key]?.trim()) names[key] = draft.names[key];
      if (draft.actions[key] !== undefined) actions[key] = draft.actions[key];
    }
    return { names, actions };
  };
  segments.forEach((s, i) => {
    const key = String(s.segment);
    const row = body.insertRow();
    row.dataset.segment = key;
    const label = row.insertCell();
    if (options.colors) {
      const swatch = document.createElement("span");
      swatch.className = "segment-swatch";
      swatch.style.background = options.colors[i % options.colors.length];
      label.append(swatch);
    }
    label.append(document.createTextNode(`${s.segment}: ${s.automaticName}`));
    const size = row.insertCell();
    size.className = "num";
    size.textContent = s.customers.toLocaleString("en-GB");
    const name = document.createElement("input");
    name.type = "text";
    name.name = `name-${key}`;
    name.placeholder = s.automaticName;
    name.value = draft.names[key] ?? "";
    name.setAttribute("aria-label", `Name of segment ${key}`);
    name.addEventListener("input", () => {
      if (name.value.trim()) draft.names[key] = name.value;
      else delete draft.names[key];
      form.value = current();
    });
    row.insertCell().append(name);
    const action = document.createElement("input");
    action.type = "text";
    action.name = `action-${key}`;
    action.placeholder = s.defaultAction;
    action.value = actionText(draft.actions[key]);
    action.setAttribute("aria-label", `Recommended action for segment ${key}`);
    action.addEventListener("input", () => {
      const next = withAction(draft.actions[key], action.value);
      if (next === undefined) delete draft.actions[key];
      else draft.actions[key] = next;
      form.value = current();
    });
    row.insertCell().append(action);
  });
  form.append(table);
  form.value = current();
  return form;
}
