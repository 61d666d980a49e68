// Customers-only projects through the real config path (config → ingest → features → report): the
// bundled consumer and business-account samples, written into a temp folder with their truth files,
// segmented from the committed example configs. The planted groups come back (ARI ≥ 0.9), every blank
// is accounted (in a "Not segmented" group, or filled and counted), and none is ever read as 0.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../../pipeline/config.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { buildReport, type BuiltReport } from "../../../pipeline/report/build.js";
import { runPipeline } from "../../../pipeline/run.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { segmentPageData } from "../../../src/lib/report/segmentPage.js";
import { CUSTOMERS_ONLY_FILES, writeCustomersOnlySample } from "../../../tools/customers-only-sample.js";

const LONG = 300_000;
let dir: string;
const cacheDirs: string[] = [];

/** The example config, pointed at the sample written here (and edited by `change`). */
function config(name: "b2c" | "b2b", change: (c: Record<string, any>) => void = () => {}): string {
  const c = JSON.parse(readFileSync(join(PROJECT_ROOT, "examples", `${name}.config.json`), "utf-8"));
  c.inputs.customers = join(dir, name === "b2c" ? CUSTOMERS_ONLY_FILES.b2c : CUSTOMERS_ONLY_FILES.b2b);
  change(c);
  const file = join(dir, `${name}-${cacheDirs.length}.config.json`);
  writeFileSync(file, JSON.stringify(c));
  return file;
}

async function report(file: string): Promise<BuiltReport> {
  cacheDirs.push((await runPipeline(file)).dir);
  return buildReport(file);
}

/** id → planted group, from a truth file (id,group). */
function truth(file: string): Map<string, string> {
  const [, ...rows] = readFileSync(join(dir, file), "utf-8").trim().split("\n");
  return new Map(rows.map((r) => r.split(",") as [string, string]));
}

/** ARI between the segments and the planted groups over the segmented customers. */
function ari(built: BuiltReport, groups: Map<string, string>): number {
  const k = built.report.segments.length;
  const rows = Array.from(built.labels.keys()).filter((i) => built.labels[i] < k);
  const names = [...new Set(groups.values())];
  return adjustedRandIndex(rows.map((i) => built.labels[i]), rows.map((i) => names.indexOf(groups.get(built.customerIds[i])!)));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "customers-only-"));
  await writeCustomersOnlySample(dir);
}, LONG);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
});

