// Sites built from customers-only projects (no transactions export), in headless Chromium: the bundled
// consumer sample (published mode) and the business-account sample (analyst mode, so the customer
// lookup is built too), from the example configs. Every page opens with no console, request or cell
// error; pages that need purchases say why they are absent; the "Not segmented" groups are counted on
// the report; the workbench clusters with k-prototypes in its worker and gives the report's segments.
//
// Each build runs in a temporary copy of the project (`npm run build` with WORKBENCH_CONFIG), so the
// repository's dist/ and caches are untouched. BUILD_TEST_KEEP=1 keeps the copies.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { CUSTOMERS_ONLY_FILES } from "../../tools/customers-only-sample.js";
import { cellErrors, launchBrowser, settle, type Browser } from "../support/browser.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";

interface Site {
  copy: string;
  pages: string[];
  server: RunningServer;
  report: { segments: { name: string; customers: number }[]; outside: { label: string; customers: number }[]; unavailable: Record<string, string> };
}

const sites: Partial<Record<"b2c" | "b2b", Site>> = {};
let browser: Browser;

/** "index.html" → "/", "segments/0.html" → "/segments/0". */
const pagePath = (file: string) => `/${file.replace(/\.html$/, "").replace(/(^|\/)index$/, "$1")}`;

async function buildSite(name: "b2c" | "b2b", mode: "published" | "analyst"): Promise<Site> {
  const copy = copyProject(`customers-only-${name}-`);
  const project = join(copy, "project");
  mkdirSync(project);
  const file = name === "b2c" ? CUSTOMERS_ONLY_FILES.b2c : CUSTOMERS_ONLY_FILES.b2b;
  copyFileSync(join(PROJECT_ROOT, "data", "sample", file), join(project, file));
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, "examples", `${name}.config.json`), "utf-8"));
  config.inputs.customers = file;
  writeFileSync(join(project, "workbench.config.json"), JSON.stringify(config, null, 2));
  const build = await npmBuild(copy, { WORKBENCH_CONFIG: join(project, "workbench.config.json"), WORKBENCH_MODE: mode });
  if (build.code !== 0) throw new Error(`npm run build of the ${name} project failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the ${name} project in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  const dist = join(copy, "dist");
  const pages = listFiles(dist).filter((f) => f.endsWith(".html") && !f.startsWith("_") && f !== "404.html").map(pagePath);
  const reportFile = listFiles(join(dist, "_file", "data")).find((f) => /^report\.[0-9a-f]+\.json$/.test(f))!;
  const report = JSON.parse(readFileSync(join(dist, "_file", "data", reportFile), "utf-8"));
  return { copy, pages, server: await serveStatic(dist), report };
}

beforeAll(async () => {
  sites.b2c = await buildSite("b2c", "published");
  sites.b2b = await buildSite("b2b", "analyst");
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) {
    await site?.server.close();
    if (site && !process.env.BUILD_TEST_KEEP) rmSync(site.copy, { recursive: true, force: true });
  }
});

/** Opens a page, waits for it to settle (the worker's jobs included), fails on any problem; returns its main text. */
async function open(site: Site, path: string, ready?: string): Promise<{ text: string; close: () => Promise<void>; page: Awaited<ReturnType<Browser["openPage"]>>["page"] }> {
  const opened = await browser.openPage(new URL(path.slice(1), site.server.url).href);
  if (ready) await opened.page.locator(ready).first().waitFor({ state: "attached", timeout: 180_000 });
  await settle(opened);
  expect([...opened.problems(), ...(await cellErrors(opened.page))], path).toEqual([]);
  return { text: await opened.page.innerText("main"), close: () => opened.close(), page: opened.page };
}

describe.each(["b2c", "b2b"] as const)("a customers-only site (%s)", (name) => {
  it("builds the report, a page per segment and the workbench pages", () => {
    const site = sites[name]!;
    expect(site.pages).toEqual(expect.arrayContaining(["/", "/data", "/quality", "/workbench", "/compare", "/rfm", "/sql", "/segments/0", `/segments/${site.report.segments.length - 1}`]));
    if (name === "b2b") expect(site.pages).toContain("/lookup/search");
  });

  it("opens every page with no error", async () => {
    const site = sites[name]!;
    const waitFor: Record<string, string> = { "/workbench": '[data-testid="clustering"]', "/compare": '[data-testid="agreement"]', "/sql": '[data-testid="scratch-result"]' };
    for (const path of site.pages.filter((p) => !p.startsWith("/lookup"))) {
      const { close } = await open(site, path, waitFor[path]);
      await close();
    }
  }, 900_000);

  it("counts the customers kept out of the segments on the report, and says why migration and RFM are absent", async () => {
    const site = sites[name]!;
    const index = await open(site, "/");
    const kept = site.report.outside.reduce((s, g) => s + g.customers, 0);
    expect(kept).toBeGreaterThan(0);
    expect(await index.page.getAttribute('[data-testid="outside"]', "data-customers")).toBe(String(kept));
    expect(index.text).toContain("Not segmented (missing");
    expect(await index.page.textContent('[data-testid="migration-absent"]')).toMatch(/customers-only project/);
    expect(await index.page.locator('[data-testid="geography-map"] svg').count()).toBeGreaterThan(0);
    // The action sections need purchases: the report's reasons, not zeros.
    for (const part of ["scorecard", "kpis", "audiences"] as const) {
      expect(await index.page.textContent(`[data-testid="${part}-absent"]`), part).toBe(site.report.unavailable[part]);
    }
    expect(await index.page.getAttribute('[data-testid="clv-status"]', "data-status")).toBe("off");
    expect(await index.page.textContent('[data-testid="clv-status"]')).toMatch(/CLV predictions need purchases/);
    await index.close();
    const rfm = await open(site, "/rfm");
    expect(await rfm.page.textContent('[data-testid="rfm-absent"]')).toMatch(/RFM scores need purchases/);
    await rfm.close();
    const segment = await open(site, "/segments/0");
    expect(await segment.page.textContent('[data-testid="segment-name"]')).toBe(site.report.segments[0].name);
    expect(await segment.page.textContent('[data-testid="purchases-absent"]')).toMatch(/no purchases/);
    expect(await segment.page.textContent('[data-testid="flows-absent"]')).toMatch(/no earlier date/);
    expect(await segment.page.textContent('[data-testid="recommendations-absent"]')).toBe(site.report.unavailable.recommendations);
    expect(await segment.page.textContent('[data-testid="kpis-absent"]')).toBe(site.report.unavailable.kpis);
    expect(await segment.page.textContent('[data-testid="scorecard-absent"]')).toBe(site.report.unavailable.scorecard);
    await segment.close();
    const quality = await open(site, "/quality");
    expect(await quality.page.getAttribute('[data-testid="missing-accounting"]', "data-strategy")).toBe("exclude");
    expect(await quality.page.locator('[data-testid="attribute-types"]').count()).toBeGreaterThan(0);
    await quality.close();
    const predictions = await open(site, "/predictions");
    expect(await predictions.page.getAttribute('[data-testid="clv-status"]', "data-status")).toBe("off");
    await predictions.close();
  }, 300_000);

  it("clusters in the workbench's worker with the committed settings and gives the report's segments", async () => {
    const site = sites[name]!;
    const workbench = await open(site, "/workbench", '[data-testid="clustering"]');
    const shown = JSON.parse((await workbench.page.getAttribute('[data-testid="clustering"]', "data-segments"))!) as { name: string; customers: number }[];
    expect(shown.map((s) => [s.name, s.customers])).toEqual(site.report.segments.map((s) => [s.name, s.customers]));
    expect(workbench.text).toContain("k-prototypes");
    await workbench.close();
  }, 300_000);
});

describe("the analyst's customer lookup in a customers-only site", () => {
  it("finds an account and shows its published segment without RFM", async () => {
    const site = sites.b2b!;
    const lookup = await open(site, "/lookup/search#A00002", '[data-testid="lookup"]');
    expect(await lookup.page.getAttribute('[data-testid="lookup"]', "data-customer")).toBe("A00002");
    expect(lookup.text).toContain("From the customers export (no purchases)");
    await lookup.close();
  }, 300_000);
});
