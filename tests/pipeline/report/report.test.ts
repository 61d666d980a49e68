// The published report end to end on the bundled sample (generated into a temp folder): figures that
// add up, segment migration with kept identity, profiles, plays from the config's playbook, the CRM
// export through the CLI, and no personal data anywhere in the report.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../../src/lib/config/config.js";
import { PLAYBOOK } from "../../../src/lib/segments/playbook.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { runPipeline } from "../../../pipeline/run.js";
import { buildReport, type BuiltReport } from "../../../pipeline/report/build.js";
import { buildExport, publishedExport } from "../../../pipeline/report/export.js";
import { sitePages } from "../../../pipeline/report/sitePages.js";
import { audiencePageSettings } from "../../../pipeline/report/audienceSettings.js";
import { daysBefore } from "../../../src/lib/io/dates.js";
import { crmExportColumns } from "../../../src/lib/actions/crmExport.js";
import { EXPORT_PATH } from "../../../src/lib/report/paths.js";
import { segmentPageData } from "../../../src/lib/report/segmentPage.js";
import { transactionsReport } from "../../../src/lib/report/mode.js";
import { writeSample } from "../../../tools/sample.js";
import { piiValues } from "../../build/pii.js";

const run = promisify(execFile);
let dir: string;
let configFile: string;
let editedFile: string;
let built: BuiltReport;
const cacheDirs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "report-"));
  await writeSample(join(dir, "sample"));
  const inputs = { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") };
  configFile = join(dir, "workbench.config.json");
  writeFileSync(configFile, JSON.stringify({ inputs }));
  editedFile = join(dir, "edited.config.json");
  writeFileSync(
    editedFile,
    JSON.stringify({
      inputs,
      report: { previousAsOfDays: 30, publishExport: true },
      playbook: { Champions: { kpi: "Referrals per customer" } },
      segmentation: { names: { "4": "=Sleepers" }, actions: { "2": { channel: "Phone", avoid: "Vouchers" } } },
    }),
  );
  built = await buildReport(configFile);
  for (const file of [configFile, editedFile]) cacheDirs.push((await runPipeline(file)).dir);
});

