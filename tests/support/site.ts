// The Framework site under test: its pages (from observablehq.config.ts) and the default site built
// once per run (tests/support/sharedSite.ts).
import { inject } from "vitest";
import type { SharedSite } from "./sharedSite.js";

interface PageEntry {
  name?: string;
  path?: string;
  pages?: PageEntry[];
}

type DynamicPaths = Iterable<string> | AsyncIterable<string>;

interface SiteConfig {
  pages?: PageEntry[];
  /** Framework's list of parameterized pages to build: an iterable, or a function returning one. */
  dynamicPaths?: DynamicPaths | (() => DynamicPaths | Promise<DynamicPaths>);
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
  const config = ((await import("../../observablehq.config.js")) as unknown as { default: SiteConfig }).default;
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

/**
 * The default site of this run: the project copy it was built in and its dist/ folder. Only in the
 * test files of the "site" project (vitest.config.ts), whose globalSetup builds it; throws the build's
 * error when the build failed.
 */
export function sharedSite(): { project: string; dist: string; cold: boolean } {
  const site: SharedSite | undefined = inject("sharedSite");
  if (site === undefined) throw new Error("no shared site: this test file must be in the vitest project \"site\" (vitest.config.ts), whose globalSetup builds it");
  if ("error" in site) throw new Error(site.error);
  return { project: site.project, dist: site.dist, cold: site.cold };
}
