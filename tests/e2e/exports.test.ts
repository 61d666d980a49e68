// A site built from an export that is not the sample's shape: line totals next to quantity × unit
// price (one discounted line disagrees), in euros (report.currency), in headless Chromium. Money
// shows with its currency on the report, a segment page, the data, RFM and quality pages, and the
// quality page's Money section shows the amount check with its figures.
//
// The build runs in a temporary copy of the project (`npm run build` with WORKBENCH_CONFIG), so the
// repository's dist/ and caches are untouched. BUILD_TEST_KEEP=1 keeps the copy.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { cellErrors, launchBrowser, settle, type Browser } from "../support/browser.js";
import { copyProject, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";

let copy: string;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  copy = copyProject("exports-site-");
  const project = join(copy, "shop");
  mkdirSync(project);
  copyFileSync(join(PROJECT_ROOT, "tests/corpus/ingest/amount-and-price.csv"), join(project, "orders.csv"));
  const config = { inputs: { transactions: "orders.csv", customers: null }, segmentation: { k: 2 }, report: { currency: "EUR" } };
  writeFileSync(join(project, "workbench.config.json"), JSON.stringify(config, null, 2));
  const build = await npmBuild(copy, { WORKBENCH_CONFIG: join(project, "workbench.config.json") });
  if (build.code !== 0) throw new Error(`npm run build of the euro project failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the euro project in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  server = await serveStatic(join(copy, "dist"));
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

/** The page's text once settled, failing on any console, page, request or cell error. */
async function pageText(path: string): Promise<{ text: string; opened: Awaited<ReturnType<Browser["openPage"]>> }> {
  const opened = await browser.openPage(new URL(path.slice(1), server.url).href);
  await settle(opened);
  expect([...opened.problems(), ...(await cellErrors(opened.page))], path).toEqual([]);
  return { text: await opened.page.innerText("main"), opened };
}

describe("a site from an export of line totals, in euros", () => {
  it("shows net revenue with its currency on the report and the data page: the line totals' sum, €77", async () => {
    // 9.00 + 12.00 + 13.50 + 8.10 + 12.00 + 22.50 − 4.50 + 4.50 = 77.10
    for (const path of ["/", "/data"]) {
      const { text, opened } = await pageText(path);
      expect(text, path).toContain("net revenue €77");
      await opened.close();
    }
  }, 120_000);

  it("shows money in euros in the overview table, a segment page and the RFM table", async () => {
    const index = await pageText("/");
    // The two segments' rows; no net returner here, so no row of zeros for them: the sentence says so.
    const revenueCells = await index.opened.page.$$eval('td[data-figure="revenue"]', (cells) => cells.map((c) => c.textContent));
    const segmentRows = await index.opened.page.$$eval('tr[data-segment]:not([data-group]) td[data-figure="revenue"]', (cells) => cells.length);
    expect(segmentRows).toBe(2);
    expect(revenueCells.length).toBe(2);
    expect(await index.opened.page.locator("table.report-table tr[data-group]").count()).toBe(0);
    expect(await index.opened.page.getAttribute('[data-testid="outside"]', "data-group-net-returners")).toBe("0");
    expect(await index.opened.page.textContent('[data-testid="outside"]')).toContain("There are no net returners");
    for (const cell of revenueCells) expect(cell).toMatch(/^€\d/);
    await index.opened.close();
    const segment = await pageText("/segments/0");
    expect(await segment.opened.page.textContent('[data-figure="revenue"]')).toMatch(/^€\d/);
    expect(segment.text).toMatch(/of €77 net revenue/);
    await segment.opened.close();
    const rfm = await pageText("/rfm");
    expect(rfm.text).toContain("net revenue €77");
    await rfm.opened.close();
  }, 120_000);

  it("shows the Money section on the quality page: revenue from the line total, the disagreeing line", async () => {
    const { text, opened } = await pageText("/quality");
    expect(text).toContain('Revenue is each line\'s amount ("LineTotal"), in EUR.');
    expect(await opened.page.getAttribute('[data-testid="amount-check"]', "data-share")).toBe("0.125");
    expect(await opened.page.textContent('[data-testid="amount-check"]')).toBe('"LineTotal" against "Quantity" × "UnitPrice": 1 of 8 lines (12.5%) differ by more than half a cent.');
    expect(await opened.page.textContent('[data-testid="warnings"]')).toContain('on 1 of 8 lines (12.5%) "LineTotal" ≠ "Quantity" × "UnitPrice" (e.g. line 5: 4 × 2.25 ≠ 8.1)');
    expect(text).toContain("Revenue in rejected lines");
    await opened.close();
  }, 120_000);
});
