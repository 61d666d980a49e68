/**
 * `workbench run`: one command for a refresh, for a schedule (cron, CI) or by hand. Stage by stage,
 * each announced on stderr with its figures and time:
 *
 * 1. config: read and checked (src/lib/config);
 * 2. setup: the bundled sample if missing, Framework's offline npm cache, stale loader outputs
 *    cleared (tools/setup.ts, without its pipeline step, which the next stages are);
 * 3. ingest → features (→ predictions, when `clv.enabled`: run.ts), 4. report (report/build.ts:
 *    every section), both cached by the config, the inputs and the code, so the site's data loaders
 *    then read them;
 * 5. site: Framework's build (package.json's `build` script, without its `prebuild` setup, done in 2)
 *    into a staging folder beside dist/, renamed to dist/ only when the build succeeded.
 *
 * Any failure stops the run with one line naming the stage and the cause, and dist/ stays as the last
 * good run left it: Framework's build empties its output folder first, so it never writes dist/
 * itself. The swap is two renames (dist/ → dist.previous-<pid>, staging → dist/); a run killed
 * between them is repaired by the next one, which also removes staging folders of dead runs.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadConfig, PROJECT_ROOT } from "./config.js";
import { buildReport } from "./report/build.js";
import { CACHE_ROOT, runPipeline } from "./run.js";
import { processAlive } from "./processAlive.js";

export interface RefreshOptions {
  /** The config file (default: $WORKBENCH_CONFIG or workbench.config.json). */
  configFile?: string;
  /** Progress lines, one per stage and result. */
  onProgress?: (line: string) => void;
}

export interface RefreshResult {
  dist: string;
  files: number;
  seconds: number;
}

const STAGING_PREFIX = ".workbench-site-";
const PREVIOUS_PREFIX = "dist.previous-";

/** Where the site build's full output goes (the failure line names it). */
export const SITE_LOG = join(CACHE_ROOT, "site-build.log");

