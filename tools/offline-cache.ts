/**
 * Fills Observable Framework's npm cache (`<root>/.observablehq/cache/_npm/`) from the installed
 * `node_modules`, so that `observable build` and `observable preview` never reach jsDelivr or the npm
 * registry.
 *
 * How Framework uses that cache (node_modules/@observablehq/framework/dist/npm.js):
 * - `npm:foo` resolves to `/_npm/foo@<version>/_esm.js`; the version comes from the folders already in
 *   `_npm/` (any `foo@x.y.z` folder satisfies an unranged look-up), else from the registry.
 * - `populateNpmCache` fetches a file from jsDelivr only when it does not exist yet, so a file written
 *   here is used as is; relative imports inside it (`../d3@7.9.2/_esm.js`) are followed to other cache
 *   files, and `npm:foo/dist/x.wasm` maps to `_npm/foo@<version>/dist/x.wasm`.
 * - The client stdlib (recommendedLibraries.js, sampleDatasets.js, …) resolves the version of every
 *   library it can load lazily on every build, used or not: an empty `_npm/<name>@<version>` folder
 *   answers that look-up without a download.
 *
 * Each library a page may load is bundled from its browser ESM entry with esbuild into
 * `_npm/<name>@<installed version>/_esm.js`. Libraries that others depend on (d3, htl, isoformat,
 * apache-arrow) are shared: the dependants import them by relative path instead of bundling a copy, so
 * that, for instance, DuckDB-WASM and Framework's `FileAttachment.arrow()` use one Apache Arrow.
 *
 * Bare imports in the project's own modules (`import {fromArrow} from "arquero"` in src/lib, which
 * also runs in Node) are Framework's "node imports": it bundles each package with rollup into
 * `_node/<name>@<version>/index.js` unless that file exists, and its rollup ignores the packages'
 * "browser" field, so arquero's bundle would import node:fs/promises and node:stream (its file
 * loader) and fail to load in the page. NODE_BUNDLES are written there first, with esbuild for the
 * browser (the "browser" field honoured), so Framework uses them as they are.
 *
 * Usage: `tsx tools/offline-cache.ts [root]` (root defaults to `src`), or `fillNpmCache(root)`.
 * Idempotent: a stamp file (`<root>/.observablehq/cache/offline-npm-cache.json`) records a key per
 * entry (package version, location, this script, esbuild and Framework versions); entries whose key and
 * files are unchanged are skipped.
 */
