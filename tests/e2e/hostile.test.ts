// The site built from a hostile project (tests/corpus/hostile/: cases.json "site"), in headless Chromium.
// Product names, categories, cities, column names, customer ids, the export's file name, and the
// config's segment names, actions, playbook and RFM segment names hold <script>, <img onerror>,
// <svg onload>, attribute break-outs and javascript: payloads, each of which would set
// window.__hostile or call alert() if it ran. On every page built: no dialog, the sentinel stays
// undefined, no console, page or cell error, nothing off-origin, no element with an on* attribute, no
// javascript: link, no iframe; and each payload shows as literal text where cases.json says, also
// after hovering it and every chart, and after choosing each RFM segment. The published CRM export
// neutralises formulas.
//
// The build runs in a temporary copy of the project (`npm run build` with WORKBENCH_CONFIG), so the
// repository's dist/ and caches are untouched. It is the analyst build (WORKBENCH_MODE=analyst): every
// published page plus the analyst-only customer lookup, opened at each hostile customer id too.
// BUILD_TEST_KEEP=1 keeps the copy.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellErrors, CHROMIUM_PATH, openPageIn, settle, type OpenedPage } from "../support/browser.js";
import { parseCsv } from "../support/csv.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";
import { PROJECT_ROOT } from "../../pipeline/config.js";

interface SiteCase {
  id: string;
  from: string;
  text: string;
  shownOn?: string[];
  attributeOn?: string[];
  exportCsv?: string;
  lookup?: boolean;
}

const CORPUS = join(PROJECT_ROOT, "tests", "corpus", "hostile");
const corpus = JSON.parse(readFileSync(join(CORPUS, "cases.json"), "utf-8")) as {
  sentinel: string;
  site: { transactionsFileName: string; cases: SiteCase[] };
};
const { sentinel } = corpus;
const cases = corpus.site.cases;

let copy: string;
let dist: string;
let pages: string[] = [];
let server: RunningServer;
let browser: Browser;

/** "index.html" → "/", "segments/0.html" → "/segments/0". */
function pagePath(file: string): string {
  return `/${file.replace(/\.html$/, "").replace(/(^|\/)index$/, "$1")}`;
}

