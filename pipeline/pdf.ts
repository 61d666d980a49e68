/**
 * `workbench pdf [--dist DIR] [--out DIR] [--config FILE]`: the built report as PDF files, one for
 * the overview and one per segment page, printed by headless Chromium (the Debian Chromium the browser
 * tests drive, through playwright-core) with the site's print stylesheet: no sidebar, no buttons,
 * charts and tables never split.
 *
 * - The site must be built (`npm run build`, or DIR from --dist) from the same config and inputs: the
 *   report in DIR is compared with the one the pipeline computes for the config, and a stale or
 *   foreign build stops the command rather than printing other numbers.
 * - Without Chromium (or playwright-core) nothing is printed: the command says so in one line, and how
 *   to install it, and exits with success (the skip is not a failure of the report).
 * - Pages are served from DIR on 127.0.0.1 (pipeline/staticServer.ts); a request to any other origin is
 *   blocked and stops the command, and so does a page that shows an error.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { safeFileName } from "../src/lib/io/tableCsv.js";
import type { PublishedReport } from "../src/lib/report/types.js";
import { buildReport } from "./report/build.js";
import { serveStatic } from "./staticServer.js";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export interface PdfOptions {
  /** The built site (default dist/). */
  dist: string;
  /** Where the PDF files go (default out/pdf). */
  out: string;
  config?: string;
  chromium?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/**
 * Resolves once the page's DOM has not changed for 500 ms. A string, so the bundler's helpers (tsx
 * names functions with a __name helper the page does not have) never reach the page.
 */
const UNTIL_QUIET = `new Promise((done) => {
  let timer;
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(finish, 500); });
  const finish = () => { observer.disconnect(); done(); };
  timer = setTimeout(finish, 500);
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})`;

export type PdfResult = { skipped: string } | { files: { page: string; file: string; bytes: number }[] };

/** The report the site in `dist` was built with (Framework's content-hashed data/report.<hash>.json). */
export function builtReport(dist: string): PublishedReport {
  const dir = join(dist, "_file", "data");
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^report\.[0-9a-f]+\.json$/.test(f)) : [];
  if (files.length !== 1) throw new Error(`pdf: ${dir} holds ${files.length} report files (expected one data/report.<hash>.json): rebuild with npm run build`);
  return JSON.parse(readFileSync(join(dir, files[0]), "utf-8")) as PublishedReport;
}

/** The pages to print and their file names: the overview, then each segment. */
export function pdfPages(report: Pick<PublishedReport, "segments">): { path: string; file: string }[] {
  return [
    { path: "/", file: "overview.pdf" },
    ...report.segments.map((s) => ({ path: `/segments/${s.segment}`, file: `segment-${s.segment}-${safeFileName(s.name, "pdf")}` })),
  ];
}

/** Why Chromium cannot print here, or null when it can. */
export async function chromiumMissing(chromium: string): Promise<string | null> {
  if (!existsSync(chromium)) {
    return `Chromium is not at ${chromium}: install Debian's chromium with \`node tools/ensure-chromium.mjs\` (or apt-get install chromium), or set CHROMIUM_PATH`;
  }
  try {
    await import("playwright-core");
  } catch {
    return "playwright-core is not installed: run npm ci (it is a dev dependency)";
  }
  return null;
}

export async function renderPdfs(options: PdfOptions): Promise<PdfResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const dist = resolve(options.dist);
  const out = resolve(options.out);
  const chromium = options.chromium ?? (process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM);
  const missing = await chromiumMissing(chromium);
  if (missing) return { skipped: missing };
  if (!existsSync(join(dist, "index.html"))) throw new Error(`pdf: ${join(dist, "index.html")} not found: build the site first (npm run build), or give its folder with --dist DIR`);
  const built = builtReport(dist);
  const { report } = await buildReport(options.config);
  if (JSON.stringify(built) !== JSON.stringify(report)) {
    throw new Error(`pdf: the site in ${dist} was built from other inputs or another config than ${options.config ?? "workbench.config.json"} (its report differs from the one computed now): rebuild it with npm run build`);
  }
  const { chromium: playwright } = await import("playwright-core");
  const server = await serveStatic(dist);
  const origin = new URL(server.url).origin;
  const browser = await playwright.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  const files: { page: string; file: string; bytes: number }[] = [];
  try {
    await mkdir(out, { recursive: true });
    for (const { path, file } of pdfPages(report)) {
      const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        await page.route("**/*", (route) => {
          if (new URL(route.request().url()).origin === origin) return route.continue();
          problems.push(`request off the site: ${route.request().url()}`);
          return route.abort("blockedbyclient");
        });
        page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
        await page.goto(new URL(path.replace(/^\//, ""), server.url).href, { waitUntil: "networkidle", timeout: 180_000 });
        // Every cell has displayed (Framework's placeholder is gone) and the page has stopped changing.
        await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, undefined, { timeout: 180_000 });
        await page.evaluate(UNTIL_QUIET);
        const errors = await page.$$eval(".observablehq--error", (nodes) => nodes.map((n) => (n.textContent ?? "").trim()));
        problems.push(...errors.map((e) => `cell error: ${e}`));
        if (problems.length) throw new Error(`pdf: ${path} did not render cleanly: ${problems.join("; ")}`);
        const pdf = await page.pdf({ format: "A4", printBackground: true, margin: { top: "14mm", bottom: "14mm", left: "12mm", right: "12mm" } });
        const target = join(out, file);
        const temp = `${target}.tmp-${process.pid}`;
        await writeFile(temp, pdf);
        await rename(temp, target);
        files.push({ page: path, file: target, bytes: pdf.length });
        log(`pdf: ${path} → ${target} (${Math.round(pdf.length / 1024)} KiB)`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { files };
}
