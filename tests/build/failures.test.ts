// Failures are loud and safe, in a temporary copy of the project (tests/corpus/hostile/cases.json, "build"):
// - a missing or broken export (or config) stops `npm run build` with one line naming the file and the
//   cause, before Framework runs: dist/ from the last good build stays as it was, and no cache keeps a
//   partial output (.workbench-cache staging folders, Framework's loader cache);
// - a data loader that fails stops Framework's own build too, naming the file and the cause;
// - rerunning after fixing an export in place (a folder input, whose own time does not change) gives a
//   site byte-identical to a clean build's (data files byte for byte; pages but for the time Framework
//   records for each data file);
// - editing a data loader gives its new output (Framework's build alone would keep the stale one).
//
// BUILD_TEST_KEEP=1 keeps the copy (its path is printed).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyProject, differences, frameworkBuild, listFiles, npmBuild, tail, withoutLastModified, type Run } from "../support/projectCopy.js";
import { PROJECT_ROOT } from "../../pipeline/config.js";

interface BuildCase {
  id: string;
  why?: string;
  config?: Record<string, unknown>;
  configText?: string;
  files?: Record<string, string>;
  error: string[];
}

const { build } = JSON.parse(readFileSync(join(PROJECT_ROOT, "tests", "corpus", "hostile", "cases.json"), "utf-8")) as { build: { cases: BuildCase[] } };

let copy: string;
const CONFIG = "hostile-build.config.json";
const PREVIOUS = "<!-- the last good build -->\n";

beforeAll(() => {
  copy = copyProject("build-failures-");
  if (process.env.BUILD_TEST_KEEP) console.log(`project copy: ${copy}`);
});

afterAll(() => {
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

/** Half-made pipeline runs: staging folders of the pipeline, ingest and report, or a cache folder without its last file. */
function staging(): string[] {
  return leftovers().filter((f) => f.startsWith(".workbench-cache/"));
}

/** Whatever a failed run could leave: half-made pipeline runs (see staging) and Framework's loader outputs. */
function leftovers(): string[] {
  const cache = join(copy, ".workbench-cache");
  const staging = existsSync(cache) ? readdirSync(cache).filter((name) => /\.(run|partial)-\d+$/.test(name) || /\.tmp-\d+$/.test(name)) : [];
  const incomplete = existsSync(cache)
    ? readdirSync(cache).filter((name) => !staging.includes(name) && statSync(join(cache, name)).isDirectory() && !existsSync(join(cache, name, "features.json")))
    : [];
  const data = join(copy, "src", ".observablehq", "cache", "data");
  return [...staging.map((s) => `.workbench-cache/${s}`), ...incomplete.map((s) => `.workbench-cache/${s} (no features.json)`), ...listFiles(data).map((f) => `loader output data/${f}`)];
}

function writeConfig(c: Pick<BuildCase, "config" | "configText" | "files">): string {
  rmSync(join(copy, "exports"), { recursive: true, force: true });
  for (const [target, source] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(copy, target)), { recursive: true });
    copyFileSync(join(PROJECT_ROOT, source), join(copy, target));
  }
  const file = join(copy, CONFIG);
  writeFileSync(file, c.configText ?? JSON.stringify(c.config, null, 2));
  return file;
}

function expectFailure(result: Run, fragments: string[]): void {
  expect(result.code, tail(result.output)).not.toBe(0);
  for (const fragment of fragments) expect(result.output, "the message names the file and the cause").toContain(fragment);
}

describe("npm run build with a missing or broken export", () => {
  beforeAll(() => {
    // Stands for the last good build, which a failed build must leave alone.
    rmSync(join(copy, "dist"), { recursive: true, force: true });
    mkdirSync(join(copy, "dist"), { recursive: true });
    writeFileSync(join(copy, "dist", "index.html"), PREVIOUS);
  });

  it.each(build.cases.map((c) => [`${c.id}${c.why ? `: ${c.why}` : ""}`, c] as const))("%s", async (_, c) => {
    const config = writeConfig(c);
    const result = await npmBuild(copy, { WORKBENCH_CONFIG: config });
    expectFailure(result, c.error);
    // One line from setup, not a stack trace, and Framework never started.
    const line = result.output.split("\n").find((l) => c.error.every((fragment) => l.includes(fragment)));
    expect(line, `one line with ${c.error.join(" and ")}:\n${tail(result.output)}`).toMatch(/^setup: /);
    expect(result.output).not.toMatch(/\n\s+at /);
    expect(result.output).not.toContain("load /");
    expect(listFiles(join(copy, "dist"))).toEqual(["index.html"]);
    expect(readFileSync(join(copy, "dist", "index.html"), "utf-8")).toBe(PREVIOUS);
    expect(leftovers()).toEqual([]);
  }, 120_000);
});

describe("Framework's build alone (no setup) with a missing export", () => {
  it("stops: the failing data loader names the file and the cause", async () => {
    const config = writeConfig({ config: { inputs: { transactions: "exports/missing.csv", customers: null } } });
    const result = await frameworkBuild(copy, { WORKBENCH_CONFIG: config });
    expectFailure(result, ["exports/missing.csv: file not found", "loader exited with code 1"]);
    // Framework leaves .err markers for failed loaders, never an output.
    expect(leftovers().filter((f) => !f.endsWith(".err"))).toEqual([]);
  }, 180_000);
});

