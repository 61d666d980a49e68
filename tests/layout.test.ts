// The house rules, checked on the real import graph of every TypeScript module and page:
// no import cycles, and each folder imports only what may run where it runs.
//   src/lib/        pure code shared by Node and the browser: no node: built-ins, no pipeline, no DOM code
//   src/browser/    browser-only code: src/lib and itself
//   src/components/ DOM components: src/lib, src/browser and themselves
//   pipeline/       Node only: src/lib and itself (never the browser folders)
//   tools/          dev tooling: anything but the browser folders
//   src/*.md pages  src/lib, src/browser, src/components (never the pipeline)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../pipeline/config.js";

const FOLDERS = ["src", "pipeline", "tools"];

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mjs|md)$/.test(name)) out.push(path);
  }
  return out;
}

/** Relative imports of a module or a page's ```js blocks, resolved to project files. */
function importsOf(file: string): string[] {
  let text = readFileSync(file, "utf-8");
  if (file.endsWith(".md")) text = [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).join("\n");
  const info = ts.preProcessFile(text, true, true);
  const specs = info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith("."));
  return specs.map((spec) => {
    const base = resolve(dirname(file), spec);
    for (const candidate of [base, base.replace(/\.js$/, ".ts"), `${base}.ts`]) {
      try {
        if (statSync(candidate).isFile()) return relative(PROJECT_ROOT, candidate);
      } catch {}
    }
    return relative(PROJECT_ROOT, base);
  });
}

function nodeImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, "utf-8"), true, true);
  return info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith("node:") || ["fs", "path", "child_process", "os"].includes(s));
}

const files = FOLDERS.flatMap((f) => walk(join(PROJECT_ROOT, f))).map((f) => relative(PROJECT_ROOT, f));
const graph = new Map(files.map((f) => [f, importsOf(join(PROJECT_ROOT, f))]));

/** Strongly connected components of more than one module (or a module importing itself): Tarjan. */
function cycles(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

const under = (file: string, folder: string) => file.startsWith(`${folder}/`);
const isPage = (file: string) => under(file, "src") && file.endsWith(".md");

/** Folders each kind of file may import from. */
function allowed(file: string): string[] | null {
  if (under(file, "src/lib")) return ["src/lib"];
  if (under(file, "src/browser")) return ["src/lib", "src/browser"];
  if (under(file, "src/components")) return ["src/lib", "src/browser", "src/components"];
  if (isPage(file)) return ["src/lib", "src/browser", "src/components"];
  if (under(file, "pipeline")) return ["src/lib", "pipeline"];
  if (under(file, "src/data")) return ["src/lib", "pipeline", "src/browser"];
  if (under(file, "tools")) return ["src/lib", "pipeline", "tools"];
  return null;
}

describe("the project layout", () => {
  it("finds the modules and pages it checks", () => {
    expect(files.filter((f) => under(f, "src/lib")).length).toBeGreaterThan(20);
    expect(files.filter(isPage).length).toBeGreaterThan(5);
    expect(graph.get("pipeline/cli.ts")!.length).toBeGreaterThan(2);
  });

  it("has no import cycle", () => {
    expect(cycles()).toEqual([]);
  });

  it("imports across folders only where the code can run", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const folders = allowed(file);
      if (!folders) continue;
      for (const target of imports) {
        if (!folders.some((folder) => under(target, folder))) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("draws charts through src/components/plot.ts, whose accessibility fix gives Plot's named mark groups a role", () => {
    // axe fails a page on Plot's <g aria-label> without a role (README "Accessibility"); plot() adds it.
    const direct = files.filter((f) => (under(f, "src/components") || isPage(f)) && f !== "src/components/plot.ts").filter((f) => /\bPlot\.plot\(/.test(readFileSync(join(PROJECT_ROOT, f), "utf-8").replace(/^\s*(\*|\/\/).*$/gm, "")));
    expect(direct).toEqual([]);
  });

  it("keeps src/lib free of Node built-ins, so the browser can load every module", () => {
    const wrong = files.filter((f) => under(f, "src/lib") && f.endsWith(".ts")).flatMap((f) => nodeImports(join(PROJECT_ROOT, f)).map((m) => `${f} → ${m}`));
    expect(wrong).toEqual([]);
  });
});
