// The analyst workbench in headless Chromium: the interactions of the Data, Segment workbench,
// Compare and SQL pages on the built site, the customer lookup on the dev server (analyst mode), and
// what the published build leaves out.
//
// The save test is the end-to-end promise of the workbench: change the settings on the page, save the
// config, run `npm run -s workbench -- report --config SAVED` and get the segments the page showed.
//
// The built site and the dev server's project are the run's shared default site (tests/support/sharedSite.ts;
// SITE_DIST=dist reuses an existing build); SCREENSHOT_DIR chooses where screenshots go.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { tableFromIPC } from "apache-arrow";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser, type OpenedPage } from "../support/browser.js";
import { serveStatic, startPreview, type RunningServer } from "../support/servers.js";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { listFiles, run, tail } from "../support/projectCopy.js";
import { sharedSite } from "../support/site.js";

const screenshots = process.env.SCREENSHOT_DIR ? resolve(process.env.SCREENSHOT_DIR) : mkdtempSync(join(tmpdir(), "workbench-screenshots-"));
mkdirSync(screenshots, { recursive: true });

let browser: Browser;
let site: { project: string; dist: string };
let dist: string;

beforeAll(async () => {
  site = sharedSite();
  ({ dist } = site);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  console.log(`workbench screenshots: ${screenshots}`);
});

interface PageSegment {
  segment: number;
  name: string;
  customers: number;
  revenue: number;
}