describe("the consumer sample, customers only", () => {
  let built: BuiltReport;
  beforeAll(async () => {
    built = await report(config("b2c"));
  }, LONG);

  it("recovers the planted groups through the config (ARI ≥ 0.9), k-prototypes on the numbers and the lifestyle", () => {
    expect(built.report.mode).toBe("customers");
    expect(built.report.clustering.method).toBe("k-prototypes");
    expect(built.report.clustering.features.find((f) => f.name === "lifestyle")?.kind).toBe("categorical");
    expect(built.report.clustering.gammaIsDefault).toBe(true);
    expect(ari(built, truth(CUSTOMERS_ONLY_FILES.b2cTruth))).toBeGreaterThanOrEqual(0.9);
    expect(new Set(built.report.segments.map((s) => s.name)).size).toBe(5);
    expect(built.report.segments.every((s) => s.archetype === null && !/Need Attention|Champions/.test(s.name))).toBe(true);
  }, LONG);

  it("accounts for every blank: customers in 'Not segmented (missing …)' groups that add up with the segments", () => {
    const { report, labels } = built;
    const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(report.totals.customers).toBe(2000);
    expect(sum(report.segments.map((s) => s.customers)) + sum(report.outside.map((g) => g.customers))).toBe(2000);
    // 60 incomes, 5 × 20 survey answers, and 30 blank birth years plus 3 placeholders (1900: an age of 125) not given.
    expect(Object.fromEntries(report.outside.map((g) => [g.label, g.customers]))).toEqual({
      "Not segmented (missing annual income)": 60,
      "Not segmented (missing age)": 33,
      "Not segmented (missing fashion interest)": 20,
      "Not segmented (missing home interest)": 20,
      "Not segmented (missing outdoors interest)": 20,
      "Not segmented (missing price sensitivity)": 20,
      "Not segmented (missing tech interest)": 20,
    });
    expect(report.clustering.missing).toMatchObject({ strategy: "exclude", rows: 2000, clustered: 2000 - 193 });
    report.outside.forEach((g, i) => expect(labels.filter((l) => l === report.segments.length + i)).toHaveLength(g.customers));
    // The data-quality accounting has the typed columns and their blanks.
    const income = report.quality.customers!.attributes.find((a) => a.name === "annual_income")!;
    expect(income).toEqual({ name: "annual_income", type: "number", blank: 60, blankWords: {} });
    expect(report.quality.customers!.attributes.find((a) => a.name === "signup_date")!.type).toBe("date");
    expect(report.quality.customers!.attributes.find((a) => a.name === "lifestyle")!.type).toBe("text");
  });

  it("never reads a blank as 0: a customer with no income is in no segment, and income profiles leave blanks out", async () => {
    const { report, labels, customerIds } = built;
    const db = await openDatabase();
    const blanks = (await db.all<{ id: string }>(`SELECT customer_id AS id FROM read_csv(${quoteLiteral(join(dir, CUSTOMERS_ONLY_FILES.b2c))}) WHERE annual_income IS NULL`)).map((r) => r.id);
    db.close();
    expect(blanks).toHaveLength(60);
    for (const id of blanks) expect(labels[customerIds.indexOf(id)]).toBeGreaterThanOrEqual(report.segments.length);
    const income = report.profile.features.find((f) => f.feature === "annual_income")!;
    expect(income.everyone.missing).toBe(60);
    expect(income.everyone.quantiles!.p10).toBeGreaterThan(10_000);
  });

  it("has no migration, purchases or RFM, and says why; ages, tenure and the geography of each segment", () => {
    const { report } = built;
    expect(report.migration).toBeNull();
    expect(report.segments.every((s) => s.previous === null && s.flows === null && s.medianRecencyDays === null)).toBe(true);
    expect(report.profile.products).toBeNull();
    expect(Object.keys(report.unavailable).sort()).toEqual(["audiences", "clv", "headlines", "history", "kpis", "migration", "purchases", "recommendations", "rfm", "scorecard"]);
    // Segments over time and the headline findings need purchases: absent, with the reason (never a failed report).
    expect(report.history).toBeNull();
    expect(report.historyNote).toBe(report.unavailable.history);
    expect(report.historyNote).toMatch(/no purchase history|need purchases/);
    expect(report.segments.every((s) => s.trend === null)).toBe(true);
    expect(report.headlines).toEqual([]);
    // The action sections need purchases: null, never zeros; CLV off with its reason.
    expect([report.kpis, report.recommendations, report.audiences, report.rfmSegments, report.scorecard]).toEqual([null, null, null, null, null]);
    expect(report.segments.every((s) => s.kpis === null && s.recommendations === null && s.scorecard === null && s.predicted === null)).toBe(true);
    expect(report.clv).toMatchObject({ status: "off", reasons: [expect.stringMatching(/customers-only project/)] });
    expect(report.value).toBeNull();
    expect(report.totals.revenue).toBeNull();
    expect(report.profile.features.map((f) => f.feature)).toEqual(expect.arrayContaining(["age", "tenure_days", "annual_income"]));
    expect(report.profile.attributes.map((a) => a.attribute)).toEqual(expect.arrayContaining(["gender", "country", "age_band", "signup_date"]));
    expect(report.geography.country?.column).toBe("country");
    expect(report.geography.region?.column).toBe("region");
    const page = segmentPageData(report, 0);
    expect(page.geography!.country!.rows.reduce((s, r) => s + r.customers, 0)).toBe(report.segments[0].customers);
    expect(page.migration).toBeNull();
  });
});

