// A temporary copy of the project to build in (so tests and benchmarks never touch the
// repository's dist/, caches or config), and `npm run build` / `observable build` run in it.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { PROJECT_ROOT } from "../pipeline/config.js";

/**
 * Copies what a clone has (package.json, configs, loaders, scripts, data, src/) into a new temporary
 * folder, without Framework's caches except the npm cache setup fills from node_modules, and links
 * node_modules. `prefix` names the folder.
 */
export function copyProject(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const name of ["package.json", "observablehq.config.ts", "workbench.config.json", "tsconfig.json", "pipeline", "tools", "data"]) {
    if (existsSync(join(PROJECT_ROOT, name))) cpSync(join(PROJECT_ROOT, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  }
  cpSync(join(PROJECT_ROOT, "src"), join(dir, "src"), {
    recursive: true,
    filter: (source) => !relative(join(PROJECT_ROOT, "src"), source).startsWith(".observablehq"),
  });
  const npmCache = join(PROJECT_ROOT, "src", ".observablehq", "cache");
  for (const name of ["_npm", "offline-npm-cache.json"]) {
    if (existsSync(join(npmCache, name))) cpSync(join(npmCache, name), join(dir, "src", ".observablehq", "cache", name), { recursive: true });
  }
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

export interface Run {
  code: number | null;
  /** stdout and stderr, interleaved as they came. */
  output: string;
  seconds: number;
}

/** Runs a command in cwd with extra environment variables (undefined removes one). */
export function run(command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  const started = Date.now();
  const environment: NodeJS.ProcessEnv = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" };
  delete environment.WORKBENCH_CONFIG;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete environment[key];
    else environment[key] = value;
  }
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { cwd, env: environment, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk));
    child.on("error", fail);
    child.on("close", (code) => ok({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

/** `npm run -s build` (setup, then Framework's build) in cwd. */
export function npmBuild(cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  return run(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "-s", "build"], cwd, env);
}

/** Framework's build alone (no setup), offline, as package.json's build script runs it. */
export function frameworkBuild(cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  const bin = join(cwd, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  return run(process.execPath, ["--import", "./tools/forbid-network.mjs", bin, "build"], cwd, env);
}

/** Every file under dir, as sorted paths relative to it with "/" separators. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join("/"));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

/** The end of a long output, for assertion messages. */
export function tail(text: string, chars = 4000): string {
  return text.length > chars ? `…${text.slice(-chars)}` : text;
}