/** Opens a page, waits until it settled and checks it has no problem so far. */
async function open(server: RunningServer, path: string): Promise<OpenedPage> {
  const opened = await browser.openPage(new URL(path.replace(/^\//, ""), server.url).href);
  await opened.page.setViewportSize({ width: 1280, height: 900 });
  await settle(opened);
  await expectNoProblems(opened, `${path} after loading`);
  return opened;
}

/** No error of any kind so far, and no serious accessibility violation in the page as it is now. */
async function expectNoProblems(opened: OpenedPage, when: string): Promise<void> {
  const problems = [...opened.problems(), ...(await cellErrors(opened.page)), ...(await accessibilityProblems(opened.page))].map((p) => `${p.kind}: ${p.message}`);
  expect(problems, `problems on ${opened.page.url()} ${when}`).toEqual([]);
}

async function shoot(opened: OpenedPage, name: string): Promise<void> {
  await opened.page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true }).catch(() => {});
}

/** The <input> of the Observable Inputs control with this label. */
function control(page: Page, label: string, type = "input"): Locator {
  return page.locator("form", { has: page.locator(`label:text-is("${label}")`) }).locator(type).first();
}

async function setNumber(page: Page, label: string, value: number): Promise<void> {
  const input = control(page, label, "input[type=number]");
  await input.fill(String(value));
  await input.dispatchEvent("input");
}

async function clustering(page: Page): Promise<{ k: number; signature: string; segments: PageSegment[]; outside: number }> {
  const node = page.locator('[data-testid="clustering"]');
  await node.waitFor({ state: "attached", timeout: 60_000 });
  return node.evaluate((el) => ({
    k: Number(el.getAttribute("data-k")),
    signature: el.getAttribute("data-signature") ?? "",
    segments: JSON.parse(el.getAttribute("data-segments") ?? "[]"),
    outside: Number(el.getAttribute("data-outside")),
  }));
}

/** Waits until the clustering has data-k = k and a signature other than `not`. */
async function waitForClustering(page: Page, k: number, not: string): Promise<void> {
  await page.waitForFunction(
    ([k, not]) => {
      const el = document.querySelector('[data-testid="clustering"]');
      return el !== null && el.getAttribute("data-k") === k && el.getAttribute("data-signature") !== not;
    },
    [String(k), not] as const,
    { timeout: 120_000, polling: 100 },
  );
}

/** Clicks and returns the downloaded file's name and bytes. */
async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

describe("workbench pages on the built site", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await serveStatic(dist);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("/workbench: changing k gives a new clustering; changing the seed runs it again", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      const first = await clustering(page);
      const k = first.k === 10 ? 9 : first.k + 1;
      await setNumber(page, "Segments (k)", k);
      await waitForClustering(page, k, first.signature);
      const second = await clustering(page);
      expect(second.segments).toHaveLength(k);
      expect(second.segments.reduce((s, x) => s + x.customers, 0)).toBe(first.segments.reduce((s, x) => s + x.customers, 0));
      // Another seed may well find the same partition (restarts keep the best): the settings line changes.
      await setNumber(page, "Seed", 1234);
      await page.waitForFunction(() => document.querySelector('[data-testid="clustering"]')?.textContent?.includes("seed 1234"), null, { timeout: 120_000 });
      expect((await clustering(page)).k).toBe(k);
      await settle(opened);
      await expectNoProblems(opened, "after changing k and the seed");
    } finally {
      await opened.close();
    }
  });

  it("/workbench: the sweep recommends a k, and Use k applies it", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      const before = await clustering(page);
      await page.getByRole("button", { name: /Run the sweep/ }).click();
      const sweep = page.locator('[data-testid="sweep"]');
      await sweep.waitFor({ state: "attached", timeout: 180_000 });
      const recommended = Number(await sweep.getAttribute("data-recommended"));
      expect(recommended).toBeGreaterThanOrEqual(2);
      expect(recommended).toBeLessThanOrEqual(10);
      await expect(sweep.locator("p").first().textContent()).resolves.toContain(`Recommended: k = ${recommended}`);
      expect(await sweep.locator("svg").count(), "the four sweep charts").toBeGreaterThanOrEqual(4);
      await page.locator('[data-testid="use-recommended"]').click();
      if (recommended !== before.k) await waitForClustering(page, recommended, before.signature);
      expect((await clustering(page)).k).toBe(recommended);
      expect(await control(page, "Segments (k)", "input[type=number]").inputValue()).toBe(String(recommended));
      await settle(opened);
      await shoot(opened, "workbench-sweep");
      await expectNoProblems(opened, "after the sweep");
    } finally {
      await opened.close();
    }
  });

  it("/workbench: the saved config is what the page shows, and the report built from it has the page's segments", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      const first = await clustering(page);
      const k = first.k === 4 ? 6 : 4;
      await setNumber(page, "Segments (k)", k);
      await waitForClustering(page, k, first.signature);
      await setNumber(page, "Seed", 7);
      await page.waitForFunction(() => document.querySelector('[data-testid="clustering"]')?.textContent?.includes("seed 7 "), null, { timeout: 120_000 });
      await control(page, "Scaling", "select").selectOption("robust");
      await page.waitForFunction(() => document.querySelector('[data-testid="clustering"]')?.textContent?.includes("robust scaling"), null, { timeout: 120_000 });
      await page.locator('input[name="name-0"]').fill("Top spenders");
      await page.locator('input[name="action-1"]').fill("Call them, = no formula");
      await page.waitForFunction(() => document.querySelector('[data-testid="save"]')?.getAttribute("data-segmentation")?.includes("Top spenders"), null, { timeout: 30_000 });
      await settle(opened);

      const shown = await clustering(page);
      const section = JSON.parse((await page.locator('[data-testid="save"]').getAttribute("data-segmentation")) ?? "{}");
      const { name, bytes } = await download(page, page.locator('[data-testid="save-config"]'));
      expect(name).toBe("workbench.config.json");
      const saved = JSON.parse(bytes.toString("utf-8"));

      // The saved section is the page's settings …
      const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8"));
      expect(saved.segmentation).toEqual(section);
      expect(saved.segmentation).toMatchObject({
        features: committed.segmentation.features,
        log: committed.segmentation.log,
        scale: "robust",
        k,
        seed: 7,
        nInit: committed.segmentation.nInit,
        names: { "0": "Top spenders" },
        actions: { "1": "Call them, = no formula" },
      });
      expect(await control(page, "Seed", "input[type=number]").inputValue()).toBe("7");
      expect(shown.k).toBe(k);
      expect(shown.segments[0].name).toBe("Top spenders");
      // … and the rest of the file is the committed config.
      expect({ ...saved, segmentation: null }).toEqual({ ...committed, segmentation: null });

      const { bytes: sectionBytes } = await download(page, page.locator('[data-testid="save-section"]'));
      expect(JSON.parse(sectionBytes.toString("utf-8"))).toEqual({ segmentation: section });

      // The report built from the saved config (inputs made absolute, as the file now lives elsewhere).
      const dir = mkdtempSync(join(tmpdir(), "saved-config-"));
      const abs = (p: string) => (isAbsolute(p) ? p : resolve(PROJECT_ROOT, p));
      const config = { ...saved, inputs: { ...saved.inputs, transactions: abs(saved.inputs.transactions), ...(saved.inputs.customers ? { customers: abs(saved.inputs.customers) } : {}) } };
      writeFileSync(join(dir, "workbench.config.json"), JSON.stringify(config, null, 2));
      const cli = await run("npm", ["run", "-s", "workbench", "--", "report", "--config", join(dir, "workbench.config.json"), "--out", join(dir, "report.json")], PROJECT_ROOT);
      expect(cli.code, `workbench report --config SAVED:\n${tail(cli.output)}`).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf-8"));
      const published = report.segments.map((s: PageSegment) => ({ segment: s.segment, name: s.name, customers: s.customers, revenue: s.revenue }));
      expect(published).toEqual(shown.segments);
      expect(report.config).toMatchObject({ k, seed: 7, scale: "robust" });
      await shoot(opened, "workbench-saved");
      await expectNoProblems(opened, "after saving");
    } finally {
      await opened.close();
    }
  });

  it("/workbench: the address holds the settings, so a link reproduces the view; bad parameters fall back with a notice", async () => {
    const link = "/workbench?feature=recency_days&feature=monetary&log=monetary&scale=robust&k=3&seed=9&restarts=2&winsorize=none";
    const opened = await open(server, link);
    const { page } = opened;
    try {
      const shown = await clustering(page);
      expect(shown.k).toBe(3);
      const summary = await page.locator('[data-testid="clustering"]').textContent();
      expect(summary).toContain("k = 3 on recency_days, log monetary, robust scaling, seed 9");
      expect(await control(page, "Restarts", "input[type=number]").inputValue()).toBe("2");
      expect(await page.locator('[data-testid="address-notice"]').count()).toBe(0);
      // Changing a setting rewrites the address (no new history entry).
      await setNumber(page, "Segments (k)", 4);
      await waitForClustering(page, 4, shown.signature);
      const address = new URL(page.url());
      expect(address.searchParams.get("k")).toBe("4");
      expect(address.searchParams.getAll("feature")).toEqual(["recency_days", "monetary"]);
      expect(address.searchParams.get("seed")).toBe("9");
      // The same link in a fresh page gives the same clustering.
      const again = await open(server, `${address.pathname}${address.search}`);
      try {
        expect((await clustering(again.page)).signature).toBe((await clustering(page)).signature);
      } finally {
        await again.close();
      }
    } finally {
      await opened.close();
    }
    const bad = await open(server, "/workbench?k=11&feature=nope&scale=log&kk=1");
    try {
      const notice = bad.page.locator('[data-testid="address-notice"]');
      await notice.waitFor({ state: "attached", timeout: 30_000 });
      const lines = await notice.locator("li").allTextContents();
      expect(lines).toEqual([
        expect.stringMatching(/^feature: "nope" is not a feature of this data .*; using the default features "recency_days", "frequency", "monetary"$/),
        'scale=log: not one of "zscore", "robust", "minmax", "none"; using zscore',
        "k=11: expected a whole number from 2 to 10; using 5",
        'ignored parameter "kk": not a setting of this page',
      ]);
      expect((await clustering(bad.page)).k).toBe(JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8")).segmentation.k);
      // The address now holds the settings shown.
      expect(new URL(bad.page.url()).searchParams.get("k")).toBe("5");
      await expectNoProblems(bad, "with bad parameters");
    } finally {
      await bad.close();
    }
  });

  it("/compare: the address holds both sides and the colouring", async () => {
    const opened = await open(server, "/compare?a=rfm&b=custom&b.feature=recency_days&b.feature=monetary&b.log=monetary&b.k=3&b.seed=5&colour=customers");
    const { page } = opened;
    try {
      await page.waitForFunction(() => document.querySelector('[data-testid="agreement"]')?.textContent?.includes("B: 3 segments"), null, { timeout: 120_000 });
      expect(await page.locator('[data-testid="side-a"] select').first().inputValue()).toBe(await page.locator('[data-testid="side-a"] select option', { hasText: "RFM segments" }).getAttribute("value"));
      expect(await page.getByLabel("Customers", { exact: true }).isChecked()).toBe(true);
      expect(await page.locator('[data-testid="agreement"]').textContent()).toContain("A: ");
      await page.locator('[data-testid="side-b"] select').first().selectOption({ label: "Published segmentation (committed config)" });
      await page.waitForFunction(() => new URL(location.href).searchParams.get("b") === "published", null, { timeout: 30_000 });
      expect(new URL(page.url()).searchParams.get("a")).toBe("rfm");
      expect(new URL(page.url()).searchParams.get("colour")).toBe("customers");
      await settle(opened);
      await expectNoProblems(opened, "after following a link");
    } finally {
      await opened.close();
    }
    const bad = await open(server, "/compare?a=workbench&b=nope");
    try {
      const lines = await bad.page.locator('[data-testid="address-notice"] li').allTextContents();
      expect(lines).toEqual([
        "a=workbench: this browser has no workbench settings yet (run a clustering on the workbench first); using published",
        'b=nope: not one of "published", "workbench", "rfm", "custom"; using rfm',
      ]);
    } finally {
      await bad.close();
    }
  });

  it("/workbench: a winsorized clustering cannot be saved", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      await control(page, "Winsorize", "select").selectOption({ label: "1st–99th percentile" });
      await page.locator('[data-testid="save-problem"]').waitFor({ state: "attached", timeout: 120_000 });
      expect(await page.locator('[data-testid="save-config"]').isDisabled()).toBe(true);
    } finally {
      await opened.close();
    }
  });

  it("/data: the log scale redraws the distributions; the correlation heatmap and downloads work", async () => {
    const opened = await open(server, "/data");
    const { page } = opened;
    try {
      const charts = page.locator('[data-testid="distributions"] svg[class^="plot"]');
      expect(await charts.count()).toBeGreaterThanOrEqual(3);
      const linear = await charts.first().innerHTML();
      await control(page, "Log scale", "input[type=checkbox]").check();
      await page.locator('[data-testid="distributions"][data-log="true"]').waitFor({ state: "attached", timeout: 30_000 });
      expect(await page.locator('[data-testid="distributions"] svg[class^="plot"]').first().innerHTML()).not.toBe(linear);

      const heatmap = page.locator('[data-testid="correlations"]');
      expect(await heatmap.getAttribute("data-method")).toBe("spearman");
      expect(await heatmap.locator("rect").count()).toBeGreaterThanOrEqual(9);
      await page.getByLabel("Pearson (linear)").check();
      await page.locator('[data-testid="correlations"][data-method="pearson"]').waitFor({ state: "attached", timeout: 30_000 });

      const summary = page.locator('[data-download="Feature summary"]');
      const csv = await download(page, summary.locator('[data-download-format="csv"]'));
      expect(csv.name).toBe("feature-summary.csv");
      expect(csv.bytes.toString("utf-8")).toMatch(/^Feature,Customers,Missing,Zeros,Min,25th pct,Median,Mean,75th pct,Max,What it is\nrecency_days,/);
      const chart = page.locator('[data-download^="Distribution of "]').first();
      const svg = await download(page, chart.locator('[data-download-format="svg"]'));
      expect(svg.name).toMatch(/^distribution-of-.*\.svg$/);
      expect(svg.bytes.toString("utf-8")).toMatch(/^<\?xml[^]*<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<rect/);
      const png = await download(page, chart.locator('[data-download-format="png"]'));
      expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      await settle(opened);
      await shoot(opened, "data-log");
      await expectNoProblems(opened, "after the interactions");
    } finally {
      await opened.close();
    }
  });

  it("/compare: published against RFM, against itself (adjusted Rand index 1) and against other k-means settings", async () => {
    const opened = await open(server, "/compare");
    const { page } = opened;
    try {
      const agreement = page.locator('[data-testid="agreement"]');
      const ari = Number(await agreement.getAttribute("data-ari"));
      expect(ari).toBeGreaterThan(-1);
      expect(ari).toBeLessThan(1);
      const n = Number(await page.locator('[data-testid="crosstab"]').getAttribute("data-n"));
      const features = tableFromIPC(readFileSync(join(dist, "_file", "data", listFiles(join(dist, "_file", "data")).find((f) => /^features\.[0-9a-f]+\.arrow$/.test(f))!)));
      expect(n).toBe(features.numRows);
      const csv = await download(page, page.locator('[data-download="Cross-tabulation counts"] [data-download-format="csv"]'));
      const total = csv.bytes.toString("utf-8").trimEnd().split("\n").at(-1)!;
      expect(total.split(",").at(-1)).toBe(String(n));

      await page.locator('[data-testid="side-b"] select').first().selectOption({ label: "Published segmentation (committed config)" });
      await page.waitForFunction(() => document.querySelector('[data-testid="agreement"]')?.getAttribute("data-ari") === "1.000000", null, { timeout: 120_000 });

      // Other settings: the form starts from the committed ones with one segment fewer.
      const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8"));
      await page.locator('[data-testid="side-b"] select').first().selectOption({ label: "k-means with other settings" });
      const k = Math.max(2, committed.segmentation.k - 1);
      await page.waitForFunction((k) => document.querySelector('[data-testid="agreement"]')?.textContent?.includes(`B: ${k} segments`), k, { timeout: 120_000 });
      const b = page.locator('[data-testid="side-b"]');
      await b.locator("input[type=number]").first().fill("7");
      await b.locator("input[type=number]").first().dispatchEvent("input");
      await page.waitForFunction(() => document.querySelector('[data-testid="agreement"]')?.textContent?.includes("B: 7 segments"), null, { timeout: 120_000 });
      await settle(opened);
      await expectNoProblems(opened, "after choosing B");
    } finally {
      await opened.close();
    }
  });

  it("the workbench's last settings reach the compare and SQL pages of the same browser", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      const first = await clustering(page);
      const k = first.k === 3 ? 4 : 3;
      await setNumber(page, "Segments (k)", k);
      await waitForClustering(page, k, first.signature);
      const shown = await clustering(page);

      await page.goto(new URL("compare", server.url).href);
      await settle(opened);
      await page.locator('[data-testid="side-b"] select').first().selectOption({ label: `Workbench: your last settings (k = ${k})` });
      await page.waitForFunction((k) => document.querySelector('[data-testid="agreement"]')?.textContent?.includes(`B: ${k} segments`), k, { timeout: 120_000 });
      const csv = (await download(page, page.locator('[data-download="Segments of B"] [data-download-format="csv"]'))).bytes.toString("utf-8");
      const counts = csv.trimEnd().split("\n").slice(1).map((line) => Number(line.split(",")[1]));
      // The segments, then the net returners kept out of the clustering (the sample has some).
      expect(shown.outside).toBeGreaterThan(0);
      expect(counts).toEqual([...shown.segments.map((s) => s.customers), shown.outside]);

      await page.goto(new URL("sql", server.url).href);
      await settle(opened);
      await page.locator("textarea").fill("SELECT workbench_segment, count(*)::INTEGER AS customers FROM assignments GROUP BY ALL ORDER BY workbench_segment");
      await page.getByRole("button", { name: "Run" }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="scratch-result"]')?.textContent?.includes("workbench_segment"), null, { timeout: 60_000 });
      const sqlCsv = (await download(page, page.locator('[data-testid="scratch-result"] [data-download-format="csv"]'))).bytes.toString("utf-8");
      // Customers kept out of the clustering have no segment number (NULL, last).
      expect(sqlCsv.trimEnd().split("\n").slice(1).map((line) => line.split(","))).toEqual([...shown.segments.map((s, i) => [String(i), String(s.customers)]), ["", String(shown.outside)]]);
      await settle(opened);
      await expectNoProblems(opened, "on the compare and SQL pages with stored settings");
    } finally {
      await opened.close();
    }
  });

  it("/sql: a scratch query over the assignments runs, and its CSV has formulas neutralised", async () => {
    const opened = await open(server, "/sql");
    const { page } = opened;
    try {
      const textarea = page.locator("textarea");
      await textarea.fill("SELECT segment_name, count(*)::INTEGER AS customers, '=1+1' AS formula FROM assignments GROUP BY ALL ORDER BY customers DESC");
      await page.getByRole("button", { name: "Run" }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid="scratch-result"]')?.textContent?.includes("formula"), null, { timeout: 60_000 });
      const rows = Number(await page.locator('[data-testid="scratch-result"]').getAttribute("data-rows"));
      const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8"));
      // The segments and the net returners kept out of the clustering.
      expect(rows).toBe(committed.segmentation.k + 1);
      const csv = (await download(page, page.locator('[data-testid="scratch-result"] [data-download-format="csv"]'))).bytes.toString("utf-8");
      const lines = csv.trimEnd().split("\n");
      expect(lines[0]).toBe("segment_name,customers,formula");
      expect(lines.slice(1).every((line) => line.endsWith(",'=1+1"))).toBe(true);

      await textarea.fill("SELECT no_such_column FROM features");
      await page.getByRole("button", { name: "Run" }).click();
      await page.locator('[data-testid="scratch-error"]').waitFor({ state: "attached", timeout: 30_000 });
      await settle(opened);
      await expectNoProblems(opened, "after the queries");
    } finally {
      await opened.close();
    }
  });

  it("the published build has no customer lookup, and no customer-level file beyond features and transactions", () => {
    const all = listFiles(dist);
    expect(all.filter((f) => /lookup/i.test(f))).toEqual([]);
    for (const html of all.filter((f) => f.endsWith(".html"))) {
      expect(readFileSync(join(dist, html), "utf-8"), `${html} links the lookup`).not.toMatch(/href="[^"]*lookup/);
    }
    // Customer ids appear only in the two Arrow files the pages have always had.
    const dataDir = join(dist, "_file", "data");
    const featuresFile = listFiles(dataDir).find((f) => /^features\.[0-9a-f]+\.arrow$/.test(f))!;
    const ids = Array.from(tableFromIPC(readFileSync(join(dataDir, featuresFile))).getChild("customer_id")!.toArray() as string[]);
    const probes = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 50)) === 0);
    const holding = all.filter((f) => !f.startsWith("_npm") && !f.startsWith("_observablehq")).filter((f) => {
      const text = readFileSync(join(dist, f)).toString("latin1");
      return probes.some((id) => text.includes(id));
    });
    expect(holding.map((f) => f.replace(/\.[0-9a-f]{8}\./, ".#."))).toEqual(["_file/data/features.#.arrow", "_file/data/transactions.#.arrow"]);
  });
});

