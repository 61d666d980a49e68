// The published report in headless Chromium (the built site on a static server): the overview and every
// segment page show the figures the CLI computes for the same config (`workbench report --out FILE`),
// headline findings and the groups kept out of the clustering included, link to each other, offer
// downloads of every table and chart, pass the accessibility audit, print without the sidebar and
// without splitting charts, and `workbench pdf` prints them to PDF. The predicted-value page, and
// the predicted value on the overview and segment pages, show the CLI's predictions.
//
// The built site is the run's shared default site (tests/support/sharedSite.ts; SITE_DIST=dist reuses an existing build).
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatPoints, formatSignedCount } from "../../src/components/reportFigures.js";
import { OVERVIEW_COLUMNS, type OverviewSegment } from "../../src/components/reportTable.js";
import { formatCount, formatDecimal, formatMoney, formatShare } from "../../src/lib/io/format.js";
import { transactionsReport, type TransactionsReport } from "../../src/lib/report/mode.js";
import type { PublishedReport, ReportSegment } from "../../src/lib/report/types.js";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser, type OpenedPage } from "../support/browser.js";
import { renderPdfs } from "../../pipeline/pdf.js";
import { serveStatic, type RunningServer } from "../support/servers.js";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { sharedSite } from "../support/site.js";

let cli: TransactionsReport;
let browser: Browser;
let server: RunningServer;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "report-browser-"));
  const file = join(tmp, "report.json");
  // The CLI, as an analyst runs it, for the committed config.
  const env = { ...process.env };
  delete env.WORKBENCH_CONFIG;
  await promisify(execFile)("npm", ["run", "-s", "workbench", "--", "report", "--out", file], { cwd: PROJECT_ROOT, env });
  cli = transactionsReport(JSON.parse(readFileSync(file, "utf-8")) as PublishedReport);
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
  const problems = [...opened.problems(), ...(await cellErrors(opened.page)), ...(await accessibilityProblems(opened.page))];
  expect(problems, `problems on ${path}`).toEqual([]);
  return opened;
}

/** Clicks a download button and gives the file's name and text. */
async function download(opened: OpenedPage, selector: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([opened.page.waitForEvent("download", { timeout: 30_000 }), opened.page.locator(selector).first().click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf-8") };
}

/** [data-figure] elements in a container: key → {value, text}. */
async function figures(opened: OpenedPage, selector: string): Promise<Record<string, { value: number; text: string }>> {
  return opened.page.$$eval(`${selector} [data-figure]`, (nodes) =>
    Object.fromEntries(nodes.map((n) => [(n as HTMLElement).dataset.figure!, { value: Number((n as HTMLElement).dataset.value), text: (n.textContent ?? "").trim() }])),
  );
}

const get = (s: ReportSegment, key: string): number => key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], s) as number;

