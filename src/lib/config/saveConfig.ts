/**
 * Saving the workbench's segmentation: the settings on the page become the config's
 * `segmentation` section, either on its own or written into the committed workbench.config.json
 * in place of the old section. Only that section's text changes: every other byte of the file
 * (comments, key order, formatting) stays as it was, so the commit's diff shows just the new
 * segmentation. The result is checked with the same parser the build uses, so a file the page
 * offers is a file the build accepts.
 */
import { parseConfig, type SegmentationConfig, type WorkbenchConfig } from "./config.js";
import type { PlayOverride } from "../segments/playbook.js";

export interface SegmentationSettings {
  features: readonly string[];
  log: readonly string[];
  scale: SegmentationConfig["scale"];
  k: number;
  seed: number;
  nInit: number;
  /** Name overrides by segment number; blank ones are left out. */
  names?: Readonly<Record<string, string | null | undefined>>;
  /** Action overrides by segment number: text (blank is left out) or play fields. */
  actions?: Readonly<Record<string, PlayOverride | null | undefined>>;
  /** Features read as categories although numeric (only chosen features are kept); default none. */
  categorical?: readonly string[];
  /** How blanks are handled; default "exclude". */
  missing?: SegmentationConfig["missing"];
  /** k-prototypes' categorical weight; default null (Huang's). */
  gamma?: number | null;
}

const segmentKey = (key: string, k: number) => /^\d+$/.test(key) && Number(key) < k;

/**
 * A `segmentation` section as the workbench saves it: every key of the k-means settings, and
 * categorical, missing and gamma only when they differ from their defaults, so a config written
 * before those keys existed saves back unchanged.
 */
export type SegmentationSection = Omit<SegmentationConfig, "categorical" | "missing" | "gamma"> & Partial<Pick<SegmentationConfig, "categorical" | "missing" | "gamma">>;

/**
 * The `segmentation` section for the settings: log transforms only of chosen features (in feature
 * order), names and actions only for segments 0…k − 1, trimmed, blanks dropped, keys in number order.
 */
export function segmentationSection(settings: SegmentationSettings): SegmentationSection {
  const { k } = settings;
  const keys = (map: Readonly<Record<string, unknown>> | undefined) =>
    Object.keys(map ?? {})
      .filter((key) => segmentKey(key, k))
      .sort((a, b) => Number(a) - Number(b));
  const names: Record<string, string> = {};
  for (const key of keys(settings.names)) {
    const name = settings.names![key]?.trim();
    if (name) names[key] = name;
  }
  const actions: Record<string, PlayOverride> = {};
  for (const key of keys(settings.actions)) {
    const action = settings.actions![key];
    if (typeof action === "string") {
      if (action.trim()) actions[key] = action.trim();
    } else if (action && Object.values(action).some((v) => typeof v === "string" && v.trim())) {
      actions[key] = action;
    }
  }
  const features = [...settings.features];
  const categorical = features.filter((f) => (settings.categorical ?? []).includes(f));
  return {
    features,
    log: features.filter((f) => settings.log.includes(f)),
    scale: settings.scale,
    k,
    seed: settings.seed,
    nInit: settings.nInit,
    names,
    actions,
    ...(categorical.length ? { categorical } : {}),
    ...(settings.missing && settings.missing !== "exclude" ? { missing: settings.missing } : {}),
    ...(settings.gamma !== undefined && settings.gamma !== null ? { gamma: settings.gamma } : {}),
  };
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== "object";
}

/**
 * JSON in the config's style: objects one member per line, arrays of plain values and empty
 * objects on one line. `level` is the indentation of the value's first line (continuation lines are
 * indented from it).
 */
export function formatJson(value: unknown, indent = "  ", level = ""): string {
  if (isPrimitive(value)) return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.every(isPrimitive)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    const inner = level + indent;
    return `[\n${value.map((v) => inner + formatJson(v, indent, inner)).join(",\n")}\n${level}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const inner = level + indent;
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, indent, inner)}`).join(",\n")}\n${level}}`;
}

export interface MemberSpan {
  /** Offset of the key's opening quote, of the value's first character and just past its last. */
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function skipString(text: string, i: number): number {
  // text[i] is the opening quote.
  for (i++; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  throw new Error("unterminated string");
}

function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c === "{" || c === "[") {
    let depth = 0;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        i = skipString(text, i);
        continue;
      }
      if (ch === "{" || ch === "[") depth++;
      else if (ch === "}" || ch === "]") {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new Error("unbalanced brackets");
  }
  const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
  if (!m) throw new Error(`unexpected ${JSON.stringify(c)} at offset ${i}`);
  return i + m[0].length;
}

/** Where each member of the top-level object is in the (valid JSON) text. */
export function topLevelMembers(text: string): Map<string, MemberSpan> {
  JSON.parse(text); // valid JSON, or throw with the parser's message
  let i = skipSpace(text, 0);
  if (text[i] !== "{") throw new Error("the config is not a JSON object");
  const members = new Map<string, MemberSpan>();
  i = skipSpace(text, i + 1);
  while (text[i] !== "}") {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    i = skipSpace(text, i + 1); // past ":"
    const valueStart = i;
    const valueEnd = skipValue(text, i);
    members.set(key, { keyStart, valueStart, valueEnd });
    i = skipSpace(text, valueEnd);
    if (text[i] === ",") i = skipSpace(text, i + 1);
  }
  return members;
}

/** The whitespace the line holding offset starts with. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/**
 * The config text with its `segmentation` section replaced (a `$comment` in the old section is
 * kept). Without a section, one is added as the last member. Throws a ConfigError if the result
 * would not be accepted by the build (for instance an unknown feature name is caught there only
 * when features are built, but a bad scaling, k or name key is caught here).
 */
export function replaceSegmentation(text: string, segmentation: SegmentationSection, source = "workbench.config.json"): { text: string; config: WorkbenchConfig } {
  const members = topLevelMembers(text);
  const old = (JSON.parse(text) as Record<string, unknown>).segmentation;
  const comment = old && typeof old === "object" && "$comment" in old ? (old as Record<string, unknown>).$comment : undefined;
  const section = comment === undefined ? segmentation : { $comment: comment, ...segmentation };
  const span = members.get("segmentation");
  let out: string;
  if (span) {
    const level = lineIndent(text, span.keyStart);
    out = text.slice(0, span.valueStart) + formatJson(section, "  ", level) + text.slice(span.valueEnd);
  } else {
    const close = text.lastIndexOf("}");
    const body = text.slice(0, close).trimEnd();
    const level = members.size ? lineIndent(text, [...members.values()][0].keyStart) : "  ";
    const comma = members.size ? "," : "";
    out = `${body}${comma}\n${level}"segmentation": ${formatJson(section, "  ", level)}\n${text.slice(close)}`;
  }
  const config = parseConfig(JSON.parse(out), source);
  return { text: out, config };
}

/** Just the section, as a small JSON file: `{"segmentation": {…}}`. */
export function segmentationFile(segmentation: SegmentationSection): string {
  return formatJson({ segmentation }) + "\n";
}

/** Whether two segmentation sections describe the same segmentation (same settings, names and actions). */
export function sameSegmentation(a: SegmentationSettings, b: SegmentationSettings): boolean {
  return formatJson(segmentationSection(a)) === formatJson(segmentationSection(b));
}