describe("dev server (analyst mode)", () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startPreview(site.project);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("/lookup/<id> shows the customer's features and segments, and the sidebar links the lookup", async () => {
    const features = tableFromIPC(readFileSync(join(dist, "_file", "data", listFiles(join(dist, "_file", "data")).find((f) => /^features\.[0-9a-f]+\.arrow$/.test(f))!)));
    const id = String(features.getChild("customer_id")!.get(0));
    const rfm = String(features.getChild("rfm_segment")!.get(0));
    const opened = await open(server, `/lookup/${encodeURIComponent(id)}`);
    const { page } = opened;
    try {
      const card = page.locator('[data-testid="lookup"]');
      await card.waitFor({ state: "attached", timeout: 60_000 });
      expect(await card.getAttribute("data-customer")).toBe(id);
      expect(await card.getAttribute("data-rfm")).toBe(rfm);
      expect(await card.getAttribute("data-segment")).toBeTruthy();
      const link = page.locator("#observablehq-sidebar a", { hasText: "Customer lookup" });
      expect(await link.count()).toBe(1);
      expect(new URL((await link.getAttribute("href"))!, page.url()).pathname).toBe("/lookup/search");
      await shoot(opened, "lookup");

      // Search by part of an id.
      await page.goto(new URL("lookup/search", server.url).href);
      await settle(opened);
      await control(page, "Customer id").fill(id.slice(0, -1));
      await control(page, "Customer id").dispatchEvent("input");
      await page.getByLabel(id, { exact: true }).check();
      await page.locator(`[data-testid="lookup"][data-customer="${id}"]`).waitFor({ state: "attached", timeout: 60_000 });
      await settle(opened);
      await expectNoProblems(opened, "after a search");
    } finally {
      await opened.close();
    }
  });

  it("/workbench on the dev server: a save round trip of the committed settings changes nothing", async () => {
    const opened = await open(server, "/workbench");
    const { page } = opened;
    try {
      await clustering(page);
      await page.locator('[data-testid="save"]').waitFor({ state: "attached", timeout: 60_000 });
      const { bytes } = await download(page, page.locator('[data-testid="save-config"]'));
      expect(JSON.parse(bytes.toString("utf-8"))).toEqual(JSON.parse(readFileSync(join(PROJECT_ROOT, "workbench.config.json"), "utf-8")));
      await expectNoProblems(opened, "after saving");
    } finally {
      await opened.close();
    }
  });
});