describe("overview (/)", () => {
  it("shows every segment's figures as the CLI computes them, the as-of date and the row accounting", async () => {
    const opened = await open("/");
    try {
      const { page } = opened;
      expect(await page.locator('[data-testid="as-of"]').textContent()).toContain(`Data as of ${cli.asOf}`);
      expect(await page.locator('[data-testid="as-of"]').textContent()).toContain(cli.migration.previousAsOf);
      const rows = page.locator("table.report-table tbody tr[data-segment]:not([data-group])");
      expect(await rows.count()).toBe(cli.segments.length);
      for (const s of cli.segments) {
        const row = page.locator(`table.report-table tbody tr[data-segment="${s.segment}"]`);
        expect(await row.locator("a").textContent()).toBe(s.name);
        expect(await row.locator("a").getAttribute("href")).toBe(`./segments/${s.segment}`);
        const shown = await figures(opened, `table.report-table tbody tr[data-segment="${s.segment}"]`);
        for (const column of OVERVIEW_COLUMNS) {
          const expected = column.value(s as unknown as OverviewSegment);
          expect(shown[column.key], `${s.name}: ${column.key}`).toEqual({ value: expected, text: column.text(expected as number) });
        }
      }
      // The groups kept out of the clustering follow the segments: every customer is in a row (an empty group has none).
      expect(cli.outside.map((g) => g.id)).toEqual(["net-returners"]);
      for (const [i, g] of cli.outside.entries()) {
        const selector = `table.report-table tbody tr[data-group="${g.id}"]`;
        if (g.customers === 0) {
          expect(await page.locator(selector).count(), `${g.label}: no customers, no row`).toBe(0);
          continue;
        }
        expect(await page.locator(selector).getAttribute("data-segment")).toBe(String(cli.segments.length + i));
        expect(await page.locator(`${selector} a`).count(), "a group has no page").toBe(0);
        const shown = await figures(opened, selector);
        expect(shown.customers.value).toBe(g.customers);
        expect(shown.revenue.value).toBe(g.revenue);
        expect(shown["change.customers"].value).toBe(cli.migration.groups[i].change.customers);
      }
      const everyone = cli.segments.reduce((n, s) => n + s.customers, 0) + cli.outside.reduce((n, g) => n + g.customers, 0);
      expect(everyone).toBe(cli.totals.customers);
      expect(Number(await page.locator('[data-testid="outside"]').getAttribute("data-customers"))).toBe(cli.outside.reduce((n, g) => n + g.customers, 0));
      expect(await page.locator('[data-testid="outside"]').getAttribute("data-group-net-returners")).toBe(String(cli.outside[0].customers));
      // Headline findings: each sentence as the CLI wrote it, each figure the report's.
      const headlines = await page.$$eval('[data-testid="headlines"] li', (items) =>
        items.map((li) => ({ key: (li as HTMLElement).dataset.headline, text: (li.textContent ?? "").trim(), figures: [...li.querySelectorAll("[data-figure]")].map((f) => [(f as HTMLElement).dataset.figure, Number((f as HTMLElement).dataset.value)]) })),
      );
      expect(headlines).toEqual(cli.headlines.map((h) => ({ key: h.key, text: h.text, figures: h.figures.map((f) => [f.key, f.value]) })));
      expect(headlines.length).toBeGreaterThanOrEqual(3);
      // Extreme values are described per clustered feature.
      expect(await page.locator('[data-testid="outliers"] li').count()).toBe(cli.outliers.features.length);
      const accounting = await page.locator('[data-testid="row-accounting"]').textContent();
      const q = cli.quality.transactions!;
      expect(accounting).toContain(`${formatCount(q.rowsRead)} transaction lines read`);
      expect(accounting).toContain(`${formatCount(q.rowsRejected)} rejected`);
      // Sidebar: a page per segment, by name.
      for (const s of cli.segments) {
        expect(await page.locator(`#observablehq-sidebar a[href$="segments/${s.segment}"]`).textContent()).toBe(s.name);
      }
      // The scorecard: a row per segment, each criterion's verdict as the CLI's, the reasons under it.
      const scorecard = page.locator('[data-testid="scorecard"]');
      expect(await scorecard.locator("tbody tr[data-segment]").count()).toBe(cli.segments.length);
      for (const s of cli.segments) {
        const row = scorecard.locator(`tbody tr[data-segment="${s.segment}"]`);
        const verdicts = await row.locator("td[data-criterion] [data-verdict]").evaluateAll((nodes) => nodes.map((n) => (n as HTMLElement).dataset.verdict));
        expect(verdicts, s.name).toEqual([...s.scorecard.criteria.map((c) => c.verdict), s.scorecard.verdict]);
        const reasons = await scorecard.locator("tr.scorecard-reasons").nth(s.segment).locator("dd[data-criterion]").allTextContents();
        expect(reasons, s.name).toEqual(s.scorecard.criteria.map((c) => c.reason));
      }
      expect(await page.locator('[data-testid="rfm-scorecard"] tbody tr[data-segment]').count()).toBe(cli.scorecard.rfm.length);
      expect(await page.locator('[data-testid="audience-scorecard"] tbody tr[data-segment]').count()).toBe(cli.scorecard.audiences.length);
      // KPIs and audiences as the CLI computes them.
      expect(await page.locator('[data-testid="kpi-table"] tbody tr').count()).toBe(cli.segments.length + cli.kpis.outside.filter((g) => g.kpis).length + 1);
      const audiences = await page.locator('[data-testid="audience-table"] tbody tr').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset.audience, Number((r as HTMLElement).dataset.customers)]));
      expect(audiences).toEqual(cli.audiences.list.map((a) => [a.name, a.customers]));
      expect(cli.audiences.list.length).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="overlap-matrix"] svg').count()).toBeGreaterThan(0);
      // Migration: matrix cells equal the CLI's (rows and columns: the segments, the groups kept out of the clustering, then new / gone).
      const codes = cli.migration.names.length;
      expect(codes).toBe(cli.segments.length + cli.outside.length);
      for (const [from, row] of cli.migration.matrix.entries()) {
        for (const [to, n] of row.entries()) {
          if (to === codes && n === 0) continue;
          if (from === codes && row.every((x) => x === 0)) continue;
          const cell = page.locator(`table.migration-table tr[data-from="${from === codes ? "new" : from}"] td[data-to="${to === codes ? "gone" : to}"]`);
          expect(await cell.getAttribute("data-value"), `matrix ${from} → ${to}`).toBe(String(n));
        }
      }
    } finally {
      await opened.close();
    }
  });
});

