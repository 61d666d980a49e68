/**
 * Which site observablehq.config.ts describes: the analyst workbench or the published report.
 *
 * - `analyst`: every page, including analyst-only pages (the customer lookup), which show single
 *   customers and must never be published.
 * - `published`: what stakeholders get; analyst-only pages are neither in the sidebar nor built.
 *
 * WORKBENCH_MODE=analyst|published decides. Unset, the Framework command decides: `observable
 * preview` (npm run dev, the analyst's own machine) is analyst; `observable build` (npm run build,
 * what is published) and anything else (tests importing the config) is published. So a plain
 * `npm run build` can never publish an analyst page by accident; `WORKBENCH_MODE=analyst npm run
 * build` makes an internal analyst build on purpose.
 */
export type SiteMode = "analyst" | "published";

export const SITE_MODES: readonly SiteMode[] = ["analyst", "published"];

export function siteMode(env: Readonly<Record<string, string | undefined>>, argv: readonly string[]): SiteMode {
  const value = env.WORKBENCH_MODE?.trim();
  if (value) {
    if (!(SITE_MODES as readonly string[]).includes(value)) {
      throw new Error(`WORKBENCH_MODE=${JSON.stringify(value)}: expected ${SITE_MODES.join(" or ")}`);
    }
    return value as SiteMode;
  }
  // argv: [node, …/observable.js, command, …]; the command is the first argument that is not an option.
  const script = argv.findIndex((a) => /observable(\.js)?$/.test(a));
  const command = script >= 0 ? argv.slice(script + 1).find((a) => !a.startsWith("-")) : undefined;
  return command === "preview" ? "analyst" : "published";
}

/** Pages only the analyst site has: sidebar entries, and paths the analyst build must render. */
export const ANALYST_PAGES: readonly { name: string; path: string }[] = [{ name: "Customer lookup", path: "/lookup/search" }];
