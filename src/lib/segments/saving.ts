/**
 * Whether the workbench's clustering can be saved into the committed config, and what would change:
 * the page shows this next to its Save buttons. Saving itself (the section, the file text) is
 * src/lib/config/saveConfig.ts.
 */
import type { SegmentationConfig } from "../config/config.js";
import { formatJson, replaceSegmentation, sameSegmentation, segmentationSection, type SegmentationSection } from "../config/saveConfig.js";
import type { PlayOverride } from "./playbook.js";
import { duplicateNames } from "./labelings.js";
import type { RunSettings } from "./clusterSettings.js";

/** The committed config as the page gets it (src/data/workbench-config.json.ts). */
export interface CommittedFile {
  file: string;
  text: string;
  segmentation: SegmentationConfig;
}

export interface SaveDecision {
  /** The `segmentation` section the page would save. */
  section: SegmentationSection;
  /** The whole config file with that section, or null when it cannot be saved (see `problem`). */
  text: string | null;
  /** Why it cannot be saved, or null. */
  problem: string | null;
  /** Keys of the section that differ from the committed one; empty exactly when sameSegmentation holds. */
  changed: (keyof SegmentationConfig)[];
  /** Names two or more segments share. */
  duplicateNames: string[];
}

export const WINSORIZED = "Winsorizing is on: the config has no winsorizing, so this clustering cannot be published. Set Winsorize to none to save.";

/** Keys of `section` that differ from `committed`, both as saved (normalised by segmentationSection). */
export function changedKeys(section: SegmentationSection, committed: SegmentationSection): (keyof SegmentationConfig)[] {
  if (sameSegmentation(section, committed)) return [];
  const a = segmentationSection(section);
  const b = segmentationSection(committed);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])] as (keyof SegmentationConfig)[];
  return keys.filter((key) => formatJson(a[key]) !== formatJson(b[key]));
}

/**
 * The decision for a finished clustering: its settings, the names and actions typed on the page, and
 * the segment names as shown (for the duplicate-name warning).
 */
export function saveDecision(
  settings: RunSettings,
  overrides: { names: Readonly<Record<string, string>>; actions: Readonly<Record<string, PlayOverride>> },
  shownNames: readonly string[],
  committed: CommittedFile,
): SaveDecision {
  const section = segmentationSection({ ...settings, names: overrides.names, actions: overrides.actions });
  let text: string | null = null;
  let problem: string | null = settings.winsorize ? WINSORIZED : null;
  if (!problem) {
    try {
      text = replaceSegmentation(committed.text, section, committed.file).text;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // The parser names the file; a JSON syntax error does not.
      problem = message.includes(committed.file) ? message : `${committed.file}: ${message}`;
    }
  }
  return { section, text, problem, changed: changedKeys(section, committed.segmentation), duplicateNames: duplicateNames(shownNames) };
}
