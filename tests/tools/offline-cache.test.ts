/**
 * tools/offline-cache.ts and tools/forbid-network.mjs: the npm cache is filled from node_modules
 * into a temporary copy of tests/fixtures/offline-site, its modules are valid ESM that Framework
 * follows, and the probe site builds with the network forbidden (a missing entry fails loudly).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BUNDLES,
  NODE_BUNDLES,
  PLACEHOLDERS,
  fillNpmCache,
  frameworkNpmReferences,
  uncoveredReferences,
  type FillResult,
} from "../../tools/offline-cache.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const FIXTURE = join(REPO, "tests", "fixtures", "offline-site");
const GUARD = join(REPO, "tools", "forbid-network.mjs");
const FRAMEWORK = join(REPO, "node_modules", "@observablehq", "framework");
const OBSERVABLE = join(FRAMEWORK, "dist", "bin", "observable.js");

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to completion (killed after `timeout` ms), stdout and stderr together. */
function run(command: string, args: string[], options: { cwd: string; timeout?: number }): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(REPO, "node_modules", ".bin")}:${process.env.PATH ?? ""}` };
  delete env.NODE_OPTIONS;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeout ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** An offline Framework build: `node --import tools/forbid-network.mjs observable.js build`. */
function offlineBuild(cwd: string): Promise<Run> {
  return run(process.execPath, ["--import", GUARD, OBSERVABLE, "build"], { cwd, timeout: 50_000 });
}

/** The end of a command's output, for failure messages (errors in minified bundles print whole lines). */
function tail(output: string): string {
  return output.length > 3000 ? `…${output.slice(-3000)}` : output;
}

function installedVersion(name: string): string {
  return JSON.parse(readFileSync(join(REPO, "node_modules", name, "package.json"), "utf-8")).version;
}

/** Framework's own parser (untyped deep imports). */
async function frameworkModule<T>(path: string): Promise<T> {
  const href: string = new URL(`node_modules/@observablehq/framework/dist/${path}`, `file://${REPO}/`).href;
  return (await import(href)) as T;
}

