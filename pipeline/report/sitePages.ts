/** The segment pages observablehq.config.ts lists in the sidebar and builds, named from the report. */
import { EXPORT_PATH, segmentPath } from "../../src/lib/report/paths.js";
import { loadConfig } from "../config.js";
import { buildReport } from "./build.js";

export interface SitePages {
  /** Sidebar entries for the segment pages, largest segment first. */
  pages: { name: string; path: string }[];
  /** Pages and files Framework must build that no link reaches by itself. */
  dynamicPaths: string[];
}

/**
 * The segment pages for observablehq.config.ts: one per segment of the committed config's k, named
 * from the report. If the report cannot be computed (a broken export), the pages are still listed,
 * as "Segment N", and the data loaders report the error on the pages.
 */
export async function sitePages(configFile?: string): Promise<SitePages> {
  const { config } = loadConfig(configFile);
  const k = config.segmentation.k;
  let names: string[] = Array.from({ length: k }, (_, i) => `Segment ${i}`);
  try {
    const { report } = await buildReport(configFile);
    names = report.segments.map((s) => s.name);
  } catch (error) {
    console.warn(`segment pages: could not compute the report for the sidebar names (${error instanceof Error ? error.message : String(error)})`);
  }
  const pages = names.map((name, i) => ({ name, path: segmentPath(i) }));
  return {
    pages,
    dynamicPaths: [...pages.map((p) => p.path), ...(config.report.publishExport ? [EXPORT_PATH] : [])],
  };
}
