// An analyst's own page: a new Markdown file dropped into src/ (not listed in observablehq.config.ts),
// written the way README "Your own analysis pages" says, builds offline with the site (`npm run
// build`, whose Framework build runs under tools/forbid-network.mjs) and renders in Chromium without
// any error, failed or off-site request, or serious accessibility violation; its SQL cells over
// `features`, `customers`, `transactions` and `assignments`, its chart component and its library call
// give the report's numbers. The template page (src/analysis/example.md) is checked on the same build.
//
// The build runs in a temporary copy of the project (BUILD_TEST_KEEP=1 keeps it).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { builtReport } from "../../pipeline/pdf.js";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser, type OpenedPage } from "../support/browser.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";

// A page as an analyst writes it from the README: data from the site's own files, a ```sql``` cell
// over the published tables, a component, a library module.
const PAGE = `---
title: Repeat buyers by segment
---

# Repeat buyers by segment

\`\`\`js
import {openWorkbench} from "../browser/workbenchData.js";
import {analysisTables, customersViewSql} from "../browser/analysisTables.js";
import {segmentationJob} from "../components/job.js";
import {queryResult} from "../components/queryResult.js";
import {downloadable} from "../components/download.js";
import {shareBars} from "../components/shareBars.js";
import {shareRecords} from "../lib/segments/shareRecords.js";
import {describeGroups} from "../lib/segments/outside.js";
import {tableRecords} from "../lib/io/arrowColumns.js";
const featuresFile = FileAttachment("../data/features.arrow");
const wb = await openWorkbench({features: featuresFile, config: FileAttachment("../data/workbench-config.json"), worker: FileAttachment("../data/kmeans-worker.js")}, invalidation);
const report = await FileAttachment("../data/report.json").json();
const job = segmentationJob(wb, wb.published, wb.committed.segmentation, "Published segmentation", invalidation);
display(job.status);
\`\`\`

\`\`\`js
const published = await job.promise;
const db = await DuckDBClient.of(analysisTables(wb, {features: featuresFile, transactions: FileAttachment("../data/transactions.arrow")}, published));
await db.query(customersViewSql(wb.features.names));
const sql = db.sql.bind(db);
\`\`\`

\`\`\`sql id=repeat
SELECT a.segment_name AS name, count(*)::INTEGER AS customers,
       count(*) FILTER (WHERE f.frequency >= 2)::INTEGER AS repeat_buyers,
       count(*) / sum(count(*)) OVER () AS customerShare,
       sum(f.monetary) / sum(sum(f.monetary)) OVER () AS revenueShare
FROM assignments a JOIN features f USING (customer_id) JOIN customers c USING (customer_id)
WHERE f.customer_id IN (SELECT DISTINCT customer_id FROM transactions)
GROUP BY a.segment, a.segment_name
ORDER BY a.segment NULLS LAST
\`\`\`

\`\`\`js
const rows = tableRecords(repeat);
display(html\`<div data-testid="mine" data-rows=\${JSON.stringify(rows.map((r) => [r.name, r.customers]))}>\${queryResult(repeat, "repeat buyers")}</div>\`);
display(downloadable(shareBars(shareRecords(rows), {width}), {name: "Repeat buyers chart"}));
display(html\`<p data-testid="groups">\${describeGroups(report.outside)}</p>\`);
\`\`\`
`;

let copy: string;
let dist: string;
let report: PublishedReport;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  copy = copyProject("analysis-site-");
  writeFileSync(join(copy, "src", "analysis", "repeat-buyers.md"), PAGE);
  const build = await npmBuild(copy);
  if (build.code !== 0) throw new Error(`npm run build with a new page failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the site with a new page in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  dist = join(copy, "dist");
  report = builtReport(dist);
  server = await serveStatic(dist);
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

async function open(path: string): Promise<OpenedPage> {
  const opened = await browser.openPage(new URL(path.replace(/^\//, ""), server.url).href);
  await settle(opened);
  const problems = [...opened.problems(), ...(await cellErrors(opened.page)), ...(await accessibilityProblems(opened.page))].map((p) => `${p.kind}: ${p.message}`);
  expect(problems, `problems on ${path}`).toEqual([]);
  return opened;
}

/** Segments then the groups kept out of the clustering with customers, as [name, customers]. */
function expectedRows(): [string, number][] {
  return [...report.segments.map((s): [string, number] => [s.name, s.customers]), ...report.outside.filter((g) => g.customers).map((g): [string, number] => [g.label, g.customers])];
}

describe("a page dropped into src/", () => {
  it("is built with the site, offline, and nothing it loads comes from elsewhere", () => {
    const files = listFiles(dist);
    expect(files).toContain("analysis/repeat-buyers.html");
    expect(files).toContain("analysis/example.html");
    const html = readFileSync(join(dist, "analysis", "repeat-buyers.html"), "utf-8");
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"' ]*\.(js|css|wasm)/);
  });

  it("renders its SQL cell over features, customers, transactions and assignments, its chart and its library call", async () => {
    const opened = await open("/analysis/repeat-buyers");
    try {
      const { page } = opened;
      const rows = JSON.parse((await page.locator('[data-testid="mine"]').getAttribute("data-rows")) ?? "[]");
      expect(rows).toEqual(expectedRows());
      expect(await page.locator('[data-download="Repeat buyers chart"] svg').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="groups"]').textContent()).toMatch(/^\d+ net returners \(net revenue of zero or less/);
    } finally {
      await opened.close();
    }
  });
});

describe("the template page (src/analysis/example.md)", () => {
  it("shows its SQL results, chart and library call with the report's numbers", async () => {
    const opened = await open("/analysis/example");
    try {
      const { page } = opened;
      expect(JSON.parse((await page.locator('[data-testid="by-segment"]').getAttribute("data-rows")) ?? "[]")).toEqual(expectedRows());
      expect(await page.locator('[data-testid="returns"] table tbody tr').count()).toBe(expectedRows().length);
      expect(await page.locator('[data-download="Example: customer and revenue share"] svg').count()).toBeGreaterThan(0);
      const concentration = report.headlines.find((h) => h.key === "concentration")!;
      const share = concentration.figures.find((f) => f.key === "topRevenueShare")!.value;
      expect(Number(await page.locator('[data-testid="library-call"]').getAttribute("data-value"))).toBe(share);
      expect(await page.locator('[data-testid="library-call"]').textContent()).toContain(concentration.text);
    } finally {
      await opened.close();
    }
  });
});
