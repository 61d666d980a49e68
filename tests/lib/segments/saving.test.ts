import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/lib/config/config.js";
import { sameSegmentation } from "../../../src/lib/config/saveConfig.js";
import { changedKeys, saveDecision, WINSORIZED, type CommittedFile } from "../../../src/lib/segments/saving.js";
import { PROJECT_ROOT } from "../../../pipeline/config.js";

const text = readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8");
const committed: CommittedFile = { file: "workbench.config.json", text, segmentation: parseConfig(JSON.parse(text)).segmentation };
const start = committed.segmentation;
const same = { ...start, winsorize: null };

describe("changedKeys", () => {
  it("is empty exactly when sameSegmentation holds, and names each key that differs", () => {
    expect(changedKeys(start, start)).toEqual([]);
    // Blank names and a log transform of an unchosen feature are not changes: they are not saved.
    const padded = { ...start, names: { ...start.names, "0": "  " }, log: [...start.log, "tenure_days"] };
    expect(sameSegmentation(padded, start)).toBe(true);
    expect(changedKeys(padded, start)).toEqual([]);
    const other = { ...start, k: start.k + 1, seed: start.seed + 1, names: { "1": "Renamed" } };
    expect(sameSegmentation(other, start)).toBe(false);
    expect(changedKeys(other, start)).toEqual(["k", "seed", "names"]);
  });
});

describe("saveDecision", () => {
  it("saves the committed settings as the same segmentation, in a config the build parses", () => {
    const d = saveDecision(same, { names: start.names, actions: start.actions }, ["a", "b"], committed);
    expect(d.problem).toBeNull();
    expect(d.changed).toEqual([]);
    expect(d.text).not.toBeNull();
    expect(parseConfig(JSON.parse(d.text!)).segmentation).toEqual(parseConfig(JSON.parse(text)).segmentation);
  });

  it("refuses a winsorized clustering, saying why", () => {
    const d = saveDecision({ ...same, winsorize: [1, 99] }, { names: {}, actions: {} }, [], committed);
    expect(d.text).toBeNull();
    expect(d.problem).toBe(WINSORIZED);
  });

  it("passes on the error of a committed file it cannot write into, and flags shared names", () => {
    const broken = { ...committed, text: '{"segmentation": ' };
    const d = saveDecision({ ...same, k: 3 }, { names: { "0": "A", "1": "A" }, actions: {} }, ["A", "A", "B"], broken);
    expect(d.text).toBeNull();
    expect(d.problem).toMatch(/workbench\.config\.json/);
    expect(d.changed).toEqual(["k", "names"]);
    expect(d.duplicateNames).toEqual(["A"]);
  });
});
