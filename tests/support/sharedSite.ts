// The default site (the project as committed, `npm run -s build`, published mode), built once per
// vitest run and shared by every test file that needs it: the "site" project's globalSetup. It builds
// in a temporary copy of the project (so the repository's dist/ and caches are untouched), before the
// run's first test, and hands the copy's folder to the test files through provide/inject (read it
// with sharedSite() from tests/support/site.ts). The dev-server tests run `observable preview` in the
// same copy, where the build's setup filled the npm cache and the pipeline cache.
//
// The copy starts with no pipeline or loader cache, so this is a cold build: tests/build/site.test.ts
// compares it with a cold build of its own. A failed build does not stop the run: the files that need
// the site fail with the build's output, and every other test still runs.
//
// SITE_DIST=<folder> uses a site built earlier instead (its parent folder is the project the dev
// server runs in: SITE_DIST=dist for the repository, or <copy>/dist of a copy kept with BUILD_TEST_KEEP=1).
import { existsSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { copyProject, npmBuild, tail } from "./projectCopy.js";

export type SharedSite =
  | {
      /** The project copy the site was built in (where the dev server runs). */
      project: string;
      /** Its built site. */
      dist: string;
      /** How long `npm run -s build` took, in seconds (0 with SITE_DIST). */
      seconds: number;
      /** Built here from a copy with no pipeline or loader cache (false with SITE_DIST). */
      cold: boolean;
    }
  | { error: string };

declare module "vitest" {
  export interface ProvidedContext {
    sharedSite: SharedSite;
  }
}

async function buildSharedSite(): Promise<{ site: SharedSite; copy: string | null }> {
  if (process.env.SITE_DIST) {
    const dist = resolve(process.env.SITE_DIST);
    if (!existsSync(join(dist, "index.html"))) return { site: { error: `SITE_DIST=${dist} has no index.html` }, copy: null };
    return { site: { project: dirname(dist), dist, seconds: 0, cold: false }, copy: null };
  }
  const copy = copyProject("default-site-");
  const result = await npmBuild(copy);
  const dist = join(copy, "dist");
  if (result.code !== 0) return { site: { error: `npm run build of the default site exited with ${result.code}:\n${tail(result.output, 20_000)}` }, copy };
  if (!existsSync(join(dist, "index.html"))) return { site: { error: `npm run build succeeded but ${dist}/index.html is missing:\n${tail(result.output)}` }, copy };
  return { site: { project: copy, dist, seconds: result.seconds, cold: true }, copy };
}

export default async function setup(project: TestProject): Promise<() => void> {
  const { site, copy } = await buildSharedSite();
  if ("error" in site) console.error(`shared site: ${site.error}`);
  else console.log(`shared site: built the default site in ${site.seconds.toFixed(1)} s into ${site.dist}`);
  project.provide("sharedSite", site);
  return () => {
    if (!copy) return;
    if (process.env.BUILD_TEST_KEEP) console.log(`shared site: kept ${copy}`);
    else rmSync(copy, { recursive: true, force: true });
  };
}
