/**
 * The workbench page alone over a generated feature table of `customers` customers, built as a
 * static site in a temporary copy of the project: what the scale test (tests/e2e/scale.test.ts) and
 * the browser benchmark (tools/bench-browser.ts) open in Chromium. Only src/workbench.md is kept,
 * with the site config tools/scale-site.config.js, and src/data/features.arrow is the generated
 * table (scale-features.ts) in place of its loader; Framework builds it alone (offline, as
 * `npm run build` does, without the pipeline setup).
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../pipeline/config.js";
import { fillNpmCache } from "./offline-cache.js";
import { copyProject, frameworkBuild, listFiles, tail } from "./project-copy.js";
import { writeScaleFeatures, type ScaleFeatures } from "./scale-features.js";

export interface ScaleSite {
  /** The project copy; `dist` is its built site. */
  dir: string;
  dist: string;
  generated: ScaleFeatures;
  buildSeconds: number;
  /** Removes the copy. */
  remove(): void;
}

/** Keeps only the workbench page in a project copy and puts the generated features in place of their loader. */
async function prepare(dir: string, customers: number): Promise<ScaleFeatures> {
  const src = join(dir, "src");
  for (const file of listFiles(src)) {
    if (file.endsWith(".md") && file !== "workbench.md" && !file.startsWith(".observablehq/")) rmSync(join(src, file));
  }
  rmSync(join(dir, "observablehq.config.ts"));
  copyFileSync(join(PROJECT_ROOT, "tools", "scale-site.config.js"), join(dir, "observablehq.config.js"));
  rmSync(join(src, "data", "features.arrow.ts"));
  mkdirSync(join(dir, "scale"));
  const generated = await writeScaleFeatures(join(dir, "scale"), join(src, "data", "features.arrow"), customers);
  rmSync(join(dir, "scale"), { recursive: true, force: true });
  await fillNpmCache(src);
  return generated;
}

/** Generates the table and builds the site; `log` gets a line after each step. */
export async function buildScaleSite(customers: number, log: (line: string) => void = () => {}): Promise<ScaleSite> {
  const dir = copyProject("scale-site-");
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const generated = await prepare(dir, customers);
    log(
      `generated ${generated.customers.toLocaleString("en-GB")} customers from ${generated.transactionLines.toLocaleString("en-GB")} transaction lines ` +
        `(features.arrow ${(generated.bytes / 2 ** 20).toFixed(0)} MiB) in ${generated.seconds.toFixed(1)} s`,
    );
    const build = await frameworkBuild(dir);
    if (build.code !== 0) throw new Error(`building the scale site failed (${build.code}):\n${tail(build.output)}`);
    log(`built the workbench page in ${build.seconds.toFixed(1)} s`);
    return { dir, dist: join(dir, "dist"), generated, buildSeconds: build.seconds, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