describe("downloads on the report pages", () => {
  it("the overview: every table and chart has its downloads, and the CSVs hold the CLI's numbers", async () => {
    const opened = await open("/");
    try {
      const { page } = opened;
      // Every table and every chart of the page sits in a download wrapper.
      const loose = await page.$$eval("#observablehq-main table, #observablehq-main svg[class^='plot'], #observablehq-main svg.migration-sankey", (nodes) => nodes.filter((n) => !n.closest("[data-download]")).map((n) => n.outerHTML.slice(0, 120)));
      expect(loose).toEqual([]);
      const segments = await download(opened, '[data-download="Segments"] [data-download-format="csv"]');
      expect(segments.name).toBe("segments.csv");
      const lines = segments.text.trimEnd().split("\n");
      expect(lines[0].split(",").slice(0, 4)).toEqual(["segment", "name", "kept out of the clustering", "customers"]);
      expect(lines.slice(1).map((l) => Number(l.split(",")[3]))).toEqual([...cli.segments.map((s) => s.customers), ...cli.outside.map((g) => g.customers)]);
      const findings = await download(opened, '[data-download="Headline findings"] [data-download-format="csv"]');
      expect(findings.text.split("\n")[0]).toBe("finding,sentence,figure,value");
      const sankey = await download(opened, '[data-download="Where customers moved"] [data-download-format="svg"]');
      expect(sankey.text).toMatch(/^<\?xml[^]*<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<path/);
      const matrix = await download(opened, '[data-download="Transition matrix"] [data-download-format="csv"]');
      const cells = matrix.text.trimEnd().split("\n").slice(1);
      expect(cells).toHaveLength(cli.migration.matrix.flat().length);
      expect(cells.reduce((n, l) => n + Number(l.split(",").at(-1)), 0)).toBe(cli.migration.matrix.flat().reduce((a, b) => a + b, 0));
    } finally {
      await opened.close();
    }
  });

  it("a segment page: every table and chart has its downloads; the figures CSV is the CLI's", async () => {
    const s = cli.segments[0];
    const opened = await open(`/segments/${s.segment}`);
    try {
      const { page } = opened;
      const loose = await page.$$eval("#observablehq-main table, #observablehq-main svg[class^='plot'], #observablehq-main svg.migration-sankey, #observablehq-main .report-figures, #observablehq-main .play-card", (nodes) => nodes.filter((n) => !n.closest("[data-download]")).map((n) => n.outerHTML.slice(0, 120)));
      expect(loose).toEqual([]);
      const figures = await download(opened, `[data-download="${s.name} figures"] [data-download-format="csv"]`);
      const rows = Object.fromEntries(figures.text.trimEnd().split("\n").slice(1).map((l) => l.split(",")).map((cells) => [cells[0], Number(cells[2])]));
      expect(rows.customers).toBe(s.customers);
      expect(rows.revenue).toBe(s.revenue);
      expect(rows["change.customers"]).toBe(s.change.customers);
      const chart = page.locator("[data-feature] [data-download]").first();
      const png = await Promise.all([page.waitForEvent("download"), chart.locator('[data-download-format="png"]').click()]).then(([d]) => d.path()).then((p) => readFileSync(p));
      expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    } finally {
      await opened.close();
    }
  });
});