describe("the business-account sample, customers only", () => {
  let built: BuiltReport;
  beforeAll(async () => {
    built = await report(config("b2b"));
  }, LONG);

  it("recovers the planted groups (ARI ≥ 0.9) with channel, industry and employee band as categories, and names them from what sets them apart", () => {
    expect(ari(built, truth(CUSTOMERS_ONLY_FILES.b2bTruth))).toBeGreaterThanOrEqual(0.9);
    expect(built.report.clustering.features.filter((f) => f.kind === "categorical").map((f) => f.name)).toEqual(["channel", "industry", "employee_band"]);
    const names = built.report.segments.map((s) => s.name);
    expect(new Set(names).size).toBe(4);
    expect(names).toContain("Retail channel, Retail");
    expect(names.some((n) => /Horeca channel/.test(n))).toBe(true);
  });

  it("sizes segments by the value columns' sum, with the accounts whose spend is blank counted apart", () => {
    const { report } = built;
    expect(report.value).toMatchObject({ columns: ["fresh_spend", "milk_spend", "grocery_spend", "frozen_spend", "detergents_paper_spend", "delicatessen_spend"], missing: 18 });
    const sum = (xs: (number | null)[]) => xs.reduce<number>((s, x) => s + (x ?? 0), 0);
    expect(sum([...report.segments.map((s) => s.revenue), ...report.outside.map((g) => g.revenue)])).toBeCloseTo(report.totals.revenue!, 0);
    expect(report.segments.every((s) => s.revenue! > 0 && s.revenueShare! > 0)).toBe(true);
    expect(report.outside.map((g) => g.customers).reduce((s, x) => s + x, 0) + report.segments.reduce((s, x) => s + x.customers, 0)).toBe(800);
  });

  it("fills blanks with the median and counts them (segmentation.missing median), or flags them (indicator)", async () => {
    const median = await report(config("b2b", (c) => (c.segmentation.missing = "median")));
    expect(median.report.outside).toEqual([]);
    expect(median.report.clustering.missing.imputedByFeature).toMatchObject({ employee_band: 20, grocery_spend: 3 });
    expect(ari(median, truth(CUSTOMERS_ONLY_FILES.b2bTruth))).toBeGreaterThanOrEqual(0.9);
    const indicator = await report(config("b2b", (c) => (c.segmentation.missing = "indicator")));
    expect(indicator.report.clustering.missing.indicators).toContain("employee_band_missing");
    expect(ari(indicator, truth(CUSTOMERS_ONLY_FILES.b2bTruth))).toBeGreaterThanOrEqual(0.9);
  }, LONG);
});

describe("customers-only exports without ids, and bad value columns", () => {
  it("numbers the rows (columns.customers.customer_id null) with a warning", async () => {
    const csv = join(dir, "mall.csv");
    // The mall's customers: gender, age, income (k$), spending score; no id column.
    writeFileSync(csv, "Genre,Age,Annual Income (k$),Spending Score (1-100)\n" + Array.from({ length: 40 }, (_, i) => `${i % 2 ? "Male" : "Female"},${20 + (i % 4) * 12},${i % 4 < 2 ? 20 : 90},${i % 4 === 1 || i % 4 === 2 ? 80 : 20}`).join("\n") + "\n");
    const file = join(dir, "mall.config.json");
    writeFileSync(file, JSON.stringify({ inputs: { customers: csv }, columns: { customers: { customer_id: null } }, segmentation: { features: ["Age", "Annual Income (k$)", "Spending Score (1-100)", "Genre"], k: 4 } }));
    const built = await report(file);
    expect(built.customerIds.slice(0, 3)).toEqual(["01", "02", "03"]);
    expect(built.report.quality.customers!.idColumn).toBeNull();
    expect(built.report.quality.customers!.warnings[0]).toMatch(/no customer id column \(columns\.customers\.customer_id is null\): the 40 rows are numbered in file order/);
    expect(built.report.quality.customers!.attributes.find((a) => a.name === "Age")!.type).toBe("number");
    expect(built.report.segments.map((s) => s.customers).sort()).toEqual([10, 10, 10, 10]);
  }, LONG);

  it("stops on a value column that is not a number, naming report.valueColumns", async () => {
    copyFileSync(join(dir, CUSTOMERS_ONLY_FILES.b2b), join(dir, "accounts.csv"));
    const file = config("b2b", (c) => {
      c.inputs.customers = join(dir, "accounts.csv");
      c.report.valueColumns = ["fresh_spend", "channel"];
    });
    cacheDirs.push((await runPipeline(file)).dir);
    await expect(buildReport(file)).rejects.toThrow(/^report\.valueColumns: "channel" is a VARCHAR column, not a number; its numeric columns are /);
  }, LONG);
});
