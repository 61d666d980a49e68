// A site whose geography comes from the transactions export's country (no customers export): the bundled
// sample's lines, each given its customer's country (from the sample's customers export) as a Country
// column, every 40th customer's earliest line in Channel Islands, one customer's lines all in Iceland. In headless Chromium the overview and a
// segment page draw the map, say how many customers bought from more than one country and where each is
// placed, list the countries without a shape and name the one counted in "Other", with no console, request
// or cell error.
//
// The build runs in a temporary copy of the project (`npm run build` with WORKBENCH_CONFIG), so the
// repository's dist/ and caches are untouched. BUILD_TEST_KEEP=1 keeps the copy.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { openDatabase } from "../../pipeline/duckdb.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { cellErrors, launchBrowser, settle, type Browser } from "../support/browser.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";
import { serveStatic, type RunningServer } from "../support/servers.js";

const SAMPLE = join(PROJECT_ROOT, "data", "sample");
let copy: string;
let server: RunningServer;
let browser: Browser;
let report: { geography: { fromLines: { column: string; multiCountry: number } | null; country: { other: { value: string; customers: number }[] } | null } };

beforeAll(async () => {
  copy = copyProject("geography-");
  const project = join(copy, "project");
  mkdirSync(project);
  const db = await openDatabase();
  try {
    await db.run(`COPY (
      WITH t AS (SELECT * FROM read_csv(${quoteLiteral(join(SAMPLE, "transactions.csv"))}, all_varchar = true)),
           c AS (SELECT customer_id, country FROM read_csv(${quoteLiteral(join(SAMPLE, "customers.csv"))}, all_varchar = true))
      SELECT t.*, CASE WHEN t.customer_id = 'C00041' THEN 'Iceland'
                       WHEN CAST(substr(t.customer_id, 2) AS INTEGER) % 40 = 0
                        AND row_number() OVER (PARTITION BY t.customer_id ORDER BY t.order_timestamp, t.order_id, t.product_id) = 1
                       THEN 'Channel Islands' ELSE c.country END AS "Country"
      FROM t LEFT JOIN c USING (customer_id) ORDER BY t.order_id, t.product_id
    ) TO ${quoteLiteral(join(project, "lines.csv"))} (HEADER)`);
  } finally {
    db.close();
  }
  writeFileSync(join(project, "workbench.config.json"), JSON.stringify({ inputs: { transactions: "lines.csv", customers: null } }, null, 2));
  const build = await npmBuild(copy, { WORKBENCH_CONFIG: join(project, "workbench.config.json") });
  if (build.code !== 0) throw new Error(`npm run build of the geography project failed (${build.code}):\n${tail(build.output)}`);
  console.log(`built the geography project in ${build.seconds.toFixed(1)} s${process.env.BUILD_TEST_KEEP ? ` in ${copy}` : ""}`);
  const dist = join(copy, "dist");
  const reportFile = listFiles(join(dist, "_file", "data")).find((f) => /^report\.[0-9a-f]+\.json$/.test(f))!;
  report = JSON.parse(readFileSync(join(dist, "_file", "data", reportFile), "utf-8"));
  server = await serveStatic(dist);
  browser = await launchBrowser();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

async function open(path: string) {
  const opened = await browser.openPage(new URL(path.slice(1), server.url).href);
  await opened.page.locator('[data-testid="geography-map"]').first().waitFor({ state: "attached", timeout: 180_000 });
  await settle(opened);
  expect([...opened.problems(), ...(await cellErrors(opened.page))], path).toEqual([]);
  return opened;
}

describe("a site with the country from the transactions export", () => {
  it("maps each segment's share by country on the overview, with the note on where customers are placed", async () => {
    const fromLines = report.geography.fromLines!;
    expect(fromLines.column).toBe("Country");
    expect(fromLines.multiCountry).toBeGreaterThan(10);
    const index = await open("/");
    const map = index.page.locator('[data-testid="geography-map"]');
    expect(await map.locator("svg").count()).toBeGreaterThan(0);
    // The sample's countries all have a shape: France, Germany, Ireland, Netherlands, Spain, United Kingdom.
    expect(Number(await map.getAttribute("data-countries"))).toBeGreaterThanOrEqual(6);
    expect(await index.page.textContent('[data-testid="geography-unmapped"]')).toMatch(/Channel Islands \(\d+ of \d+\)/);
    const note = index.page.locator('[data-testid="geography-from-lines"]');
    expect(await note.getAttribute("data-multi-country")).toBe(String(fromLines.multiCountry));
    expect(await note.textContent()).toBe(
      `Each customer's country is read from the transactions export's Country column: ${fromLines.multiCountry.toLocaleString("en-US")} customers bought from more than one country; each is placed in the country of most of their lines (a tie: the latest line's).`,
    );
    expect(await index.page.locator('[data-testid="geography-table"]').count()).toBeGreaterThan(0);
    // Iceland's one customer is in "Other": named under the table, with no split by segment.
    expect(report.geography.country!.other).toEqual([{ value: "Iceland", customers: 1 }]);
    expect(await index.page.textContent('[data-testid="geography-other"]')).toBe("“Other” country: Iceland (1).");
    await index.close();
  }, 300_000);

  it("shows a segment page's own map and the same note", async () => {
    const segment = await open("/segments/0");
    expect(await segment.page.locator('[data-testid="geography-map"] svg').count()).toBeGreaterThan(0);
    expect(await segment.page.getAttribute('[data-testid="geography-from-lines"]', "data-multi-country")).toBe(String(report.geography.fromLines!.multiCountry));
    await segment.close();
  }, 300_000);
});