describe("predicted value (/predictions, and on the overview and segment pages)", () => {
  it("shows the CLI's predictions per segment, the holdout check, its charts and the models", async () => {
    const { clv } = cli;
    expect(clv.status, "the committed config publishes predictions on the sample").toBe("published");
    const opened = await open("/predictions");
    try {
      const { page } = opened;
      expect(await page.locator('[data-testid="clv-status"]').getAttribute("data-status")).toBe("published");
      for (const s of [...cli.segments, { segment: -1, predicted: clv.everyone }]) {
        const shown = await figures(opened, `table.clv-table tr[data-segment="${s.segment}"]`);
        expect(shown["predicted.clv"].value, `segment ${s.segment}: predicted value`).toBe(s.predicted!.clv);
        expect(shown["predicted.clv"].text).toBe(formatMoney(s.predicted!.clv, cli.quality.transactions!.currency));
        expect(shown["predicted.clvShare"].value).toBe(s.predicted!.clvShare);
        expect(shown["predicted.meanPAlive"].value).toBe(s.predicted!.meanPAlive);
        expect(shown["predicted.atRisk.customers"].value).toBe(s.predicted!.atRisk.customers);
      }
      expect(await page.locator('[data-testid="at-risk-segment"]').count()).toBe(cli.segments.filter((s) => s.predicted!.atRiskSegment).length);
      const v = clv.validation!;
      expect(await page.locator('[data-testid="validation-status"]').getAttribute("data-status")).toBe(v.status);
      const holdout = await figures(opened, ".report-figures");
      expect(holdout["holdout.actualPurchases"].value).toBe(v.totals!.actualPurchases);
      expect(holdout["holdout.predictedPurchases"].value).toBe(v.totals!.predictedPurchases);
      expect(holdout["holdout.actualRevenue"].value).toBe(v.totals!.actualRevenue);
      const model = await figures(opened, '[data-testid="clv-model"]');
      expect(model["bgnbd.logLikelihood"].value).toBe(clv.model!.bgnbd!.logLikelihood);
      expect(model["gammaGamma.logLikelihood"].value).toBe(clv.model!.gammaGamma!.logLikelihood);
      const checkModel = await figures(opened, '[data-testid="clv-model-validation"]');
      expect(checkModel["validation.bgnbd.logLikelihood"].value).toBe(v.model!.bgnbd!.logLikelihood);
      // Value shares, cumulative and weekly tracking, conditional expectation, holdout revenue, P(alive): each a chart with CSV, SVG and PNG.
      const charts = page.locator(".downloadable:has(svg)");
      expect(await charts.count()).toBe(6);
      for (const format of ["csv", "svg", "png"]) expect(await page.locator(`.downloadable:has(svg) button[data-download-format="${format}"]`).count()).toBe(6);
      const csv = page.locator('[data-download="Holdout revenue by segment, actual and predicted"] button[data-download-format="csv"]');
      const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
    } finally {
      await opened.close();
    }
  });

  it("puts each segment's predicted value on the overview and on its page", async () => {
    const overview = await open("/");
    try {
      expect(await overview.page.locator('[data-testid="clv-summary"]').textContent()).toContain(formatMoney(cli.clv.everyone!.clv, cli.quality.transactions!.currency));
      expect(await overview.page.locator('[data-testid="segment-predicted"]').count()).toBe(cli.segments.length);
    } finally {
      await overview.close();
    }
    for (const s of cli.segments) {
      const opened = await open(`/segments/${s.segment}`);
      try {
        const shown = await figures(opened, ".report-figures");
        expect(shown["predicted.clv"], `${s.name}: predicted value`).toEqual({ value: s.predicted!.clv, text: formatMoney(s.predicted!.clv, cli.quality.transactions!.currency) });
        expect(shown["predicted.meanPAlive"].value).toBe(s.predicted!.meanPAlive);
        expect(await opened.page.locator('[data-testid="at-risk-segment"]').count()).toBe(s.predicted!.atRiskSegment ? 1 : 0);
        const holdout = cli.clv.validation!.segments[s.segment];
        expect(await opened.page.locator('[data-testid="segment-holdout"]').textContent()).toContain(holdout.customers ? formatMoney(holdout.predictedRevenue, cli.quality.transactions!.currency) : "No holdout check");
      } finally {
        await opened.close();
      }
    }
  });
});