import { createHash } from "node:crypto";
import { constants as fsConstants, existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, realpath, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, posix, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

const SCRIPT_PATH = fileURLToPath(import.meta.url);
/** The project whose node_modules the libraries come from (this script lives in `<project>/scripts/`). */
export const PROJECT_ROOT = resolve(dirname(SCRIPT_PATH), "..");
const FRAMEWORK_DIR = join(PROJECT_ROOT, "node_modules", "@observablehq", "framework");

/** A library bundled into the cache from node_modules. */
interface BundleSpec {
  name: string;
  /** The cache folder: `_npm` (for `npm:` imports; the default) or `_node` (for bare imports). */
  folder?: "_npm" | "_node";
  /** Files of the package copied next to `_esm.js`, e.g. wasm binaries and workers. */
  files?: string[];
  /** Dependencies imported from their own cache entry rather than bundled in (they must be listed here too). */
  share?: string[];
  /** When the installed copy of a shared dependency differs from the cached one: fail (true) or bundle it in. */
  mustShare?: boolean;
}

/**
 * Every library the site may load in the browser. `npm:@observablehq/inputs` itself is a Framework
 * built-in (bundled by Framework from node_modules), but it is cached too for explicit versioned imports.
 */
export const BUNDLES: readonly BundleSpec[] = [
  { name: "@observablehq/plot", share: ["d3", "isoformat"] },
  { name: "d3" },
  { name: "d3-dsv" },
  { name: "@observablehq/inputs", share: ["htl", "isoformat"] },
  { name: "htl" },
  { name: "isoformat" },
  { name: "apache-arrow" },
  {
    name: "@duckdb/duckdb-wasm",
    share: ["apache-arrow"],
    mustShare: true,
    files: [
      "dist/duckdb-mvp.wasm",
      "dist/duckdb-browser-mvp.worker.js",
      "dist/duckdb-eh.wasm",
      "dist/duckdb-browser-eh.worker.js",
    ],
  },
  { name: "parquet-wasm", files: ["esm/parquet_wasm_bg.wasm"] },
  { name: "arquero" },
  { name: "ml-kmeans" },
];

/**
 * Packages the project's modules import by bare name in the browser (src/lib, src/browser): each
 * goes to `_node/<name>@<version>/index.js`, where Framework looks first. Their own bare imports
 * must be bundled in or shared with another entry here (Framework would bundle those with rollup).
 */
export const NODE_BUNDLES: readonly BundleSpec[] = [
  { name: "@uwdata/flechette", folder: "_node" },
  { name: "arquero", folder: "_node", share: ["@uwdata/flechette"], mustShare: true },
];

/** The file of an entry Framework imports: `_esm.js` in `_npm`, `index.js` in `_node`. */
function mainFile(spec: BundleSpec): string {
  return spec.folder === "_node" ? "index.js" : "_esm.js";
}

/**
 * Libraries Framework's stdlib references but this site does not ship: an empty version folder stops
 * the registry look-up. Using one of them for real fails the build loudly (Framework then tries to
 * download `_esm.js`), and the fix is to install it and move it to BUNDLES. Versions are real releases.
 */
export const PLACEHOLDERS: Readonly<Record<string, string>> = {
  lodash: "4.18.1",
  echarts: "6.1.0",
  leaflet: "1.9.4",
  "mapbox-gl": "3.32.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  "topojson-client": "3.1.0",
  "@observablehq/sample-datasets": "1.0.1",
  vega: "6.4.0",
  "vega-lite": "6.5.0",
  "vega-lite-api": "6.0.0",
  "@uwdata/vgplot": "0.32.0",
  mermaid: "12.3.0",
  "@viz-js/viz": "3.31.0",
  katex: "0.19.1",
  "sql.js": "1.16.0",
  exceljs: "4.4.0",
  jszip: "3.10.2",
};

/** `npm:` specifiers that Framework serves itself (resolvers.js `builtins`): never looked up. */
const FRAMEWORK_BUILTINS = new Set([
  "@observablehq/runtime",
  "@observablehq/stdlib",
  "@observablehq/dot",
  "@observablehq/duckdb",
  "@observablehq/inputs",
  "@observablehq/mermaid",
  "@observablehq/tex",
  "@observablehq/sqlite",
]);

export interface FillResult {
  /** Files and placeholder folders written, relative to `<root>/.observablehq/cache`. */
  written: string[];
  /** Files and placeholder folders already up to date. */
  skipped: string[];
}

interface Stamp {
  entries: Record<string, string>;
}

interface InstalledPackage {
  name: string;
  version: string;
  dir: string;
  /** The directory whose node_modules holds the package: esbuild resolves the name from there. */
  baseDir: string;
}

interface Entry {
  spec: BundleSpec;
  pkg: InstalledPackage;
  dir: string; // `_npm/<name>@<version>`
  files: string[]; // relative to the cache dir: the main file (`_esm.js` or `index.js`) first
  shared: Map<string, string>; // dependency name → relative import path
  key: string;
}

const STAMP_FILE = "offline-npm-cache.json";

export async function fillNpmCache(root = "src"): Promise<FillResult> {
  const cacheDir = resolve(root, ".observablehq", "cache");
  const npmDir = join(cacheDir, "_npm");
  const stamp = await readStamp(cacheDir);
  const entries = await planEntries();
  const written: string[] = [];
  const skipped: string[] = [];
  const todo: Entry[] = [];
  for (const entry of entries) {
    const upToDate = stamp.entries[entry.dir] === entry.key && entry.files.every((f) => existsSync(join(cacheDir, f)));
    if (upToDate) skipped.push(...entry.files);
    else todo.push(entry);
  }
  await removeStaleVersions(cacheDir, entries);
  if (todo.length > 0) {
    const uncovered = await uncoveredReferences();
    if (uncovered.length > 0) {
      console.warn(`offline-cache: Framework references npm:${uncovered.join(", npm:")}, not covered by tools/offline-cache.ts`);
    }
    const esbuild = await import("esbuild");
    await Promise.all(todo.map((entry) => writeEntry(esbuild.build, cacheDir, entry)));
    for (const entry of todo) {
      written.push(...entry.files);
      stamp.entries[entry.dir] = entry.key;
    }
  }
  for (const [name, version] of Object.entries(PLACEHOLDERS)) {
    const existing = await cachedVersions(npmDir, name);
    const dir = `_npm/${name}@${existing[0] ?? version}/`;
    if (existing.length > 0) {
      skipped.push(dir);
    } else {
      await mkdir(join(cacheDir, dir), { recursive: true });
      written.push(dir);
    }
  }
  if (todo.length > 0 || !existsSync(join(cacheDir, STAMP_FILE))) {
    for (const key of Object.keys(stamp.entries)) {
      if (!entries.some((e) => e.dir === key)) delete stamp.entries[key];
    }
    await atomicWrite(join(cacheDir, STAMP_FILE), JSON.stringify(stamp, null, 2) + "\n");
  }
  return { written, skipped };
}

/** Resolves every bundled library in node_modules and computes where it goes and its cache key. */
async function planEntries(): Promise<Entry[]> {
  const [scriptHash, esbuildVersion, frameworkVersion, duckdbWasmVersion] = await Promise.all([
    readFile(SCRIPT_PATH).then((b) => createHash("sha256").update(b).digest("hex")),
    readJson(join(PROJECT_ROOT, "node_modules", "esbuild", "package.json")).then((p) => String(p.version)),
    readJson(join(FRAMEWORK_DIR, "package.json")).then((p) => String(p.version)),
    frameworkDuckDBWasmVersion(),
  ]);
  const specs = [...BUNDLES, ...NODE_BUNDLES];
  const packages = new Map<string, InstalledPackage>();
  for (const { name } of specs) if (!packages.has(name)) packages.set(name, await findPackage(name));
  const duckdb = packages.get("@duckdb/duckdb-wasm");
  if (duckdb && duckdb.version !== duckdbWasmVersion) {
    throw new Error(
      `offline-cache: Framework loads @duckdb/duckdb-wasm@${duckdbWasmVersion} (DUCKDB_WASM_VERSION) but ` +
        `${duckdb.version} is installed; install @duckdb/duckdb-wasm@${duckdbWasmVersion}`,
    );
  }
  const entries: Entry[] = [];
  for (const spec of specs) {
    const pkg = packages.get(spec.name)!;
    const folder = spec.folder ?? "_npm";
    const dir = `${folder}/${pkg.name}@${pkg.version}`;
    const main = mainFile(spec);
    const shared = new Map<string, string>();
    for (const depName of spec.share ?? []) {
      const depSpec = specs.find((s) => s.name === depName && (s.folder ?? "_npm") === folder);
      const dep = packages.get(depName);
      if (!dep || !depSpec) throw new Error(`offline-cache: ${spec.name} shares ${depName}, which is not in ${folder === "_node" ? "NODE_BUNDLES" : "BUNDLES"}`);
      const own = await findPackageFrom(depName, pkg.dir);
      if (!own || (await realpath(own.dir)) !== (await realpath(dep.dir))) {
        const message = `${spec.name}@${pkg.version} uses ${depName}@${own?.version ?? "?"} at ${own?.dir ?? "?"}, not the cached ${depName}@${dep.version}`;
        if (spec.mustShare) throw new Error(`offline-cache: ${message}; dedupe it (npm dedupe, or an override)`);
        console.warn(`offline-cache: ${message}; bundling its own copy`);
        continue;
      }
      shared.set(depName, relativeImport(`${dir}/${main}`, `${folder}/${dep.name}@${dep.version}/${mainFile(depSpec)}`));
    }
    const files = [`${dir}/${main}`, ...(spec.files ?? []).map((f) => `${dir}/${f}`)];
    const key = createHash("sha256")
      .update(JSON.stringify({ scriptHash, esbuildVersion, frameworkVersion, pkg, files, shared: [...shared] }))
      .digest("hex");
    entries.push({ spec, pkg, dir, files, shared, key });
  }
  return entries;
}

async function writeEntry(build: typeof import("esbuild").build, cacheDir: string, entry: Entry): Promise<void> {
  const { spec, pkg, dir, shared } = entry;
  await mkdir(join(cacheDir, dir), { recursive: true });
  const result = await build({
    entryPoints: [pkg.name],
    absWorkingDir: pkg.baseDir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022", // Framework parses cached modules with acorn, ecmaVersion 13 (ES2022)
    minify: true,
    keepNames: true, // the inspector shows constructor names (Arrow's Table, …)
    legalComments: "eof",
    write: false,
    metafile: true,
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [sharePlugin(shared)],
  });
  const [output] = result.outputFiles;
  const meta = Object.values(result.metafile.outputs)[0];
  const expected = new Set(shared.values());
  for (const i of meta?.imports ?? []) {
    if (!i.external || !expected.has(i.path)) {
      throw new Error(`offline-cache: the ${pkg.name} bundle imports ${i.path}, which is not in the cache`);
    }
  }
  await atomicWrite(join(cacheDir, dir, mainFile(spec)), output!.contents);
  for (const file of spec.files ?? []) {
    const source = join(pkg.dir, file);
    const target = join(cacheDir, dir, file);
    await mkdir(dirname(target), { recursive: true });
    if (/\.(m|c)?js$/.test(file)) {
      // As Framework does for files it downloads: drop the source map reference (maps are not cached).
      const text = await readFile(source, "utf-8");
      await atomicWrite(target, text.replace(/^\/\/# sourceMappingURL=.*$\n?/m, ""));
    } else {
      const temp = `${target}.${process.pid}.tmp`;
      await copyFile(source, temp, fsConstants.COPYFILE_FICLONE);
      await rename(temp, target);
    }
  }
}

/** Resolves shared dependencies to their cache entries instead of bundling them. */
function sharePlugin(shared: Map<string, string>): Plugin {
  return {
    name: "offline-cache-share",
    setup(build) {
      if (shared.size === 0) return;
      const filter = new RegExp(`^(${[...shared.keys()].map(escapeRegExp).join("|")})$`);
      build.onResolve({ filter }, (args) =>
        args.kind === "entry-point" ? undefined : { path: shared.get(args.path)!, external: true },
      );
    },
  };
}

/**
 * Removes other versions of the bundled libraries (left by an earlier install), so that an unranged
 * `npm:d3` resolves to the installed version and not to a higher stale one.
 */
async function removeStaleVersions(cacheDir: string, entries: Entry[]): Promise<void> {
  for (const { spec, pkg } of entries) {
    const dir = join(cacheDir, spec.folder ?? "_npm");
    for (const version of await cachedVersions(dir, pkg.name)) {
      if (version !== pkg.version) await rm(join(dir, `${pkg.name}@${version}`), { recursive: true, force: true });
    }
  }
}

/** Versions of `name` present in the cache (folders `_npm/<name>@<version>`), highest first by string. */
async function cachedVersions(npmDir: string, name: string): Promise<string[]> {
  const scope = name.startsWith("@") ? name.slice(0, name.indexOf("/")) : "";
  const base = scope ? name.slice(scope.length + 1) : name;
  try {
    const names = await readdir(join(npmDir, scope));
    return names
      .filter((n) => n.startsWith(`${base}@`))
      .map((n) => n.slice(base.length + 1))
      .sort()
      .reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Finds a package as Node would from the project root, or else nested in another package. */
async function findPackage(name: string): Promise<InstalledPackage> {
  const top = await findPackageFrom(name, PROJECT_ROOT);
  if (top) return top;
  // Not hoisted: take the highest version nested in another package (node_modules/x/node_modules/name).
  const nested: InstalledPackage[] = [];
  const modules = join(PROJECT_ROOT, "node_modules");
  for (const entry of await readdir(modules)) {
    const owners = entry.startsWith("@")
      ? (await readdir(join(modules, entry)).catch(() => [])).map((e) => join(modules, entry, e))
      : [join(modules, entry)];
    for (const owner of owners) {
      const found = await readPackage(name, owner);
      if (found) nested.push(found);
    }
  }
  nested.sort((a, b) => compareVersions(b.version, a.version));
  if (!nested[0]) {
    throw new Error(`offline-cache: ${name} is not installed; add it to package.json (devDependencies)`);
  }
  return nested[0];
}

/** Node's lookup: `<dir>/node_modules/<name>`, then in each parent directory. */
async function findPackageFrom(name: string, from: string): Promise<InstalledPackage | undefined> {
  for (let dir = from; ; dir = dirname(dir)) {
    const found = await readPackage(name, dir);
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

async function readPackage(name: string, baseDir: string): Promise<InstalledPackage | undefined> {
  const dir = join(baseDir, "node_modules", name);
  const file = join(dir, "package.json");
  if (!existsSync(file)) return undefined;
  const { version } = await readJson(file);
  return { name, version: String(version), dir, baseDir };
}

/** DUCKDB_WASM_VERSION from Framework: the version its DuckDB client imports. */
async function frameworkDuckDBWasmVersion(): Promise<string> {
  const specifier: string = "@observablehq/framework/dist/duckdb.js";
  const module = (await import(specifier)) as { DUCKDB_WASM_VERSION: string };
  return module.DUCKDB_WASM_VERSION;
}

/**
 * Package names imported as `npm:` by Framework's client stdlib and implicit imports
 * (dist/client/**, dist/libraries.js), except the ones Framework serves itself: each one's version is
 * looked up on every build, so each needs a cache folder (BUNDLES or PLACEHOLDERS).
 */
export async function frameworkNpmReferences(): Promise<string[]> {
  const dist = join(FRAMEWORK_DIR, "dist");
  const files = [join(dist, "libraries.js")];
  for (const entry of await readdir(join(dist, "client"), { recursive: true })) {
    if (entry.endsWith(".js")) files.push(join(dist, "client", entry));
  }
  const names = new Set<string>();
  for (const file of files) {
    const text = await readFile(file, "utf-8");
    for (const match of text.matchAll(/["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) names.add(match[1]!);
  }
  return [...names].filter((name) => !FRAMEWORK_BUILTINS.has(name)).sort();
}

/** Names referenced by Framework that neither BUNDLES nor PLACEHOLDERS covers. */
export async function uncoveredReferences(): Promise<string[]> {
  const covered = new Set([...BUNDLES.map((b) => b.name), ...Object.keys(PLACEHOLDERS)]);
  return (await frameworkNpmReferences()).filter((name) => !covered.has(name));
}

function relativeImport(from: string, to: string): string {
  const path = posix.relative(posix.dirname(from), to);
  return path.startsWith(".") ? path : `./${path}`;
}

async function readStamp(cacheDir: string): Promise<Stamp> {
  try {
    const stamp = (await readJson(join(cacheDir, STAMP_FILE))) as Partial<Stamp>;
    return { entries: { ...stamp.entries } };
  } catch {
    return { entries: {} };
  }
}

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(file, "utf-8")) as Record<string, unknown>;
}

/** Writes through a temporary file, so that an interrupted run never leaves a partial file Framework would trust. */
async function atomicWrite(file: string, contents: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.+-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === SCRIPT_PATH) {
  const root = process.argv[2] ?? "src";
  const started = performance.now();
  const { written, skipped } = await fillNpmCache(root);
  const elapsed = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`offline-cache: ${written.length} written, ${skipped.length} up to date in ${resolve(root, ".observablehq", "cache", "_npm")} (${elapsed} s)`);
}