afterAll(() => {
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

describe("the published report", () => {
  it("accounts for every customer and all revenue across the segments and the groups kept out of the clustering", () => {
    const { labels, customerIds } = built;
    const report = transactionsReport(built.report);
    const k = DEFAULT_CONFIG.segmentation.k;
    expect(report.segments).toHaveLength(k);
    expect(report.outside.map((g) => [g.id, g.label, g.code])).toEqual([["net-returners", "Net returners", k]]);
    const [returners] = report.outside;
    expect(sum(report.segments.map((s) => s.customers)) + returners.customers).toBe(report.totals.customers);
    expect(labels).toHaveLength(report.totals.customers);
    expect(customerIds).toHaveLength(report.totals.customers);
    expect(sum(report.segments.map((s) => s.revenue)) + returners.revenue).toBeCloseTo(report.totals.revenue, 1);
    expect(sum(report.segments.map((s) => s.customerShare)) + returners.customerShare).toBeCloseTo(1, 2);
    expect(report.everyone).toMatchObject({ customers: report.totals.customers, segment: -1 });
    expect(report.segments.map((s) => s.path)).toEqual(report.segments.map((_, i) => `/segments/${i}`));
    // The sample: 4,855 customers with a purchase, 80 of 99,499 lines rejected; 22 of them returned all they bought.
    expect(report.totals.customers).toBe(4855);
    expect(returners).toMatchObject({ customers: 22, revenue: 0 });
    expect(Array.from(labels).filter((l) => l === k)).toHaveLength(22);
    expect(report.quality.transactions).toMatchObject({ rowsRead: 99_499, rowsRejected: 80 });
    // No segment of a handful; the outliers the log brought in are counted per feature.
    expect(report.outliers.minSegmentSize).toBe(20);
    expect(report.outliers.smallSegments).toEqual([]);
    expect(report.outliers.features.map((f) => f.feature)).toEqual(DEFAULT_CONFIG.segmentation.features);
    for (const f of report.outliers.features) expect(f.broughtIn + f.remaining).toBe(f.extreme);
  });

  it("opens with headline findings whose figures are the report's", () => {
    const report = transactionsReport(built.report);
    expect(report.headlines.map((h) => h.key)).toEqual(expect.arrayContaining(["concentration", "top-segment", "change", "at-risk"]));
    expect(report.headlines.length).toBeGreaterThanOrEqual(3);
    expect(report.headlines.length).toBeLessThanOrEqual(5);
    const top = report.headlines.find((h) => h.key === "top-segment")!;
    const richest = [...report.segments].sort((a, b) => b.revenue - a.revenue)[0];
    expect(top.text.startsWith(richest.name)).toBe(true);
    expect(top.figures.find((f) => f.key === "revenue")!.value).toBe(richest.revenue);
    expect(report.headlines.find((h) => h.key === "concentration")!.figures.find((f) => f.key === "customers")!.value).toBe(report.totals.customers);
  });

  it("compares with segments 90 days earlier, assigned with today's model", async () => {
    const report = transactionsReport(built.report);
    const m = report.migration;
    expect(m.previousAsOf).toBe(daysBefore(report.asOf, 90));
    expect(report.asOf).toBe("2025-01-01");
    expect(m.previousAsOf).toBe("2024-10-03");
    const k = report.segments.length;
    const codes = k + report.outside.length;
    // Rows: segments then, the net returners then (+ new); columns: the same now (+ not in the current base, always empty).
    expect(m.names).toEqual([...report.segments.map((s) => s.name), "Net returners"]);
    expect(m.matrix.map((row) => sum(row.slice(0, codes)))).toEqual([...report.segments.map((s) => s.previous.customers), ...m.groups.map((g) => g.previous.customers), m.newCustomers]);
    expect(Array.from({ length: codes }, (_, c) => sum(m.matrix.map((row) => row[c])))).toEqual([...report.segments.map((s) => s.customers), ...report.outside.map((g) => g.customers)]);
    expect(m.groups.map((g, i) => g.change.customers)).toEqual(report.outside.map((g, i) => g.customers - m.groups[i].previous.customers));
    expect(m.notInCurrent).toBe(0);
    expect(m.matrix.every((row) => row[codes] === 0)).toBe(true);
    expect(m.stayed + m.moved).toBe(m.previousTotals.customers);
    for (const s of report.segments) {
      expect(s.change.customers).toBe(s.customers - s.previous.customers);
      expect(sum(s.flows.cameFrom.map((f) => f.customers))).toBe(s.customers);
      expect(sum(s.flows.wentTo.map((f) => f.customers))).toBe(s.previous.customers);
    }
    // "New" = first purchase on or after the earlier date; the sample plants 500 such customers.
    const db = await openDatabase();
    try {
      const features = (await runPipeline(configFile)).features;
      const [row] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet('${features}') WHERE first_purchase >= DATE '${m.previousAsOf}'`);
      expect(m.newCustomers).toBe(row.n);
      expect(m.newCustomers).toBe(500);
    } finally {
      db.close();
    }
    // Identity: most customers keep their segment over 90 days.
    expect(m.stayed / m.previousTotals.customers).toBeGreaterThan(0.8);
    // The earlier date's features are kept in the run's folder, and no staging folder is left behind.
    const run = await runPipeline(configFile);
    expect(existsSync(join(run.dir, `features-${m.previousAsOf}`, "features.parquet"))).toBe(true);
    expect(readdirSync(run.dir).filter((name) => name.includes(".run-"))).toEqual([]);
  });

  it("profiles each segment against everyone: features, attributes, categories, products", () => {
    const { profile, segments } = transactionsReport(built.report);
    const k = segments.length;
    expect(profile.features.map((f) => f.feature)).toEqual(expect.arrayContaining(["recency_days", "frequency", "monetary", "avg_order_value"]));
    for (const f of profile.features) {
      // Segments, then the net returners (by label code).
      expect(f.segments).toHaveLength(k + 1);
      expect(sum(f.everyone.shares)).toBeCloseTo(1, 2);
    }
    expect(profile.attributes.map((a) => a.attribute).sort()).toEqual(["acquisition_channel", "age_band", "city", "country", "gender", "region", "signup_date"]);
    expect(profile.attributes.find((a) => a.attribute === "signup_date")?.label).toBe("Signup year");
    expect(profile.categories?.segments).toHaveLength(k + 1);
    for (const s of profile.products.segments) expect(s.length).toBeLessThanOrEqual(10);
    // The planted bargain hunters buy the Sale category far more than the base: the segment of the
    // smallest orders, where they land, buys Sale first.
    const bargain = segments.reduce((a, b) => (b.avgOrderValue < a.avgOrderValue ? b : a));
    expect(profile.categories!.segments[bargain.segment][0]).toMatchObject({ key: "Sale" });
    expect(profile.categories!.segments[bargain.segment][0].index!).toBeGreaterThan(2);
  });

  it("slices one segment's page data", () => {
    const page = segmentPageData(built.report, 1);
    expect(page.segment).toEqual(built.report.segments[1]);
    expect(page.features[0].segment).toEqual(built.report.profile.features[0].segments[1]);
    expect(page.index.map((x) => x.segment)).toEqual([0, 1, 2, 3, 4]);
    expect(() => segmentPageData(built.report, 9)).toThrow(/no segment 9/);
  });

  it("holds no personal data: no value of a pii column of the customers export", () => {
    const pii = piiValues(join(dir, "sample", "customers.csv"), DEFAULT_CONFIG.pii);
    expect([...pii.keys()].sort()).toEqual(["email", "first_name", "last_name", "phone"]);
    const strings: string[] = [];
    JSON.stringify(built.report, (_key, value) => {
      if (typeof value === "string") strings.push(value);
      return value;
    });
    const all = new Set(strings);
    for (const [column, values] of pii) {
      const found = [...values].filter((v) => all.has(v));
      expect(found, `values of ${column} in the report`).toEqual([]);
    }
    const text = JSON.stringify(built.report);
    for (const column of ["email", "phone"]) for (const v of pii.get(column)!) expect(text.includes(v), `${column} ${v}`).toBe(false);
    expect(text).not.toContain(dir); // no absolute paths of the analyst's machine
  });

  it("is computed once per pipeline run and read back identically", async () => {
    const again = await buildReport(configFile);
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(built.report));
    expect(Array.from(again.labels)).toEqual(Array.from(built.labels));
  });
});

describe("config: report section, playbook and per-segment plays", () => {
  it("uses previousAsOfDays, the playbook edits, per-segment overrides and publishExport", async () => {
    const report = transactionsReport((await buildReport(editedFile)).report);
    expect(report.migration.previousAsOf).toBe(daysBefore(report.asOf, 30));
    expect(report.export).toEqual({ published: true, path: EXPORT_PATH, columns: crmExportColumns(3) });
    expect(built.report.export).toEqual({ published: false, path: null, columns: ["customer_id", "segment", "next_best_1", "next_best_1_name", "next_best_2", "next_best_2_name", "next_best_3", "next_best_3_name"] });
    const champions = report.segments.find((s) => s.archetype === "Champions")!;
    expect(champions.play.kpi).toBe("Referrals per customer");
    // Segment 2's own channel and avoid; its kpi from the playbook, with the config's edit when it is Champions.
    const kpi = report.segments[2].archetype === "Champions" ? "Referrals per customer" : PLAYBOOK[report.segments[2].archetype!].kpi;
    expect(report.segments[2].play).toMatchObject({ channel: "Phone", avoid: "Vouchers", kpi });
    expect(report.segments[4].name).toBe("=Sleepers");
    const pages = await sitePages(editedFile);
    expect(pages.dynamicPaths).toEqual(["/segments/0", "/segments/1", "/segments/2", "/segments/3", "/segments/4", EXPORT_PATH]);
    expect(pages.pages[4]).toEqual({ name: "=Sleepers", path: "/segments/4" });
  });

  it("publishes the CRM export only when report.publishExport is true", async () => {
    await expect(publishedExport(configFile)).rejects.toThrow(/report.publishExport is false in the config: the segment export is not published/);
    expect(await publishedExport(editedFile)).toBe((await buildExport(editedFile)).csv);
    // Framework builds /data/segment-export.csv only when it is listed (tests/build/site.test.ts: no .csv in dist/ with false).
    expect((await sitePages(configFile)).dynamicPaths).not.toContain(EXPORT_PATH);
    expect((await sitePages(editedFile)).dynamicPaths).toContain(EXPORT_PATH);
    // The audience page downloads members (the CRM export) only when it is true.
    expect((await audiencePageSettings(configFile)).publishExport).toBe(false);
    expect((await audiencePageSettings(editedFile)).publishExport).toBe(true);
  });

  it("stops with the config key when a segmentation feature is missing or neither a number nor a category", async () => {
    const cases: [string, RegExp][] = [
      ["share_nope", /^segmentation\.features: "share_nope" is not a column of the feature table; its columns are recency_days, frequency, monetary, /],
      ["first_purchase", /^segmentation\.features: "first_purchase" is a DATE column, neither a number nor a category; cluster on what it gives \(tenure_days, age\) instead; /],
    ];
    for (const [feature, message] of cases) {
      const file = join(dir, `feature-${feature}.config.json`);
      writeFileSync(file, JSON.stringify({ inputs: { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") }, segmentation: { features: ["recency_days", feature], log: [] } }));
      cacheDirs.push((await runPipeline(file)).dir);
      await expect(buildReport(file), feature).rejects.toThrow(message);
    }
  });

  it("keeps customers with a blank feature out of the segments, in a counted group, never clustered as 0; a text attribute is a category (k-prototypes)", async () => {
    const file = join(dir, "feature-blank.config.json");
    writeFileSync(file, JSON.stringify({ inputs: { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") }, segmentation: { features: ["recency_days", "mean_days_between_orders"], log: [] } }));
    cacheDirs.push((await runPipeline(file)).dir);
    const { report, labels, customerIds } = await buildReport(file);
    // One-order customers have no time between orders: they are the group, with their count, on top of the segments.
    const db = await openDatabase();
    const [{ one }] = await db.all<{ one: number }>(`SELECT count(*)::INTEGER AS one FROM read_parquet('${(await runPipeline(file)).features}') WHERE mean_days_between_orders IS NULL`);
    db.close();
    expect(one).toBeGreaterThan(500);
    // The net returners (22, all with one order) are kept out first, by their rule; then the blanks' group.
    expect(report.outside.map((g) => [g.label, g.customers, g.code])).toEqual([["Net returners", 22, 5], ["Not segmented (missing mean days between orders)", one - 22, 6]]);
    expect(report.clustering).toMatchObject({ method: "k-means", missing: { strategy: "exclude", rows: 4855, clustered: 4855 - one, countsByReason: { "net returners": 22, "missing mean days between orders": one - 22 } } });
    expect(sum(report.segments.map((s) => s.customers)) + one).toBe(report.totals.customers);
    expect(labels.filter((l) => l === 5)).toHaveLength(22);
    expect(labels.filter((l) => l === 6)).toHaveLength(one - 22);
    expect(customerIds).toHaveLength(4855);
    // A text attribute among the features: categorical, so k-prototypes, with the mode per segment.
    const mixedFile = join(dir, "feature-city.config.json");
    writeFileSync(mixedFile, JSON.stringify({ inputs: { transactions: join(dir, "sample", "transactions.csv"), customers: join(dir, "sample", "customers.csv") }, segmentation: { features: ["recency_days", "frequency", "country"], k: 3 } }));
    cacheDirs.push((await runPipeline(mixedFile)).dir);
    const mixed = (await buildReport(mixedFile)).report;
    expect(mixed.clustering.method).toBe("k-prototypes");
    expect(mixed.clustering.features).toEqual([{ name: "recency_days", kind: "numeric" }, { name: "frequency", kind: "numeric" }, { name: "country", kind: "categorical" }]);
    expect(mixed.segments.every((s) => s.modes.length === 1 && s.modes[0].name === "country")).toBe(true);
    expect(new Set(mixed.segments.map((s) => s.name)).size).toBe(3);
  });

  it("puts customers blank only at the earlier date in that date's group (a code after today's), in the migration", async () => {
    // Everyone has two orders by 2024-06-01; C had one on 2024-03-03, 90 days before: no time between orders then.
    const csv = join(dir, "two-orders.csv");
    writeFileSync(
      csv,
      [
        "order_id,customer_id,order_timestamp,product_id,quantity,unit_price",
        "O1,A,2024-01-01,P1,1,10",
        "O2,A,2024-02-01,P1,1,10",
        "O3,B,2024-01-05,P1,2,10",
        "O4,B,2024-01-20,P1,1,10",
        "O5,C,2024-02-20,P1,1,10",
        "O6,C,2024-05-20,P1,1,10",
      ].join("\n") + "\n",
    );
    const file = join(dir, "two-orders.config.json");
    writeFileSync(
      file,
      JSON.stringify({
        inputs: { transactions: csv, customers: null },
        features: { asOf: "2024-06-01" },
        segmentation: { features: ["recency_days", "mean_days_between_orders"], log: [], k: 2 },
        // The history would stop on the blank at its snapshots (history.test.ts); this is about the migration.
        report: { previousAsOfDays: 90, history: null },
      }),
    );
    cacheDirs.push((await runPipeline(file)).dir);
    const report = transactionsReport((await buildReport(file)).report);
    expect(report.outside.map((g) => [g.id, g.customers])).toEqual([["net-returners", 0]]);
    expect(report.migration.names.slice(2)).toEqual(["Net returners", "Not segmented (missing mean days between orders)"]);
    // Row 3 (the blanks' group then, after the net returners) holds C, who is in a segment now.
    expect(sum(report.migration.matrix[3])).toBe(1);
    expect(report.migration.previousTotals.customers).toBe(3);
  });

  it("lists the segment pages as 'Segment N' when the report cannot be computed", async () => {
    const broken = join(dir, "broken.config.json");
    writeFileSync(broken, JSON.stringify({ inputs: { transactions: join(dir, "missing.csv"), customers: null }, segmentation: { k: 3 } }));
    const pages = await sitePages(broken);
    expect(pages.pages.map((p) => p.name)).toEqual(["Segment 0", "Segment 1", "Segment 2"]);
    expect(pages.dynamicPaths).toEqual(["/segments/0", "/segments/1", "/segments/2"]);
  });
});

describe("CLI", () => {
  it("report --out writes the same report; export --out writes customer_id,segment and the next best products with formulas neutralised", async () => {
    const reportFile = join(dir, "out", "report.json");
    await run(process.execPath, ["--import", "tsx", "pipeline/cli.ts", "report", "--config", configFile, "--out", reportFile]);
    expect(JSON.parse(readFileSync(reportFile, "utf-8"))).toEqual(built.report);

    const exportFile = join(dir, "out", "segments.csv");
    const { stderr } = await run(process.execPath, ["--import", "tsx", "pipeline/cli.ts", "export", "--config", editedFile, "--out", exportFile]);
    expect(stderr).toMatch(/export: 4855 customers in 5 segments \(22 net returners kept out of the segments\)/);
    const lines = readFileSync(exportFile, "utf-8").trimEnd().split("\n");
    expect(lines[0]).toBe(crmExportColumns(3).join(","));
    expect(lines).toHaveLength(4856);
    const { report, customerIds, labels } = await buildReport(editedFile);
    const names = [...report.segments.map((s) => s.name), "Net returners"];
    expect(lines[1].startsWith(`${customerIds[0]},${names[labels[0]]},`)).toBe(true);
    expect(lines.filter((l) => l.split(",")[1] === "Net returners")).toHaveLength(22);
    // Segment 4 is named "=Sleepers" in this config: a formula in a spreadsheet unless neutralised.
    const sleepers = lines.filter((l) => l.includes(",'=Sleepers,"));
    expect(sleepers).toHaveLength(report.segments[4].customers);
    expect(lines.some((l) => l.includes(",=Sleepers"))).toBe(false);
  });
});