beforeAll(async () => {
  copy = copyProject("hostile-site-");
  const project = join(copy, "hostile");
  mkdirSync(project);
  copyFileSync(join(CORPUS, "customers.csv"), join(project, "customers.csv"));
  // The export's file name is hostile too (it is shown on the report and the quality page).
  copyFileSync(join(CORPUS, "transactions.csv"), join(project, corpus.site.transactionsFileName));
  const config = JSON.parse(readFileSync(join(CORPUS, "workbench.config.json"), "utf-8"));
  config.inputs.transactions = corpus.site.transactionsFileName;
  writeFileSync(join(project, "workbench.config.json"), JSON.stringify(config, null, 2));
  const build = await npmBuild(copy, { WORKBENCH_CONFIG: join(project, "workbench.config.json"), WORKBENCH_MODE: "analyst" });
  if (build.code !== 0) throw new Error(`npm run build of the hostile project failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the hostile project in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  dist = join(copy, "dist");
  pages = listFiles(dist)
    .filter((f) => f.endsWith(".html") && !f.startsWith("_") && f !== "404.html")
    .map(pagePath);
  server = await serveStatic(dist);
  // Our own contexts (not launchBrowser's), to hear dialogs from the first byte of each page on.
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

interface Exposure {
  sentinel: unknown;
  /** Elements with an event-handler attribute (onerror, onload, onmouseover, …). */
  handlers: string[];
  /** Links and other URL attributes with a javascript: URL. */
  scriptUrls: string[];
  /** Elements a payload would have created. */
  injected: string[];
}

/** What a payload that ran (or was parsed as markup) would have left in the page. */
async function exposure(opened: OpenedPage): Promise<Exposure> {
  return opened.page.evaluate((name) => {
    const elements = [...document.querySelectorAll("*")];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}>`;
    return {
      sentinel: (window as unknown as Record<string, unknown>)[name],
      handlers: elements.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${describe(el)} ${a.name}="${a.value}"`)),
      scriptUrls: elements.flatMap((el) =>
        ["href", "src", "action", "formaction", "xlink:href"]
          .map((attribute) => el.getAttribute(attribute))
          .filter((value): value is string => value !== null && /^\s*javascript:/i.test(value))
          .map((value) => `${describe(el)} ${value}`),
      ),
      injected: [
        ...[...document.querySelectorAll("iframe, object, embed, img[src='x']")].map(describe),
        ...[...document.scripts].filter((s) => (s.textContent ?? "").includes(name)).map(describe),
        ...[...document.querySelectorAll("style")].filter((s) => (s.textContent ?? "").includes("display:none")).map(describe),
      ],
    };
  }, sentinel);
}

/** Moves the pointer over each element whose own text holds one of `texts`, and over every chart. */
async function hoverEverything(opened: OpenedPage, texts: string[]): Promise<number> {
  const points = await opened.page.evaluate((texts) => {
    const out: { x: number; y: number }[] = [];
    const visible = (r: DOMRect) => r.width > 0 && r.height > 0;
    for (const el of document.querySelectorAll("main *")) {
      const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("");
      const r = el.getBoundingClientRect();
      if (visible(r) && texts.some((t) => own.includes(t))) out.push({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
    }
    for (const svg of document.querySelectorAll("main svg")) {
      const r = svg.getBoundingClientRect();
      if (visible(r)) for (const [fx, fy] of [[0.3, 0.3], [0.5, 0.5], [0.7, 0.7]]) out.push({ x: r.x + r.width * fx, y: r.y + r.height * fy });
    }
    return out.map((p) => ({ x: p.x + window.scrollX, y: p.y + window.scrollY }));
  }, texts);
  for (const p of points) {
    await opened.page.evaluate(({ x, y }) => window.scrollTo(Math.max(0, x - 200), Math.max(0, y - 200)), p);
    const scroll = await opened.page.evaluate(() => ({ x: window.scrollX, y: window.scrollY }));
    await opened.page.mouse.move(p.x - scroll.x, p.y - scroll.y);
  }
  return points.length;
}

/**
 * Opens path (with a fresh context that hears every dialog), lets it settle, runs `then`, checks that
 * each case's text shows as text (`shown`) or as an attribute's exact value (`attributes`), hovers the
 * payloads and every chart (and picks each RFM segment on /rfm), then that nothing ran. Returns the failures.
 */
async function checkPage(path: string, shown: SiteCase[], attributes: SiteCase[], then?: (opened: OpenedPage) => Promise<string[]>): Promise<string[]> {
  const failures: string[] = [];
  const context = await browser.newContext();
  const dialogs: string[] = [];
  context.on("dialog", (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  try {
    const opened = await openPageIn(context, new URL(path.slice(1), server.url).href);
    await settle(opened);
    if (then) failures.push(...(await then(opened)).map((f) => `${path}: ${f}`));
    const text = await opened.page.evaluate(() => document.documentElement.textContent ?? "");
    for (const c of shown) if (!text.includes(c.text)) failures.push(`${path}: "${c.id}" is not shown as text: ${JSON.stringify(c.text)}`);
    const values = await opened.page.evaluate(() => [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.value)));
    for (const c of attributes) if (!values.includes(c.text)) failures.push(`${path}: "${c.id}" is not an attribute's exact value: ${JSON.stringify(c.text)}`);
    const hovered = await hoverEverything(opened, shown.map((c) => c.text));
    if (path === "/rfm") {
      // Every RFM segment's customers (hostile names and customer ids) in the table.
      const select = opened.page.locator("form select").first();
      for (const option of await select.locator("option").allTextContents()) {
        await select.selectOption({ label: option });
        await settle(opened, { quietMs: 300 });
      }
    }
    const seen = await exposure(opened);
    const problems = [...opened.problems(), ...(await cellErrors(opened.page))].map((p) => `${p.kind}: ${p.message}`);
    for (const d of dialogs) failures.push(`${path}: a dialog opened: ${d}`);
    if (seen.sentinel !== undefined) failures.push(`${path}: window.${sentinel} = ${JSON.stringify(seen.sentinel)}: a payload ran`);
    for (const h of seen.handlers) failures.push(`${path}: event handler attribute ${h}`);
    for (const u of seen.scriptUrls) failures.push(`${path}: javascript: URL ${u}`);
    for (const e of seen.injected) failures.push(`${path}: injected element ${e}`);
    for (const p of problems) failures.push(`${path}: ${p}`);
    console.log(`${path}: ${shown.length} payloads shown as text, ${attributes.length} as attributes, ${hovered} places hovered`);
  } catch (error) {
    failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await context.close();
  }
  return failures;
}

describe("the site built from hostile exports and config", () => {
  it("builds every page, with the segment pages of the hostile config", () => {
    expect(pages).toEqual(expect.arrayContaining(["/", "/quality", "/rfm", "/sql", "/workbench", "/segments/0", "/segments/4"]));
  });

  it("publishes a CRM export whose hostile customer ids are text, formulas neutralised", async () => {
    const response = await fetch(new URL("data/segment-export.csv", server.url));
    expect(response.status).toBe(200);
    const csv = await response.text();
    for (const c of cases.filter((c) => c.exportCsv)) expect(csv, c.id).toContain(`\n${c.exportCsv}`);
  });

  it("offers an audience's CRM export on /audiences (report.publishExport is true): every member, formulas neutralised", async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    try {
      const opened = await openPageIn(context, new URL("audiences", server.url).href);
      const { page } = opened;
      await settle(opened);
      // The page's own first rule, under a name a spreadsheet would read as a formula.
      await page.locator("form", { has: page.locator('label:text-is("Name")') }).locator("input").fill("=Recent");
      await page.waitForFunction(() => document.querySelector('[data-testid="config-entry"]')?.textContent?.includes('"name": "=Recent"'), null, { timeout: 60_000 });
      await settle(opened);
      const count = page.locator('[data-testid="audience-count"][data-state="counted"]');
      const customers = Number(await count.getAttribute("data-customers"));
      expect(customers).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="audience-export-absent"]').count()).toBe(0);
      const [file] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.locator('[data-testid="audience-export"]').click()]);
      const csv = parseCsv(readFileSync(await file.path(), "utf-8"));
      expect(csv[0].slice(0, 3)).toEqual(["customer_id", "audience", "next_best_1"]);
      expect(csv).toHaveLength(customers + 1);
      // Each member's audience cell is the name, the formula neutralised.
      expect(new Set(csv.slice(1).map((r) => r[1]))).toEqual(new Set(["'=Recent"]));
      await opened.close();
    } finally {
      await context.close();
    }
  }, 300_000);

  it("runs nothing and shows every payload as text on every page", async () => {
    const failures: string[] = [];
    for (const path of pages) {
      const shown = cases.filter((c) => c.shownOn?.includes("*") || c.shownOn?.includes(path));
      const attributes = cases.filter((c) => c.attributeOn?.includes(path));
      failures.push(...(await checkPage(path, shown, attributes)));
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it("finds each hostile customer id in the customer lookup and shows it as text", async () => {
    expect(pages).toContain("/lookup/search");
    const failures: string[] = [];
    for (const c of cases.filter((c) => c.lookup)) {
      failures.push(
        ...(await checkPage(`/lookup/search#${encodeURIComponent(c.text)}`, [c], [], async (opened) => {
          const lookup = opened.page.locator('[data-testid="lookup"]');
          await lookup.waitFor({ state: "attached", timeout: 60_000 });
          const customer = await lookup.getAttribute("data-customer");
          return customer === c.text ? [] : [`the lookup shows customer ${JSON.stringify(customer)}, not ${JSON.stringify(c.text)}`];
        })),
      );
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
