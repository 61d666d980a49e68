// `export --since PREVIOUS` through the CLI: two full exports from different configs (an earlier
// as-of date on the whole sample; today on the sample without some customers), and the changes file
// between them, checked against a comparison of the two full exports made here.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPipeline } from "../../../pipeline/run.js";
import { writeSample } from "../../../tools/sample.js";
import { parseCsv } from "../../support/csv.js";

const exec = promisify(execFile);
let dir: string;
const configs: Record<"before" | "after", string> = { before: "", after: "" };
const REMOVED = ["C00001", "C00002", "C00003", "C00004", "C00005"];

/** The CLI's exit code and stderr (it never throws). */
async function cli(...args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await exec(process.execPath, ["--import", "tsx", "pipeline/cli.ts", ...args]);
    return { code: 0, stderr };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, stderr: e.stderr };
  }
}

/** The records of a file the export wrote, read with the tests' strict RFC 4180 reader, independent of src/lib/io/csvRead.ts. */
function rows(file: string): string[][] {
  return parseCsv(readFileSync(file, "utf-8"));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "export-since-"));
  await writeSample(join(dir, "sample"));
  const lines = readFileSync(join(dir, "sample", "transactions.csv"), "utf-8").trimEnd().split("\n");
  // The customer id is the second field; product names with commas come later, quoted.
  const kept = lines.filter((line, i) => i === 0 || !REMOVED.includes(line.split(",")[1]));
  expect(kept.length).toBeLessThan(lines.length);
  writeFileSync(join(dir, "fewer.csv"), kept.join("\n") + "\n");
  const customers = join(dir, "sample", "customers.csv");
  configs.before = join(dir, "before.config.json");
  writeFileSync(configs.before, JSON.stringify({ inputs: { transactions: join(dir, "sample", "transactions.csv"), customers }, features: { asOf: "2024-12-01" }, report: { history: null } }));
  configs.after = join(dir, "after.config.json");
  writeFileSync(configs.after, JSON.stringify({ inputs: { transactions: join(dir, "fewer.csv"), customers }, report: { history: null } }));
});

afterAll(async () => {
  for (const file of Object.values(configs)) if (file) rmSync((await runPipeline(file)).dir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("export --since", () => {
  it("writes only the customers who entered, left or moved between two exports", async () => {
    const [before, after, changes] = ["before.csv", "after.csv", "changes.csv"].map((f) => join(dir, f));
    expect((await cli("export", "--config", configs.before, "--out", before)).code).toBe(0);
    expect((await cli("export", "--config", configs.after, "--out", after)).code).toBe(0);
    const result = await cli("export", "--config", configs.after, "--since", before, "--out", changes);
    expect(result.code, result.stderr).toBe(0);

    const then = new Map(rows(before).slice(1).map(([id, segment]) => [id, segment]));
    const now = rows(after).slice(1);
    const nowIds = new Set(now.map(([id]) => id));
    const expected = [
      ["customer_id", "segment", "previous_segment", "change"],
      ...now.filter(([id, segment]) => then.get(id) !== segment).map(([id, segment]) => [id, segment, then.get(id) ?? "", then.has(id) ? "moved" : "entered"]),
      ...[...then].filter(([id]) => !nowIds.has(id)).map(([id, segment]) => [id, "", segment, "left"]),
    ];
    const written = rows(changes);
    expect(written).toEqual(expected);
    const count = (change: string) => written.filter((r) => r[3] === change).length;
    // December's new customers entered; the removed customers who had bought by then left; a month moves some.
    expect(count("entered")).toBeGreaterThan(0);
    expect(count("left")).toBeGreaterThan(0);
    expect(written.filter((r) => r[3] === "left").every((r) => REMOVED.includes(r[0]))).toBe(true);
    expect(count("moved")).toBeGreaterThan(0);
    expect(written.length - 1).toBeLessThan(now.length);
    expect(result.stderr).toMatch(
      new RegExp(`^export: ${written.length - 1} changes since .*before\\.csv \\(${count("entered")} entered, ${count("left")} left, ${count("moved")} moved; ${now.length - count("entered") - count("moved")} unchanged\\) of ${now.length} customers as of 2025-01-01 → `),
    );
  });

  it("stops with one line on a previous file that is not a full export, missing, or the output itself", async () => {
    const changes = join(dir, "changes.csv");
    const again = await cli("export", "--config", configs.after, "--since", changes, "--out", join(dir, "again.csv"));
    expect(again.code).toBe(1);
    expect(again.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^workbench: .*changes\.csv: a changes file \(written by `export --since`, it has a change column\): pass the last full export/)]);
    const missing = await cli("export", "--config", configs.after, "--since", join(dir, "nope.csv"), "--out", join(dir, "again.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(/^workbench: .*nope\.csv: previous export not found$/)]);
    const same = await cli("export", "--config", configs.after, "--since", changes, "--out", changes);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/^workbench: --since and --out are the same file/);
  });
});