describe("rerunning after fixing an export", () => {
  // A folder input: day1.csv and day2.csv split from the bundled sample; files in it are edited in
  // place, which does not change the folder's own modification time.
  const sample = readFileSync(join(PROJECT_ROOT, "data", "sample", "transactions.csv"), "utf-8").trimEnd().split("\n");
  const header = sample[0];
  const lines = sample.slice(1);
  const half = Math.floor(lines.length / 2);
  const day1 = [header, ...lines.slice(0, half)].join("\n") + "\n";
  const day2 = [header, ...lines.slice(half)].join("\n") + "\n";
  const config = { inputs: { transactions: "exports", customers: "data/sample/customers.csv" } };
  const folder = () => join(copy, "exports");
  const snapshots: Record<string, string> = {};

  async function goodBuild(name: string): Promise<void> {
    const result = await npmBuild(copy, { WORKBENCH_CONFIG: join(copy, CONFIG) });
    expect(result.code, tail(result.output)).toBe(0);
    snapshots[name] = join(copy, `dist-${name}`);
    rmSync(snapshots[name], { recursive: true, force: true });
    renameSync(join(copy, "dist"), snapshots[name]);
    console.log(`build "${name}": ${result.seconds.toFixed(1)} s`);
  }

  function qualityOf(dist: string): { rowsRejected: number } {
    const file = listFiles(join(dist, "_file", "data")).find((f) => /^quality\.[0-9a-f]+\.json$/.test(f));
    if (!file) throw new Error(`no quality json in ${dist}`);
    return JSON.parse(readFileSync(join(dist, "_file", "data", file), "utf-8")).quality.transactions;
  }

  it("a byte that is not UTF-8 in day2.csv stops the build, naming the file and the line", async () => {
    writeConfig({ config });
    mkdirSync(folder(), { recursive: true });
    writeFileSync(join(folder(), "day1.csv"), day1);
    // A Latin-1 "é" (one byte, 0xE9: not UTF-8) at the start of line 5.
    const rows = day2.split("\n");
    writeFileSync(join(folder(), "day2.csv"), Buffer.concat([Buffer.from(rows.slice(0, 4).join("\n") + "\n"), Buffer.from([0xe9]), Buffer.from(rows.slice(4).join("\n"))]));
    const result = await npmBuild(copy, { WORKBENCH_CONFIG: join(copy, CONFIG) });
    expectFailure(result, ["exports/day2.csv: line 5 is not valid UTF-8"]);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it("with three unreadable quantities left in day2.csv, the build succeeds and rejects them", async () => {
    const folderTime = statSync(folder()).mtimeMs;
    const rows = day2.trimEnd().split("\n");
    // quantity is the last but one field (product names hold quoted commas, so count from the end)
    for (const i of [3, 10, 20]) rows[i] = rows[i].replace(/,[^,]*(,[^,]*)$/, ",three$1");
    writeFileSync(join(folder(), "day2.csv"), rows.join("\n") + "\n"); // in place
    expect(statSync(folder()).mtimeMs).toBe(folderTime);
    await goodBuild("with-rejects");
    expect(qualityOf(snapshots["with-rejects"]).rowsRejected).toBeGreaterThanOrEqual(3);
  }, 300_000);

  it("after fixing day2.csv in place, the site is byte-identical to a clean build's", async () => {
    const folderTime = statSync(folder()).mtimeMs;
    writeFileSync(join(folder(), "day2.csv"), day2); // in place: the folder's time does not change
    expect(statSync(folder()).mtimeMs).toBe(folderTime);
    await goodBuild("fixed");
    expect(qualityOf(snapshots.fixed).rowsRejected).toBeLessThan(qualityOf(snapshots["with-rejects"]).rowsRejected);
    // Clean: no pipeline outputs, no Framework loader outputs, no dist/.
    rmSync(join(copy, ".workbench-cache"), { recursive: true, force: true });
    rmSync(join(copy, "src", ".observablehq", "cache", "data"), { recursive: true, force: true });
    await goodBuild("clean");
    expect(listFiles(snapshots.clean).length).toBeGreaterThan(0);
    // Every data file byte for byte; the pages too, but for the time each data file was made.
    expect(differences(join(snapshots.fixed, "_file"), join(snapshots.clean, "_file"))).toEqual([]);
    expect(differences(snapshots.fixed, snapshots.clean, withoutLastModified)).toEqual([]);
    expect(staging()).toEqual([]);
  }, 600_000);

  it("after editing a data loader, the build has its new output (not Framework's stale cached one)", async () => {
    const loader = join(copy, "src", "data", "rfm.json.ts");
    const text = readFileSync(loader, "utf-8");
    const edited = text.replace("JSON.stringify({", 'JSON.stringify({ edited: "after the last build",');
    expect(edited).not.toBe(text);
    writeFileSync(loader, edited);
    await goodBuild("edited-loader");
    const rfm = listFiles(join(snapshots["edited-loader"], "_file", "data")).find((f) => /^rfm\.[0-9a-f]+\.json$/.test(f));
    expect(rfm).toBeDefined();
    expect(JSON.parse(readFileSync(join(snapshots["edited-loader"], "_file", "data", rfm!), "utf-8")).edited).toBe("after the last build");
  }, 300_000);
});