let work: string;
let site: string;
let cacheDir: string;
let cold: FillResult;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "offline-cache-"));
  site = join(work, "site");
  await cp(FIXTURE, site, { recursive: true });
  // So that Node (the checks below) and tsx treat the cached `.js` modules and the loader as ESM.
  await writeFile(join(site, "package.json"), JSON.stringify({ type: "module", private: true }));
  // Framework resolves a local module's bare imports (src/wrangle.js) from the site's node_modules.
  await symlink(join(REPO, "node_modules"), join(site, "node_modules"), "dir");
  cacheDir = join(site, "src", ".observablehq", "cache");
  cold = await fillNpmCache(join(site, "src"));
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("fillNpmCache", () => {
  it("bundles every browser library with its wasm and worker files", () => {
    const expected = [
      "_npm/@duckdb/duckdb-wasm@1.29.0/_esm.js",
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-mvp.wasm",
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-mvp.worker.js",
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-eh.wasm",
      "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.js",
      "_npm/apache-arrow@17.0.0/_esm.js",
      "_npm/parquet-wasm@0.6.1/_esm.js",
      "_npm/parquet-wasm@0.6.1/esm/parquet_wasm_bg.wasm",
      ...["@observablehq/plot", "d3", "d3-dsv", "@observablehq/inputs", "htl", "isoformat", "arquero", "ml-kmeans"].map(
        (name) => `_npm/${name}@${installedVersion(name)}/_esm.js`,
      ),
    ];
    for (const file of expected) {
      expect(existsSync(join(cacheDir, file)), file).toBe(true);
      expect(cold.written).toContain(file);
    }
    for (const file of expected.filter((f) => f.endsWith(".wasm"))) {
      const bytes = readFileSync(join(cacheDir, file));
      expect(bytes.subarray(0, 4).toString("hex"), file).toBe("0061736d"); // \0asm
    }
    const worker = readFileSync(join(cacheDir, "_npm/@duckdb/duckdb-wasm@1.29.0/dist/duckdb-browser-eh.worker.js"), "utf-8");
    expect(worker).not.toMatch(/sourceMappingURL/);
    expect(BUNDLES.map((b) => b.name).sort()).toEqual(expected.filter((f) => f.endsWith("/_esm.js")).map((f) => f.slice(5, f.lastIndexOf("@"))).sort());
  });

  it("gives every library Framework's stdlib references a version folder, so no version is looked up", async () => {
    expect(await uncoveredReferences()).toEqual([]);
    const references = await frameworkNpmReferences();
    expect(references).toEqual(expect.arrayContaining(["lodash", "echarts", "@observablehq/sample-datasets", "d3-dsv", "parquet-wasm"]));
    for (const name of references) {
      const scope = name.startsWith("@") ? name.slice(0, name.indexOf("/")) : "";
      const base = scope ? name.slice(scope.length + 1) : name;
      const versions = readdirSync(join(cacheDir, "_npm", scope)).filter((d) => d.startsWith(`${base}@`));
      expect(versions, name).toHaveLength(1);
    }
    for (const [name, version] of Object.entries(PLACEHOLDERS)) {
      expect(existsSync(join(cacheDir, "_npm", `${name}@${version}`)), name).toBe(true);
    }
  });

  it("writes modules Framework can parse, whose imports are other cache entries; DuckDB-WASM imports only the shared Arrow", async () => {
    const { parseImports } = await frameworkModule<{
      parseImports(root: string, path: string): Promise<{ name: string; type: string; method: string }[]>;
    }>("javascript/imports.js");
    const { parseProgram } = await frameworkModule<{ parseProgram(input: string): unknown }>("javascript/parse.js");
    const modules = cold.written.filter((f) => f.endsWith(".js"));
    expect(modules.length).toBeGreaterThanOrEqual(BUNDLES.length + 2);
    for (const file of modules) {
      expect(() => parseProgram(readFileSync(join(cacheDir, file), "utf-8")), file).not.toThrow();
      for (const i of await parseImports(cacheDir, `/${file}`)) {
        expect(i.type, `${file} imports ${i.name}`).toBe("local");
        expect(existsSync(join(cacheDir, file, "..", i.name)), `${file} imports ${i.name}`).toBe(true);
      }
    }
    const duckdb = await parseImports(cacheDir, "/_npm/@duckdb/duckdb-wasm@1.29.0/_esm.js");
    expect(new Set(duckdb.map((i) => i.name))).toEqual(new Set(["../../apache-arrow@17.0.0/_esm.js"]));
    const plot = await parseImports(cacheDir, `/_npm/@observablehq/plot@${installedVersion("@observablehq/plot")}/_esm.js`);
    expect(new Set(plot.map((i) => i.name))).toEqual(
      new Set([`../../d3@${installedVersion("d3")}/_esm.js`, `../../isoformat@${installedVersion("isoformat")}/_esm.js`]),
    );
  });

  it("writes ESM that runs: d3-dsv, arquero, Arrow, parquet-wasm, ml-kmeans, d3, Plot and DuckDB-WASM import and work in Node", async () => {
    const esm = (name: string) => JSON.stringify(join(cacheDir, "_npm", `${name}@${installedVersion(name)}`, "_esm.js"));
    const script = `
      const dsv = await import(${esm("d3-dsv")});
      const aq = await import(${esm("arquero")});
      const Arrow = await import(${esm("apache-arrow")});
      const Parquet = await import(${esm("parquet-wasm")});
      const { kmeans } = await import(${esm("ml-kmeans")});
      const d3 = await import(${esm("d3")});
      const iso = await import(${esm("isoformat")});
      const Plot = await import(${esm("@observablehq/plot")});
      globalThis.Worker ??= class Worker {}; // the browser build reads it when loaded
      const duckdb = await import(${esm("@duckdb/duckdb-wasm")});
      const { readFile } = await import("node:fs/promises");
      const out = {};
      out.csv = dsv.csvParse("a,b\\n1,2\\n3,4", dsv.autoType);
      out.aq = aq.table({ x: [1, 2, 3, 4] }).filter((d) => d.x > 1).rollup({ s: aq.op.sum("x") }).objects();
      const ipc = Arrow.tableToIPC(Arrow.tableFromArrays({ v: Float64Array.from([1.5, 2.5]) }), "stream");
      out.arrow = Arrow.tableFromIPC(ipc).getChild("v").toArray().length;
      out.aqFromArrow = aq.fromArrow(Arrow.tableFromIPC(ipc)).numRows();
      await Parquet.default(await readFile(${JSON.stringify(join(cacheDir, "_npm/parquet-wasm@0.6.1/esm/parquet_wasm_bg.wasm"))}));
      const parquet = await readFile(${JSON.stringify(join(site, "src", "data", "points.parquet"))});
      const points = Arrow.tableFromIPC(Parquet.readParquet(new Uint8Array(parquet)).intoIPCStream());
      out.parquet = [points.numRows, points.schema.fields.map((f) => f.name)];
      const xy = Array.from(points, (d) => [d.x, d.y]);
      out.kmeans = new Set(kmeans(xy, 3, { seed: 1 }).clusters).size;
      out.d3 = d3.sum([1, 2, 3]);
      out.iso = iso.format(new Date(Date.UTC(2024, 0, 2)));
      out.plot = typeof Plot.plot + " " + typeof Plot.barY;
      out.duckdb = typeof duckdb.AsyncDuckDB + " " + typeof duckdb.selectBundle;
      process.stdout.write(JSON.stringify(out));
    `;
    await writeFile(join(site, "check.mjs"), script);
    const { code, output } = await run(process.execPath, ["check.mjs"], { cwd: site, timeout: 30_000 });
    expect(code, tail(output)).toBe(0);
    const out = JSON.parse(output);
    expect(out.csv).toEqual([{ a: 1, b: 2 }, { a: 3, b: 4 }]);
    expect(out.aq).toEqual([{ s: 9 }]);
    expect(out.arrow).toBe(2);
    expect(out.aqFromArrow).toBe(2);
    expect(out.parquet).toEqual([9, ["x", "y"]]);
    expect(out.kmeans).toBe(3);
    expect(out.d3).toBe(6);
    expect(out.iso).toBe("2024-01-02");
    expect(out.plot).toBe("function function");
    expect(out.duckdb).toBe("function function");
  }, 30_000);

  it("bundles the packages src/lib imports by bare name into _node for the browser: no Node built-in, arquero shares flechette, and they run", async () => {
    const arquero = `_node/arquero@${installedVersion("arquero")}/index.js`;
    const flechette = `_node/@uwdata/flechette@${installedVersion("@uwdata/flechette")}/index.js`;
    expect(NODE_BUNDLES.map((b) => b.name)).toEqual(["@uwdata/flechette", "arquero"]);
    for (const file of [arquero, flechette]) {
      expect(cold.written).toContain(file);
      expect(readFileSync(join(cacheDir, file), "utf-8"), file).not.toMatch(/\bfrom\s*["']node:|\bimport\s*\(?\s*["']node:/);
    }
    const { parseImports } = await frameworkModule<{ parseImports(root: string, path: string): Promise<{ name: string }[]> }>("javascript/imports.js");
    expect((await parseImports(cacheDir, `/${arquero}`)).map((i) => i.name)).toEqual([`../@uwdata/flechette@${installedVersion("@uwdata/flechette")}/index.js`]);
    const script = `
      const { tableFromArrays } = await import(${JSON.stringify(join(cacheDir, flechette))});
      const aq = await import(${JSON.stringify(join(cacheDir, arquero))});
      const arrow = tableFromArrays({ g: ["a", "b", "a"], x: Float64Array.from([1, 2, 3]) });
      process.stdout.write(JSON.stringify(aq.fromArrow(arrow).groupby("g").rollup({ s: aq.op.sum("x") }).orderby("g").objects()));
    `;
    await writeFile(join(site, "check-node.mjs"), script);
    const { code, output } = await run(process.execPath, ["check-node.mjs"], { cwd: site, timeout: 30_000 });
    expect(code, tail(output)).toBe(0);
    expect(JSON.parse(output)).toEqual([{ g: "a", s: 4 }, { g: "b", s: 2 }]);
  }, 30_000);

  it("is a fast no-op when filled; rebuilds an entry whose key changed and removes other versions", async () => {
    const started = performance.now();
    const warm = await fillNpmCache(join(site, "src"));
    expect(performance.now() - started).toBeLessThan(3_000); // no bundling: ~0.1 s, slack for a loaded CI machine
    expect(warm.written).toEqual([]);
    expect(warm.skipped.sort()).toEqual(cold.written.slice().sort());

    const d3 = `_npm/d3@${installedVersion("d3")}`;
    const stampFile = join(cacheDir, "offline-npm-cache.json");
    const stamp = JSON.parse(await readFile(stampFile, "utf-8"));
    stamp.entries[d3] = "changed";
    await writeFile(stampFile, JSON.stringify(stamp));
    await mkdir(join(cacheDir, "_npm", "d3@7.99.0"), { recursive: true });
    const again = await fillNpmCache(join(site, "src"));
    expect(again.written).toEqual([`${d3}/_esm.js`]);
    expect(existsSync(join(cacheDir, "_npm", "d3@7.99.0"))).toBe(false);
  });
});

describe("forbid-network", () => {
  it("makes fetch and sockets to other hosts throw, and leaves loopback alone", async () => {
    const script = `
      import http from "node:http";
      const out = { telemetry: process.env.OBSERVABLE_TELEMETRY_DISABLE };
      try { await fetch("https://cdn.jsdelivr.net.invalid/npm/d3@7/+esm"); } catch (e) { out.fetch = e.message; }
      out.socket = await new Promise((resolve) =>
        http.get("http://registry.npmjs.org.invalid/d3", () => resolve("connected")).on("error", (e) => resolve(e.message)));
      const server = http.createServer((req, res) => res.end("local")).listen(0, "127.0.0.1");
      await new Promise((resolve) => server.on("listening", resolve));
      out.loopback = await (await fetch("http://127.0.0.1:" + server.address().port + "/")).text();
      server.close();
      process.stdout.write(JSON.stringify(out));
    `;
    const { code, output } = await run(process.execPath, ["--import", GUARD, "--input-type=module", "-e", script], { cwd: work, timeout: 20_000 });
    expect(code, tail(output)).toBe(0);
    const out = JSON.parse(output.slice(output.indexOf("{")));
    expect(out.fetch).toBe("offline build: Framework tried to fetch https://cdn.jsdelivr.net.invalid/npm/d3@7/+esm; add it to tools/offline-cache.ts");
    expect(out.socket).toMatch(/^offline build: Framework tried to fetch registry\.npmjs\.org\.invalid:80;/);
    expect(out.loopback).toBe("local");
    expect(out.telemetry).toBe("true");
  }, 20_000);
});

describe("offline build of tests/fixtures/offline-site", () => {
  it("builds with the network forbidden: every page, library, wasm and loader output is in dist", async () => {
    const { code, output } = await offlineBuild(site);
    expect(code, tail(output)).toBe(0);
    expect(output).not.toMatch(/offline build:/);
    const dist = join(site, "dist");
    const html = readFileSync(join(dist, "index.html"), "utf-8");
    for (const name of ["@observablehq/plot", "d3", "htl", "arquero", "ml-kmeans", "apache-arrow", "@duckdb/duckdb-wasm", "parquet-wasm"]) {
      const dir = join(dist, "_npm", `${name}@${installedVersion(name)}`);
      expect(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith(".js")), name).toBe(true);
    }
    expect(html).toContain(`./_npm/@observablehq/plot@${installedVersion("@observablehq/plot")}/`);
    // The local module's bare imports come from the _node bundles written by fillNpmCache, not rollup's.
    const nodeDir = join(dist, "_node", `arquero@${installedVersion("arquero")}`);
    const [bundle] = readdirSync(nodeDir).filter((f) => f.endsWith(".js"));
    expect(bundle, "dist/_node/arquero bundle").toBeDefined();
    expect(readFileSync(join(nodeDir, bundle!), "utf-8")).not.toMatch(/["']node:/);
    expect(output).not.toMatch(/arquero → /); // Framework bundled nothing itself
    for (const file of ["duckdb-mvp.wasm", "duckdb-eh.wasm"]) {
      expect(existsSync(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist", file)), file).toBe(true);
    }
    const workers = readdirSync(join(dist, "_npm/@duckdb/duckdb-wasm@1.29.0/dist")).filter((f) => f.endsWith(".js"));
    expect(workers).toHaveLength(2);
    expect(existsSync(join(dist, "_npm/parquet-wasm@0.6.1/esm/parquet_wasm_bg.wasm"))).toBe(true);
    const files = readdirSync(join(dist, "_file", "data"));
    expect(files.some((f) => /^sales\.\w+\.arrow$/.test(f))).toBe(true);
    expect(files.some((f) => /^points\.\w+\.parquet$/.test(f))).toBe(true);
    const probe = files.find((f) => /^probe\.\w+\.json$/.test(f));
    expect(probe, "the tsx data loader's output").toBeDefined();
    expect(JSON.parse(readFileSync(join(dist, "_file", "data", probe!), "utf-8"))).toMatchObject({ loader: "tsx" });
  }, 60_000);

  it("fails loudly, naming the URL, when a page imports a library that is not in the cache", async () => {
    const missing = join(work, "missing");
    await mkdir(join(missing, "src"), { recursive: true });
    await writeFile(join(missing, "observablehq.config.js"), `export default {root: "src", globalStylesheets: [], search: false};\n`);
    await writeFile(join(missing, "src", "index.md"), "# Missing\n\n```js\nimport _ from \"npm:lodash\";\ndisplay(_.chunk([1, 2, 3], 2));\n```\n");
    await fillNpmCache(join(missing, "src"));
    const { code, output } = await offlineBuild(missing);
    expect(code).not.toBe(0);
    expect(output).toContain(`offline build: Framework tried to fetch https://cdn.jsdelivr.net/npm/lodash@${PLACEHOLDERS.lodash}/+esm; add it to tools/offline-cache.ts`);
  }, 60_000);
});
