// The history page (/history) and each segment page's trend in headless Chromium, on the run's shared
// default site: the figures shown equal the CLI's report for the committed config (`workbench report
// --out FILE`), choosing a period redraws its flows, the review note is the report's, and the
// downloads give the records behind the charts and tables.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { formatCount, formatMoney, formatShare } from "../../src/lib/io/format.js";
import { sizeRecords } from "../../src/lib/report/historyPage.js";
import type { History, PublishedReport } from "../../src/lib/report/types.js";
import { cellErrors, launchBrowser, settle, type Browser, type OpenedPage } from "../support/browser.js";
import { serveStatic, type RunningServer } from "../support/servers.js";
import { sharedSite } from "../support/site.js";

let cli: PublishedReport;
let history: History;
let currency: string | null;
const money = (x: number) => formatMoney(x, currency);
let browser: Browser;
let server: RunningServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "history-browser-"));
  const file = join(tmp, "report.json");
  const env = { ...process.env };
  delete env.WORKBENCH_CONFIG;
  await promisify(execFile)("npm", ["run", "-s", "workbench", "--", "report", "--out", file], { cwd: PROJECT_ROOT, env });
  cli = JSON.parse(readFileSync(file, "utf-8"));
  history = cli.history!;
  currency = cli.quality.transactions!.currency;
  server = await serveStatic(sharedSite().dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function open(path: string): Promise<OpenedPage> {
  const opened = await browser.openPage(new URL(path.replace(/^\//, ""), server.url).href);
  await settle(opened);
  const problems = [...opened.problems(), ...(await cellErrors(opened.page))];
  expect(problems, `problems on ${path}`).toEqual([]);
  return opened;
}

/** The text of every body cell of a table, row by row. */
function cells(table: Locator): Promise<string[][]> {
  return table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent ?? "")));
}

async function download(page: Page, button: Locator): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), button.click()]);
  return readFileSync(await file.path(), "utf-8");
}

describe("/history", () => {
  it("shows the CLI's snapshots, sizes, revenue, drift and review note", async () => {
    expect(history.snapshots).toHaveLength(12);
    const opened = await open("/history");
    try {
      const { page } = opened;
      const summary = await page.locator('[data-testid="history-summary"]').textContent();
      expect(summary).toContain(`12 snapshots, one every month, from ${history.snapshots[0].asOf} to ${cli.asOf}`);
      const note = (await page.locator('[data-testid="review-note"]').textContent())!;
      if (history.review) expect(note).toContain(history.review.note);
      else expect(note).toMatch(/^No review needed/);
      expect(await cells(page.locator("table.history-snapshots"))).toEqual(
        history.snapshots.map((s) => [
          s.asOf,
          s.periodStart,
          formatCount(s.customers),
          formatCount(s.newCustomers),
          formatCount(s.stayed),
          formatCount(s.moved),
          money(s.periodRevenue),
          formatCount(s.otherRevenue.customers),
          money(s.otherRevenue.revenue),
        ]),
      );
      // The chosen period (the last, at first): each segment's customers, added, dropped and revenue.
      const last = history.snapshots.at(-1)!;
      expect(await cells(page.locator("table.history-flows"))).toEqual(
        history.categories.map((c, i) => [c.label, formatCount(last.sizes[i]), formatCount(last.added[i]), formatCount(last.dropped[i]), money(last.revenue[i])]),
      );
      const drift = await cells(page.locator("table.history-drift"));
      expect(drift.map((r) => r[0])).toEqual(history.snapshots.map((s) => s.asOf));
      expect(drift.at(-1)!.slice(2)).toEqual(["1.00", "0%", "0.00", "today's model"]);
      // Three charts: sizes, revenue, drift; one Sankey for the chosen period.
      for (const name of ["Segment sizes over time", "Revenue per segment per period", "Drift of a refit"]) {
        expect(await page.locator(`[data-download="${name}"] svg`).count(), name).toBeGreaterThan(0);
      }
      expect(await page.locator("svg.migration-sankey").count()).toBe(1);
      // The sizes chart's CSV: every category at every snapshot, as the report has them.
      const csv = await download(page, page.locator('[data-download="Segment sizes over time"] [data-download-format="csv"]'));
      const lines = csv.trimEnd().split("\n");
      expect(lines[0]).toBe("asOf,label,segment,customers,share");
      expect(lines.slice(1)).toEqual(sizeRecords(history).map((r) => [r.asOf, /[,"]/.test(r.label) ? `"${r.label}"` : r.label, r.segment, r.customers, r.share].join(",")));
    } finally {
      await opened.close();
    }
  });

  it("choosing a period shows its flows: the matrix of that period", async () => {
    const opened = await open("/history");
    try {
      const { page } = opened;
      const k = history.categories.length;
      for (const index of [history.snapshots.length - 1, 2]) {
        const s = history.snapshots[index];
        await page.locator("form select").first().selectOption({ label: `${s.periodStart} → ${s.asOf}` });
        await page.waitForFunction((text) => document.querySelector('[data-testid="flow-summary"]')?.textContent?.includes(text), `bought by ${s.periodStart}`);
        expect(await page.locator('[data-testid="flow-summary"]').textContent()).toContain(`${formatCount(s.stayed)} are in the same segment on ${s.asOf} and ${formatCount(s.moved)} moved; ${formatCount(s.newCustomers)} made their first purchase`);
        for (const [from, row] of s.matrix.entries()) {
          if (from === k && row.every((x) => x === 0)) continue;
          for (const [to, n] of row.entries()) {
            if (to === k) continue;
            const cell = page.locator(`table.migration-table tr[data-from="${from === k ? "new" : from}"] td[data-to="${to}"]`);
            expect(await cell.getAttribute("data-value"), `${s.asOf}: ${from} → ${to}`).toBe(String(n));
          }
        }
        expect((await cells(page.locator("table.history-flows"))).map((r) => r[2])).toEqual(s.added.map(formatCount));
      }
    } finally {
      await opened.close();
    }
  });

  it("the overview shows the review note and links to the history", async () => {
    const opened = await open("/");
    try {
      const note = opened.page.locator('[data-testid="review-note"]');
      if (history.review) {
        expect(await note.textContent()).toContain(history.review.note);
        expect(await note.locator("a").getAttribute("href")).toBe("./history");
      } else {
        expect(await note.count()).toBe(0);
      }
    } finally {
      await opened.close();
    }
  });
});

describe("segment pages over time", () => {
  it("each shows its KPIs per period as the CLI computes them, with a chart", async () => {
    for (const s of cli.segments) {
      const opened = await open(`/segments/${s.segment}`);
      try {
        const { page } = opened;
        const dash = (x: number | null, f: (x: number) => string) => (x === null ? "–" : f(x));
        expect(await cells(page.locator("table.segment-kpis"))).toEqual(
          s.trend!.map((t) => [
            t.periodStart,
            t.asOf,
            formatCount(t.customers),
            formatCount(t.added),
            formatCount(t.dropped),
            formatCount(t.active),
            dash(t.repeatRate, formatShare),
            dash(t.retention, formatShare),
            money(t.revenue),
            dash(t.avgOrderValue, money),
          ]),
        );
        expect(await page.locator(`[data-download="${s.name} over time"] svg`).count()).toBeGreaterThan(0);
        expect(await page.locator('[data-testid="trend-summary"] a').getAttribute("href")).toBe("../history");
      } finally {
        await opened.close();
      }
    }
  });
});