/** What a killed run left: its staging folder, or dist/ renamed aside (put back when dist/ is missing). */
function repairKilledRuns(dist: string): void {
  for (const name of readdirSync(PROJECT_ROOT)) {
    const pid = Number(name.startsWith(STAGING_PREFIX) ? name.slice(STAGING_PREFIX.length) : name.startsWith(PREVIOUS_PREFIX) ? name.slice(PREVIOUS_PREFIX.length) : NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    const path = join(PROJECT_ROOT, name);
    if (name.startsWith(PREVIOUS_PREFIX) && !existsSync(dist)) renameSync(path, dist);
    else rmSync(path, { recursive: true, force: true });
  }
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * The line of a failed build's output that says why: setup's one line; else the first error a data
 * loader threw (`Error: …`), with the loader Framework was running; else Framework's own error line.
 */
export function failureLine(output: string): string {
  const lines = output.replace(ANSI, "").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const setup = lines.filter((l) => l.startsWith("setup: ") && !/^setup: (ready|generated|config, inputs)/.test(l)).at(-1);
  if (setup) return setup.slice("setup: ".length);
  const thrown = lines.findIndex((l) => /^([A-Z]\w*)?Error: /.test(l));
  if (thrown >= 0) {
    const cause = lines[thrown].replace(/^Error: /, "");
    const loader = lines.slice(0, thrown).reverse().map((l) => /^copy (\S+) → load /.exec(l)?.[1]).find(Boolean);
    return loader ? `the data loader of ${loader}: ${cause}` : cause;
  }
  return lines.find((l) => /\berror\b|✗|\bfailed\b|exited with/i.test(l)) ?? lines.at(-1) ?? "no output";
}

/** Runs an npm script in the project, its output appended to the log; resolves with the output, rejects with its failure line. */
function npmScript(args: string[], env: Record<string, string>, log: NodeJS.WritableStream, onLine?: (line: string) => void): Promise<string> {
  const npm = process.env.npm_execpath;
  const [command, prefix] = npm && /\.(c?js|mjs)$/.test(npm) ? [process.execPath, [npm]] : [process.platform === "win32" ? "npm.cmd" : "npm", []];
  log.write(`\n$ npm ${args.join(" ")}\n`);
  return new Promise((ok, fail) => {
    const child = spawn(command, [...prefix, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env, NO_COLOR: "1", FORCE_COLOR: "0", OBSERVABLE_TELEMETRY_DISABLE: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let pending = "";
    const take = (chunk: Buffer) => {
      const text = chunk.toString("utf-8");
      output += text;
      log.write(text);
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) onLine?.(line.replace(ANSI, "").trimEnd());
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (error) => fail(new Error(`could not start npm: ${error.message}`)));
    child.on("close", (code) => (code === 0 ? ok(output) : fail(new Error(failureLine(output)))));
  });
}

/** The refresh (see the module comment); throws one line naming the stage and the cause. */
export async function refresh(options: RefreshOptions = {}): Promise<RefreshResult> {
  const started = Date.now();
  const say = options.onProgress ?? (() => {});
  const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
  const dist = join(PROJECT_ROOT, "dist");
  const shownDist = relative(process.cwd(), dist) || dist;
  /** Runs one stage: a line when it starts, one with its figures and time when it ends, or the one-line failure. */
  async function stage<T>(name: string, work: () => Promise<T> | T, figures: (result: T) => string = () => "done"): Promise<T> {
    const at = Date.now();
    say(`run: ${name} …`);
    let result: T;
    try {
      result = await work();
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      throw new Error(`run stopped at ${name}: ${message} (${shownDist}/ left as the last good run made it)`);
    }
    say(`run: ${name}: ${figures(result)} (${seconds(at)})`);
    return result;
  }

  const configFile = options.configFile ? resolve(options.configFile) : undefined;
  const loaded = await stage("config", () => loadConfig(configFile), (l) => (l.file ? relative(process.cwd(), l.file) || l.file : "the built-in defaults"));
  // The child processes (setup, the data loaders) read the same config.
  const env: Record<string, string> = loaded.file ? { WORKBENCH_CONFIG: loaded.file } : {};
  mkdirSync(CACHE_ROOT, { recursive: true });
  const log = createWriteStream(SITE_LOG);
  const staging = join(PROJECT_ROOT, `${STAGING_PREFIX}${process.pid}`);
  try {
    repairKilledRuns(dist);
    await stage("setup", () =>
      npmScript(["run", "-s", "setup"], { ...env, WORKBENCH_SETUP_PIPELINE: "skip" }, log, (line) => {
        if (line.startsWith("setup: ") && !line.startsWith("setup: ready")) say(`run: ${line}`);
      }),
    );
    // Predictions (config `clv`) are a step of the pipeline, after the features, when enabled.
    await stage(
      loaded.config.clv.enabled ? "ingest → features → predictions" : "ingest → features",
      () => runPipeline(configFile),
      ({ quality, asOf, clv }) =>
        [quality.transactions, quality.customers]
          .filter((q) => q !== undefined && q !== null)
          .map((q) => `${q!.file}: ${q!.rowsRead} read, ${q!.rowsLoaded} loaded, ${q!.rowsRejected} rejected`)
          .join("; ") +
        `; features as of ${asOf}` +
        (clv.status === "off" ? "" : clv.status === "published" ? "; predictions published" : `; predictions refused: ${clv.reasons.join("; ")}`),
    );
    const { report } = await stage(
      "report",
      () => buildReport(configFile),
      ({ report: r }) =>
        `${r.segments.length} segments over ${r.totals.customers} customers` + (r.history ? `; history: ${r.history.snapshots.length} snapshots, every ${r.history.every}` : ""),
    );
    if (report.history?.review) say(`run: note: ${report.history.review.note}`);
    rmSync(staging, { recursive: true, force: true });
    await stage(
      "site",
      async () => {
        await npmScript(["run", "-s", "build", "--ignore-scripts"], { ...env, WORKBENCH_SITE_OUTPUT: staging }, log);
        if (!existsSync(join(staging, "index.html"))) throw new Error(`the build wrote no index.html (see ${relative(process.cwd(), SITE_LOG)})`);
      },
      () => `built (full output: ${relative(process.cwd(), SITE_LOG)})`,
    );
    // Swap: dist/ aside, the new site in, the old one removed. Put back if the second rename fails.
    const previous = join(PROJECT_ROOT, `${PREVIOUS_PREFIX}${process.pid}`);
    const had = existsSync(dist);
    if (had) renameSync(dist, previous);
    try {
      renameSync(staging, dist);
    } catch (error) {
      if (had) renameSync(previous, dist);
      throw new Error(`run stopped at site: could not move the new site to ${shownDist}/: ${(error as Error).message} (${shownDist}/ left as the last good run made it)`);
    }
    if (had) rmSync(previous, { recursive: true, force: true });
    const files = countFiles(dist);
    say(`run: site: ${files} files → ${shownDist}/ (${seconds(started)} in all)`);
    return { dist, files, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    log.end();
  }
}
