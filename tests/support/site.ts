// The Framework site under test: its pages (from observablehq.config.ts) and its build.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

interface PageEntry {
  name?: string;
  path?: string;
  pages?: PageEntry[];
}

type DynamicPaths = Iterable<string> | AsyncIterable<string>;

interface SiteConfig {
  root?: string;
  output?: string;
  pages?: PageEntry[];
  /** Framework's list of parameterized pages to build: an iterable, or a function returning one. */
  dynamicPaths?: DynamicPaths | (() => DynamicPaths | Promise<DynamicPaths>);
}

async function readConfig(): Promise<SiteConfig> {
  const module = (await import("../../observablehq.config.js")) as unknown as { default: SiteConfig };
  return module.default;
}

/** "/workbench", "workbench", "/dir/index" → "/workbench", "/workbench", "/dir/" */
export function normalizePagePath(path: string): string {
  let p = path.startsWith("/") ? path : `/${path}`;
  p = p.replace(/\.(md|html)$/, "");
  if (p === "/index" || p.endsWith("/index")) p = p.slice(0, -"index".length);
  return p;
}

/**
 * Every page of the site: "/" first, then the config's pages (sections flattened) in order, then its
 * dynamicPaths (parameterized pages such as /segments/[segment]) not listed already; no repeats.
 */
export async function listPages(): Promise<string[]> {
  const config = await readConfig();
  const paths = new Set<string>(["/"]);
  const visit = (entries: PageEntry[] | undefined) => {
    for (const entry of entries ?? []) {
      if (typeof entry.path === "string") paths.add(normalizePagePath(entry.path));
      visit(entry.pages);
    }
  };
  visit(config.pages);
  const dynamic = typeof config.dynamicPaths === "function" ? await config.dynamicPaths() : config.dynamicPaths;
  if (dynamic) for await (const path of dynamic) paths.add(normalizePagePath(path));
  return [...paths];
}

/** The site's output folder (Framework's `output`, "dist" by default) as an absolute path. */
export async function outputDir(): Promise<string> {
  const config = await readConfig();
  return resolve(PROJECT_ROOT, config.output ?? "dist");
}

let build: Promise<string> | undefined;

/**
 * Runs `npm run -s build` (which runs `setup` first) once per test process and resolves to the output
 * folder. With SITE_DIST set, no build runs and that folder is used instead (for iterating on tests).
 */
export function buildSite(): Promise<string> {
  build ??= runBuild();
  return build;
}

async function runBuild(): Promise<string> {
  if (process.env.SITE_DIST) {
    const dir = resolve(process.env.SITE_DIST);
    if (!existsSync(join(dir, "index.html"))) throw new Error(`SITE_DIST=${dir} has no index.html`);
    return dir;
  }
  const started = Date.now();
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const output = await new Promise<string>((ok, fail) => {
    const child = spawn(npm, ["run", "-s", "build"], {
      cwd: PROJECT_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1" },
    });
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.on("error", (error) => fail(new Error(`could not run npm run build: ${error.message}`)));
    child.on("close", (code, signal) => {
      if (code === 0) ok(log);
      else fail(new Error(`npm run build exited with ${code ?? signal}:\n${log.slice(-20_000)}`));
    });
  });
  const dir = await outputDir();
  if (!existsSync(join(dir, "index.html"))) throw new Error(`npm run build succeeded but ${dir}/index.html is missing:\n${output.slice(-5_000)}`);
  console.log(`built the site into ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}