describe("segment pages", () => {
  it("each shows its name, description, figures, plays and flows as the CLI computes them", async () => {
    for (const s of cli.segments) {
      const opened = await open(`/segments/${s.segment}`);
      try {
        const { page } = opened;
        expect(await page.locator('[data-testid="segment-name"]').textContent()).toBe(s.name);
        expect(await page.locator('[data-testid="segment-description"]').textContent()).toBe(s.description);
        const shown = await figures(opened, ".report-figures");
        const expected: Record<string, (x: number) => string> = {
          customers: formatCount,
          customerShare: formatShare,
          revenue: formatMoney,
          revenueShare: formatShare,
          revenuePerCustomer: formatMoney,
          avgOrderValue: formatMoney,
          medianRecencyDays: formatDecimal,
          medianFrequency: formatDecimal,
          "previous.customers": formatCount,
          "change.customers": formatSignedCount,
          "change.customerShare": formatPoints,
          "change.revenueShare": formatPoints,
        };
        // The predicted-value figures ("predicted.…") are checked by the predicted-value tests above.
        expect(Object.keys(shown).filter((key) => !key.startsWith("predicted.")).sort()).toEqual(Object.keys(expected).sort());
        for (const [key, format] of Object.entries(expected)) {
          expect(shown[key], `${s.name}: ${key}`).toEqual({ value: get(s, key), text: format(get(s, key)) });
        }
        for (const field of ["action", "channel", "avoid", "kpi"] as const) {
          expect(await page.locator(`dd[data-play="${field}"]`).textContent(), `${s.name}: ${field}`).toBe(s.play[field]);
        }
        // The scorecard with each reason, the KPIs against everyone's, the recommendations and co-purchase rules.
        const card = page.locator('[data-testid="segment-scorecard"]');
        expect(await card.getAttribute("data-verdict"), s.name).toBe(s.scorecard.verdict);
        expect(await card.locator("dd[data-criterion]").allTextContents(), s.name).toEqual(s.scorecard.criteria.map((c) => c.reason));
        expect(await card.locator(".scorecard-summary").textContent()).toContain(s.scorecard.summary);
        const kpis = await figures(opened, ".kpi-figures");
        for (const key of ["repeat_rate", "avg_order_value", "purchase_frequency", "return_share"] as const) {
          expect(kpis[`kpi.${key}`].value, `${s.name}: ${key}`).toBe(s.kpis![key]);
        }
        const products = s.recommendations.products;
        if (products.length) {
          const rows = page.locator('[data-testid="recommendations-product"] tbody tr');
          expect(await rows.count(), s.name).toBe(products.length);
          expect(await rows.locator("td:nth-child(3)").allTextContents()).toEqual(products.map((r) => r.item));
          expect(await rows.locator("td:nth-child(4)").allTextContents()).toEqual(products.map((r) => r.lift.toFixed(2)));
        } else {
          expect(await page.locator('[data-testid="no-recommendations"]').first().textContent(), s.name).toMatch(/^No product passes the floors|^No product is bought by/);
        }
        expect(await page.locator('[data-testid="pair-rules"] tbody tr').count(), s.name).toBe(s.recommendations.pairs.length);
        if (!s.recommendations.pairs.length) expect(await page.locator('[data-testid="no-pairs"]').count()).toBe(1);
        const cameFrom = await page.$$eval('[data-testid="came-from"] tbody tr', (rows) => rows.map((r) => [(r as HTMLElement).dataset.segment, Number((r.querySelector("td.num") as HTMLElement).dataset.value)]));
        expect(cameFrom).toEqual(s.flows.cameFrom.map((f) => [f.segment === null ? "none" : String(f.segment), f.customers]));
        const wentTo = await page.$$eval('[data-testid="went-to"] tbody tr', (rows) => rows.map((r) => [(r as HTMLElement).dataset.segment, Number((r.querySelector("td.num") as HTMLElement).dataset.value)]));
        expect(wentTo).toEqual(s.flows.wentTo.map((f) => [f.segment === null ? "none" : String(f.segment), f.customers]));
        // Profile sections rendered: a chart per feature, attributes, top products.
        expect(await page.locator("[data-feature] svg").count()).toBe(cli.profile.features.length);
        expect(await page.locator("[data-attribute]").count()).toBe(cli.profile.attributes.length);
        expect(await page.locator("table.item-table").count()).toBe(cli.profile.categories ? 2 : 1);
        expect(await page.locator("svg.migration-sankey").count()).toBe(1);
        // "Against everyone" counts every customer, the net returners kept out of the clustering included.
        const everyone = await page.locator('[data-testid="everyone"]').textContent();
        expect(everyone).toContain(`all ${formatCount(cli.totals.customers)} customers`);
        expect(everyone).toContain(`${formatCount(cli.outside[0].customers)} net returners kept out of the clustering`);
        expect(await page.locator('[data-testid="print"]').textContent()).toBe(`Print or save “${s.name}” as PDF`);
        expect(await page.title()).toBe(`${s.name} | Segment Workbench`);
      } finally {
        await opened.close();
      }
    }
  });

  it("print without the sidebar, and without splitting cards, charts or tables", async () => {
    for (const path of ["/", "/segments/0"]) {
      const opened = await open(path);
      try {
        const { page } = opened;
        await page.emulateMedia({ media: "print" });
        const styles = await page.evaluate(() => ({
          sidebar: getComputedStyle(document.querySelector("#observablehq-sidebar")!).display,
          toggle: getComputedStyle(document.querySelector("#observablehq-sidebar-toggle")!).display,
          breaks: [...document.querySelectorAll("#observablehq-main .card, #observablehq-main svg, #observablehq-main table")].map((n) => getComputedStyle(n).breakInside),
        }));
        expect(styles.sidebar).toBe("none");
        expect(styles.toggle).toBe("none");
        // Buttons (downloads, print) and the navigation to other segments are not printed.
        const hidden = await page.evaluate(() => [...document.querySelectorAll("#observablehq-main button, #observablehq-main .no-print")].map((n) => getComputedStyle(n).display));
        expect(hidden.length).toBeGreaterThan(0);
        expect(new Set(hidden)).toEqual(new Set(["none"]));
        expect(styles.breaks.length).toBeGreaterThan(3);
        expect(new Set(styles.breaks)).toEqual(new Set(["avoid"]));
        const pdf = await page.pdf({ format: "A4" });
        expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      } finally {
        await opened.close();
      }
    }
  });
});

