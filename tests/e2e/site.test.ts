// Every page of the site, built (dist/ on a static server) and on Framework's dev server, in headless
// Chromium: no console error, page error, cell error, failed request (net::ERR_ABORTED included),
// request off the site's origin or data file downloaded twice, and no serious or critical accessibility
// violation (axe-core, tests/support/browser.ts: accessibilityProblems).
// The workbench recomputes its clustering when k changes.
//
// Screenshots of every page go to a temporary folder (SCREENSHOT_DIR to choose it); its path is printed.
// The built site and the dev server's project are the run's shared default site (tests/support/sharedSite.ts;
// SITE_DIST=dist reuses an existing build).
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser, type OpenedPage, type Problem } from "../support/browser.js";
import { serveStatic, startPreview, type RunningServer } from "../support/servers.js";
import { listPages, sharedSite } from "../support/site.js";

const pages = await listPages();
const screenshots = process.env.SCREENSHOT_DIR ? resolve(process.env.SCREENSHOT_DIR) : mkdtempSync(join(tmpdir(), "site-screenshots-"));
mkdirSync(screenshots, { recursive: true });

const targets: { name: string; slug: string; start(): Promise<RunningServer> }[] = [
  { name: "built site (dist/)", slug: "dist", start: async () => serveStatic(sharedSite().dist) },
  // In the project copy the site was built in: the build's `setup` (sample data, offline npm cache) is what the dev server needs too.
  { name: "dev server (observable preview)", slug: "preview", start: async () => startPreview(sharedSite().project) },
];

let browser: Browser;

beforeAll(async () => {
  console.log(`screenshots: ${screenshots}`);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  console.log(`screenshots: ${screenshots}`);
});

function slugOf(path: string): string {
  return path === "/" ? "index" : path.replace(/^\/|\/$/g, "").replace(/[^A-Za-z0-9_-]+/g, "-");
}

function lines(problems: Problem[]): string[] {
  return problems.map((p) => `${p.kind}: ${p.message}`);
}

async function screenshot(opened: OpenedPage, name: string): Promise<void> {
  const file = join(screenshots, `${name}.png`);
  try {
    await opened.page.screenshot({ path: file, fullPage: true });
  } catch (error) {
    console.warn(`could not take the screenshot ${file}: ${String(error)}`);
  }
}

/** Settles the page and returns every problem seen on it, including a failure to settle. */
async function check(opened: OpenedPage): Promise<string[]> {
  let settleError: string | null = null;
  try {
    await settle(opened);
  } catch (error) {
    settleError = error instanceof Error ? error.message : String(error);
  }
  const problems = lines([...opened.problems(), ...(await cellErrors(opened.page)), ...(settleError ? [] : await accessibilityProblems(opened.page))]);
  if (settleError) problems.push(`did not settle: ${settleError}`);
  for (const file of await downloadedTwice(opened)) problems.push(`data file downloaded more than once: ${file}`);
  return problems;
}

/**
 * Data files (/_file/…) the page fetched more than once, from its resource timing entries. The
 * clustering worker's script is left out: each new worker loads it (a cancelled job's worker is
 * terminated, and the next job starts another).
 */
async function downloadedTwice(opened: OpenedPage): Promise<string[]> {
  const names = await opened.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name));
  expect(names.length, "resource timing entries (the buffer holds 250)").toBeLessThan(250);
  const files = names.filter((name) => {
    const { pathname } = new URL(name);
    return pathname.includes("/_file/") && !pathname.endsWith(".js");
  });
  return [...new Set(files.filter((name, i) => files.indexOf(name) !== i))];
}

for (const target of targets) {
  describe(target.name, () => {
    let server: RunningServer;
    const url = (path: string) => new URL(path.replace(/^\//, ""), server.url).href;

    beforeAll(async () => {
      server = await target.start();
    });

    afterAll(async () => {
      await server?.close();
    });

    for (const path of pages) {
      it(`[${target.slug}] ${path} loads with no errors and nothing off-origin`, async () => {
        const opened = await browser.openPage(url(path));
        try {
          const problems = await check(opened);
          await screenshot(opened, `${target.slug}-${slugOf(path)}`);
          expect(problems, `problems on ${url(path)}`).toEqual([]);
        } finally {
          await opened.close();
        }
      });
    }

    it(`[${target.slug}] /workbench recomputes the clustering when k changes`, async () => {
      const opened = await browser.openPage(url("/workbench"));
      const { page } = opened;
      try {
        expect(await check(opened), `problems on ${url("/workbench")} before changing k`).toEqual([]);

        const clustering = page.locator('[data-testid="clustering"]');
        await clustering.waitFor({ state: "attached", timeout: 30_000 });
        const k0 = await clustering.getAttribute("data-k");
        const signature0 = await clustering.getAttribute("data-signature");
        expect(k0, "data-k on the clustering").toMatch(/^\d+$/);
        expect(signature0, "data-signature on the clustering").toBeTruthy();

        const input = page.locator("#workbench-k input[type=number]");
        await input.waitFor({ state: "visible", timeout: 30_000 });
        const min = Number((await input.getAttribute("min")) ?? 2);
        const max = Number((await input.getAttribute("max")) ?? 10);
        const current = Number(k0);
        const next = current + 1 <= max ? current + 1 : current - 1;
        expect(next, `a k other than ${current} within [${min}, ${max}]`).toBeGreaterThanOrEqual(min);

        await input.fill(String(next));
        await input.dispatchEvent("input");
        try {
          await page.waitForFunction(
            ([k, signature]) => {
              const node = document.querySelector('[data-testid="clustering"]');
              return node !== null && node.getAttribute("data-k") === k && node.getAttribute("data-signature") !== signature;
            },
            [String(next), signature0] as const,
            { timeout: 120_000, polling: 100 }
          );
        } catch (error) {
          const now = await page
            .locator('[data-testid="clustering"]')
            .evaluate((node) => `data-k=${node.getAttribute("data-k")} data-signature=${node.getAttribute("data-signature")}`)
            .catch(() => "no clustering element");
          throw new Error(
            `after setting k from ${k0} to ${next}, the clustering did not change to data-k=${next} with a new signature ` +
              `(was data-signature=${signature0}; now ${now}): ${error instanceof Error ? error.message : String(error)}`
          );
        }

        const problems = await check(opened);
        await screenshot(opened, `${target.slug}-workbench-k${next}`);
        expect(problems, `problems on ${url("/workbench")} after changing k`).toEqual([]);
      } finally {
        await opened.close();
      }
    });
  });
}
