// `workbench run` in a temporary copy of the project: it rebuilds the site from scratch (no pipeline,
// loader or site output), a second run with nothing changed gives the same data files byte for byte,
// and a broken export (or config) stops it with one line naming the stage and the cause while dist/
// stays exactly as the last good run left it. BUILD_TEST_KEEP=1 keeps the copy.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureLine } from "../../pipeline/refresh.js";
import { copyProject, differences, listFiles, run, tail, withoutLastModified, type Run } from "../support/projectCopy.js";

let copy: string;

beforeAll(() => {
  copy = copyProject("workbench-run-");
  if (process.env.BUILD_TEST_KEEP) console.log(`project copy: ${copy}`);
});

afterAll(() => {
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

const workbenchRun = (...args: string[]): Promise<Run> => run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "workbench", "--", "run", ...args], copy);

/** What a run could leave behind: its staging folder, dist/ set aside, pipeline staging folders. */
function leftovers(): string[] {
  const cache = join(copy, ".workbench-cache");
  return [
    ...readdirSync(copy).filter((name) => name.startsWith(".workbench-site-") || name.startsWith("dist.previous-")),
    ...(existsSync(cache) ? readdirSync(cache).filter((name) => /\.(run|partial)-\d+$|\.tmp-\d+$/.test(name)) : []),
  ];
}

describe("workbench run", () => {
  const first = () => join(copy, "dist-first");

  it("rebuilds the site from scratch, stage by stage", async () => {
    expect(existsSync(join(copy, "dist"))).toBe(false);
    expect(existsSync(join(copy, ".workbench-cache"))).toBe(false);
    const result = await workbenchRun();
    expect(result.code, tail(result.output)).toBe(0);
    const lines = result.output.trimEnd().split("\n");
    // The committed config has clv.enabled: predictions are a step after the features.
    for (const stage of ["config", "setup", "ingest → features → predictions", "report", "site"]) expect(lines).toContain(`run: ${stage} …`);
    expect(result.output).toMatch(/run: ingest → features → predictions: .*; features as of 2025-01-01; predictions (published|refused: .+) \(\d+\.\d s\)/);
    expect(result.output).toMatch(/run: report: 5 segments over 4855 customers; history: 12 snapshots, every month/);
    expect(lines.at(-1)).toMatch(/^run: site: \d+ files → dist\/ \(\d+\.\d s in all\)$/);
    for (const page of ["index.html", "segments/0.html", "data.html"]) expect(existsSync(join(copy, "dist", page)), page).toBe(true);
    const report = listFiles(join(copy, "dist", "_file", "data")).find((f) => /^report\.[0-9a-f]+\.json$/.test(f));
    expect(JSON.parse(readFileSync(join(copy, "dist", "_file", "data", report!), "utf-8")).history.snapshots).toHaveLength(12);
    expect(leftovers()).toEqual([]);
    cpSync(join(copy, "dist"), first(), { recursive: true });
    console.log(`workbench run from scratch: ${result.seconds.toFixed(1)} s`);
  }, 600_000);

  it("a second run with nothing changed gives the same site: dist/_file byte for byte", async () => {
    const result = await workbenchRun();
    expect(result.code, tail(result.output)).toBe(0);
    expect(differences(join(first(), "_file"), join(copy, "dist", "_file"))).toEqual([]);
    expect(differences(first(), join(copy, "dist"), withoutLastModified)).toEqual([]);
    expect(leftovers()).toEqual([]);
    console.log(`workbench run again: ${result.seconds.toFixed(1)} s`);
  }, 600_000);

  it.each([
    ["a broken export", { inputs: { transactions: "exports/orders.csv", customers: null } }, /^workbench: run stopped at ingest → features: exports\/orders\.csv: has a header but no data rows\. .*\(dist\/ left as the last good run made it\)$/],
    ["a mistyped config key", { report: { history: { cout: 12 } } }, /^workbench: run stopped at config: broken\.config\.json: report\.history\.cout: unknown key; did you mean report\.history\.count\? \(dist\/ left as the last good run made it\)$/],
  ])("stops with one line on %s, leaving dist/ as it was", async (_, config, message) => {
    mkdirSync(join(copy, "exports"), { recursive: true });
    writeFileSync(join(copy, "exports", "orders.csv"), "order_id,customer_id,order_timestamp,product_id,quantity,unit_price\n");
    writeFileSync(join(copy, "broken.config.json"), JSON.stringify(config));
    const result = await workbenchRun("--config", "broken.config.json");
    expect(result.code, tail(result.output)).toBe(1);
    const failures = result.output.trimEnd().split("\n").filter((l) => !l.startsWith("run: "));
    expect(failures, tail(result.output)).toEqual([expect.stringMatching(message)]);
    expect(differences(first(), join(copy, "dist"))).toEqual([]);
    expect(leftovers()).toEqual([]);
  }, 300_000);
});

describe("the failure line of a site build", () => {
  it("is setup's own line, or the error a data loader threw with the loader, or Framework's", () => {
    expect(failureLine("setup: generated the bundled sample\nsetup: exports/x.csv: file not found\n")).toBe("exports/x.csv: file not found");
    const loader = [
      "copy src/data/report.json → load /data/report.json → [missing] success 173 kB in 1936ms",
      "copy src/data/rfm.json → load /data/rfm.json → [missing] /tmp/p/src/data/rfm.json.ts:1",
      'throw new Error("x");',
      "\u001b[31mError: exports/day2.csv: line 5 is not valid UTF-8\u001b[39m",
      "    at <anonymous> (/tmp/p/src/data/rfm.json.ts:1:7)",
      "error in 1979ms: loader exited with code 1",
    ].join("\n");
    expect(failureLine(loader)).toBe("the data loader of src/data/rfm.json: exports/day2.csv: line 5 is not valid UTF-8");
    expect(failureLine("build started\nUnexpected error: loader exited with code 1\nTip: …")).toBe("Unexpected error: loader exited with code 1");
    expect(failureLine("")).toBe("no output");
  });
});
