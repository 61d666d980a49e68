// Refused predictions on the pages, end to end: the committed project with a threshold the bundled
// sample cannot meet (clv.minRepeatCustomers 1,000,000), built in a temporary copy and opened in
// headless Chromium. The predicted-value page, the overview and every segment page say why, with the
// report's own reasons, and show no predicted number, no prediction table and no validation chart;
// nothing errs. (The published case is checked on the shared default site, tests/e2e/report.test.ts.)
//
// BUILD_TEST_KEEP=1 keeps the copy.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser } from "../support/browser.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";

let copy: string;
let report: PublishedReport;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  copy = copyProject("refused-site-");
  const file = join(copy, "workbench.config.json");
  const config = JSON.parse(readFileSync(file, "utf-8"));
  config.clv = { ...config.clv, enabled: true, minRepeatCustomers: 1_000_000 };
  writeFileSync(file, JSON.stringify(config, null, 2));
  const build = await npmBuild(copy);
  if (build.code !== 0) throw new Error(`npm run build with refused predictions failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the refused-predictions site in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  const dist = join(copy, "dist");
  const reportFile = listFiles(dist).find((f) => /^_file\/data\/report\.[0-9a-f]+\.json$/.test(f));
  if (!reportFile) throw new Error(`no data/report.json in ${dist}`);
  report = JSON.parse(readFileSync(join(dist, reportFile), "utf-8"));
  server = await serveStatic(dist);
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

describe("refused predictions on the pages", () => {
  it("are refused in the published report, with the reason", () => {
    expect(report.clv.status).toBe("refused");
    expect(report.clv.reasons).toEqual([expect.stringMatching(/fewer than clv\.minRepeatCustomers \(1000000\)/)]);
    expect(report.segments.every((s) => s.predicted === null)).toBe(true);
  });

  it("say why on the predicted-value page, the overview and every segment page, with no predicted number", async () => {
    const paths = ["/predictions", "/", ...report.segments.map((s) => `/segments/${s.segment}`)];
    for (const path of paths) {
      const opened = await browser.openPage(new URL(path.replace(/^\//, ""), server.url).href);
      try {
        await settle(opened);
        expect([...opened.problems(), ...(await cellErrors(opened.page)), ...(await accessibilityProblems(opened.page))], `problems on ${path}`).toEqual([]);
        const { page } = opened;
        expect(await page.locator('[data-testid="clv-status"]').getAttribute("data-status"), path).toBe("refused");
        expect(await page.locator('[data-testid="clv-reason"]').allTextContents(), path).toEqual(report.clv.reasons);
        expect(await page.locator('[data-figure^="predicted."], [data-figure^="holdout."]').count(), `${path}: predicted figures`).toBe(0);
        expect(await page.locator("table.clv-table, [data-testid='clv-summary'], [data-testid='segment-predicted']").count(), `${path}: prediction tables`).toBe(0);
        expect(await page.locator('[data-download*="redicted"], [data-download*="P(alive)"]').count(), `${path}: prediction charts`).toBe(0);
      } finally {
        await opened.close();
      }
    }
  });
});
