// The Audiences page in headless Chromium on the built site: every config audience counts the customers
// the build's report counts; editing a rule recounts live, matching an independent count over the
// published feature table; a value of the wrong type shows the rule's problem with its key and no
// count; with report.publishExport false (the committed config) the page offers no member list, only
// the sizes and how to get the lists (the download itself: tests/e2e/hostile.test.ts, publishExport true).
//
// The built site is the run's shared default site (tests/support/sharedSite.ts; SITE_DIST=dist reuses an existing build).
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tableFromIPC } from "apache-arrow";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { accessibilityProblems, cellErrors, launchBrowser, settle, type Browser, type OpenedPage } from "../support/browser.js";
import { listFiles } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";
import { sharedSite } from "../support/site.js";

const screenshots = process.env.SCREENSHOT_DIR ? resolve(process.env.SCREENSHOT_DIR) : mkdtempSync(join(tmpdir(), "audiences-screenshots-"));
mkdirSync(screenshots, { recursive: true });

let browser: Browser;
let server: RunningServer;
let report: PublishedReport;
let features: import("apache-arrow").Table;

beforeAll(async () => {
  const { dist } = sharedSite();
  const dataDir = join(dist, "_file", "data");
  const file = (pattern: RegExp) => join(dataDir, listFiles(dataDir).find((f) => pattern.test(f))!);
  report = JSON.parse(readFileSync(file(/^report\.[0-9a-f]+\.json$/), "utf-8"));
  features = tableFromIPC(readFileSync(file(/^features\.[0-9a-f]+\.arrow$/)));
  server = await serveStatic(dist);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The live count once it shows `state` and differs from `not`. */
async function count(page: Page, not: string | null = null, state = "counted"): Promise<{ customers: number; value: number; text: string }> {
  await page.waitForFunction(
    ([state, not]) => {
      const el = document.querySelector('[data-testid="audience-count"]');
      return el !== null && el.getAttribute("data-state") === state && (not === null || el.textContent !== not);
    },
    [state, not] as const,
    { timeout: 120_000, polling: 100 },
  );
  const node = page.locator('[data-testid="audience-count"]');
  return { customers: Number(await node.getAttribute("data-customers")), value: Number(await node.getAttribute("data-value")), text: (await node.textContent()) ?? "" };
}

async function expectNoProblems(opened: OpenedPage, when: string): Promise<void> {
  // The accessibility audit too (serious and critical violations), on the page as the edits left it.
  const problems = [...opened.problems(), ...(await cellErrors(opened.page)), ...(await accessibilityProblems(opened.page))].map((p) => `${p.kind}: ${p.message}`);
  expect(problems, `problems on ${opened.page.url()} ${when}`).toEqual([]);
}

describe("/audiences on the built site", () => {
  it("counts each config audience as the report does, recounts an edited rule live, names a bad value's key, and offers no member list", async () => {
    const opened = await browser.openPage(new URL("audiences", server.url).href);
    const { page } = opened;
    try {
      await settle(opened);
      // The default rule: recency_days <= 90 and frequency >= 2.
      const first = await count(page);
      const recency = features.getChild("recency_days")!.toArray() as Int32Array;
      const frequency = features.getChild("frequency")!.toArray() as Int32Array;
      const monetary = features.getChild("monetary")!.toArray() as Float64Array;
      const expected = (days: number) => {
        let n = 0;
        let value = 0;
        for (let i = 0; i < recency.length; i++) if (recency[i] <= days && frequency[i] >= 2) (n++, (value += monetary[i]));
        return { n, value };
      };
      expect(first.customers).toBe(expected(90).n);
      expect(first.value).toBeCloseTo(expected(90).value, 1);

      // The config's audiences, listed with the build's counts, and each one as a starting point.
      const rows = page.locator('[data-testid="audience-table"] tbody tr');
      expect(await rows.count()).toBe(report.audiences!.list.length);
      expect(report.audiences!.list.length).toBeGreaterThan(0);
      for (const [i, a] of report.audiences!.list.entries()) {
        expect(await rows.nth(i).getAttribute("data-audience")).toBe(a.name);
        expect(Number(await rows.nth(i).getAttribute("data-customers")), a.name).toBe(a.customers);
      }
      await page.locator('[data-testid="overlap-matrix"] svg').first().waitFor();
      const start = page.locator("form", { has: page.locator('label:text-is("Start from")') }).locator("select");
      let shown = first.text;
      for (const a of report.audiences!.list) {
        await start.selectOption({ label: `${a.name} (config)` });
        const c = await count(page, shown);
        expect(c.customers, a.name).toBe(a.customers);
        expect(c.value, a.name).toBeCloseTo(a.value, 1);
        shown = c.text;
      }

      // Back to a new rule; edit the first condition's value: the count follows.
      await start.selectOption({ label: "a new rule" });
      shown = (await count(page, shown)).text;
      const value = page.locator(".rule-builder .rule-condition").first().locator('input[data-field="value"]');
      await value.fill("30");
      const edited = await count(page, shown);
      expect(edited.customers).toBe(expected(30).n);
      expect(edited.customers).toBeLessThan(first.customers);
      expect(JSON.parse((await page.locator('[data-testid="rule-json"]').inputValue()) || "{}")).toEqual({ all: [{ column: "recency_days", op: "<=", value: 30 }, { column: "frequency", op: ">=", value: 2 }] });

      // Text in a number column: the problem with its key, and no count.
      await value.fill("thirty");
      await count(page, null, "invalid");
      expect(await page.locator('[data-testid="rule-problems"]').textContent()).toBe('rule.all[0].value: expected a number ("recency_days" is a number column), got "thirty"');

      // Fixed again, with a third condition in a nested OR group.
      await value.fill("30");
      shown = (await count(page)).text;
      await page.locator('.rule-group[data-depth="0"] > .rule-group-foot [data-action="add-group"]').click();
      const nested = page.locator('.rule-group[data-depth="1"] .rule-condition').first();
      await nested.locator('select[data-field="column"]').selectOption("monetary");
      await nested.locator('select[data-field="op"]').selectOption(">=");
      await nested.locator('input[data-field="value"]').fill("1000");
      const narrowed = await count(page, shown);
      let n = 0;
      for (let i = 0; i < recency.length; i++) if (recency[i] <= 30 && frequency[i] >= 2 && monetary[i] >= 1000) n++;
      expect(narrowed.customers).toBe(n);

      // report.publishExport is false: no CRM export of the members and no download of the preview; the page says how to get them.
      await page.locator("form", { has: page.locator('label:text-is("Name")') }).locator("input").fill("=Recent, big");
      await page.waitForFunction(() => document.querySelector('[data-testid="config-entry"]')?.textContent?.includes('"name": "=Recent, big"'), null, { timeout: 60_000 });
      await settle(opened);
      expect(await page.locator('[data-testid="audience-export"]').count()).toBe(0);
      expect(await page.locator('table.item-table').count()).toBe(1);
      expect(await page.locator("table.item-table").locator("xpath=..").locator("[data-download-format]").count()).toBe(0);
      expect(await page.locator('[data-testid="audience-export-absent"]').textContent()).toContain("npm run -s workbench -- export --audience NAME --out FILE");
      expect(await page.locator('[data-testid="config-entry"]').textContent()).toContain('"name": "=Recent, big"');
      await expectNoProblems(opened, "after editing rules");
      await opened.page.screenshot({ path: join(screenshots, "audiences.png"), fullPage: true }).catch(() => {});
    } finally {
      await opened.close();
    }
  });
});