describe("workbench pdf", () => {
  it("prints the overview and every segment page of the built site to PDF, titled by page", async () => {
    const out = join(tmp, "pdf");
    const lines: string[] = [];
    const result = await renderPdfs({ dist: sharedSite().dist, out, log: (line) => lines.push(line) });
    if ("skipped" in result) throw new Error(`pdf skipped: ${result.skipped}`);
    expect(result.files.map((f) => f.page)).toEqual(["/", ...cli.segments.map((s) => `/segments/${s.segment}`)]);
    expect(lines).toHaveLength(cli.segments.length + 1);
    for (const [i, f] of result.files.entries()) {
      const pdf = readFileSync(f.file);
      expect(pdf.subarray(0, 5).toString(), f.file).toBe("%PDF-");
      const text = pdf.toString("latin1");
      const pages = Number(/\/Count (\d+)/.exec(text)?.[1]);
      expect(pages, `${f.file} pages`).toBeGreaterThanOrEqual(1);
      // Chromium writes the document title into the PDF: the segment's name (ASCII names appear as is).
      const title = i === 0 ? "Segment report" : `${cli.segments[i - 1].name} | Segment Workbench`;
      if (/^[\x20-\x7e]+$/.test(title)) expect(text, f.file).toContain(`/Title (${title.replace(/[()\\]/g, (c) => `\\${c}`)}`);
    }
  });

  it("says it skipped, in one line, without Chromium; refuses a site built from another config", async () => {
    const skipped = await renderPdfs({ dist: sharedSite().dist, out: join(tmp, "none"), chromium: "/no/such/chromium" });
    expect(skipped).toEqual({ skipped: expect.stringMatching(/^Chromium is not at \/no\/such\/chromium: install Debian's chromium with `node tools\/ensure-chromium.mjs`/) });
    await expect(renderPdfs({ dist: join(tmp, "no-dist"), out: join(tmp, "none") })).rejects.toThrow(/index.html not found: build the site first \(npm run build\)/);
    const other = join(tmp, "other.config.json");
    const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8"));
    const abs = (p: string) => join(PROJECT_ROOT, p);
    writeFileSync(other, JSON.stringify({ ...committed, inputs: { transactions: abs(committed.inputs.transactions), customers: abs(committed.inputs.customers) }, segmentation: { ...committed.segmentation, k: 3 } }));
    await expect(renderPdfs({ dist: sharedSite().dist, out: join(tmp, "none"), config: other })).rejects.toThrow(/was built from other inputs or another config than .*other\.config\.json/);
  });
});
