// The cluster command on who customers are: categorical and numeric columns together (k-prototypes),
// blanks excluded and counted (never 0), any id column. On the bundled customers-only samples, whose
// planted groups (data/sample/*-truth.csv) the CLI must recover, and with the same segments as the
// config path (segmentCustomers, runAttributeSegmentation) on the same data and options.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCluster } from "../../../pipeline/segments/cluster.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { adjustedRandIndex } from "../../../src/lib/cluster/metrics.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { runAttributeSegmentation } from "../../../src/lib/segments/attributeSegmentation.js";
import { segmentCustomers } from "../../../src/lib/segments/customerSegmentation.js";
import { B2B_SPEND, B2C_LIKERT, CUSTOMERS_ONLY_FILES, writeCustomersOnlySample } from "../../../tools/customers-only-sample.js";
import { parseCsv } from "../../support/csv.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const LONG = 120_000;

function cli(...args: string[]) {
  const run = spawnSync(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf-8" });
  return { status: run.status, stderr: run.stderr };
}

interface Assignment {
  customer_id: string;
  cluster: number | null;
  not_segmented?: string | null;
}

async function readAssignments(dir: string): Promise<Assignment[]> {
  const db = await openDatabase();
  try {
    return await db.all<Assignment>(`SELECT * FROM read_parquet(${quoteLiteral(join(dir, "assignments.parquet"))})`);
  } finally {
    db.close();
  }
}

const readModel = (dir: string) => JSON.parse(readFileSync(join(dir, "model.json"), "utf-8"));

/** A CSV's columns as text, by header name (the exports as a reader sees them). */
function columnsOf(file: string): Record<string, string[]> {
  const [header, ...body] = parseCsv(readFileSync(file, "utf-8"));
  return Object.fromEntries(header.map((name, j) => [name, body.map((r) => r[j])]));
}

/** ARI of the clustered rows against the planted groups. */
function ariAgainstTruth(rows: Assignment[], truthFile: string): number {
  const truth = columnsOf(truthFile);
  const group = new Map(Object.values(truth)[0].map((id, i) => [id, truth.group[i]]));
  const groups = [...new Set(truth.group)];
  const clustered = rows.filter((r) => r.cluster !== null);
  return adjustedRandIndex(clustered.map((r) => r.cluster!), clustered.map((r) => groups.indexOf(group.get(r.customer_id)!)));
}

let sample: string;
let dir: string;
const b2c = () => join(sample, CUSTOMERS_ONLY_FILES.b2c);
const b2b = () => join(sample, CUSTOMERS_ONLY_FILES.b2b);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cluster-mixed-"));
  sample = join(ROOT, "data", "sample");
  // The sample is generated, not committed (npm run -s sample): write it here when it is missing.
  if (!Object.values(CUSTOMERS_ONLY_FILES).every((f) => existsSync(join(sample, f)))) {
    sample = join(dir, "sample");
    await writeCustomersOnlySample(sample);
  }
}, LONG);

// What an analyst would pick (as tests/tools/customers-only-sample.test.ts does; the birth year for the age).
const B2C = { columns: ["birth_year", "annual_income", "spending_score", ...B2C_LIKERT, "lifestyle"], log: ["annual_income"] };
const B2B = { columns: ["channel", "industry", "employee_band", ...B2B_SPEND], log: [...B2B_SPEND] };

describe("cluster with categorical columns (k-prototypes)", () => {
  it("B2C consumers: recovers the planted groups, blanks excluded and counted, never 0; the config path's segments", async () => {
    const out = join(dir, "b2c");
    const run = cli("cluster", "--features", b2c(), "--columns", B2C.columns.join(","), "--log", "annual_income", "--k", "5", "--out", out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("cluster: k = 5 over 1810 of 2000 customers");
    expect(run.stderr).toContain("190 not segmented (60 missing annual income, 30 missing birth year, 20 missing fashion interest");
    expect(run.stderr).toMatch(/k-prototypes, categorical: lifestyle \(\d+\); γ 0\.500 \(default\)/);

    const rows = await readAssignments(out);
    expect(rows.map((r) => r.customer_id)).toEqual(columnsOf(b2c()).customer_id);
    expect(Object.keys(rows[0])).toEqual(["customer_id", "cluster", "not_segmented"]);
    const ari = ariAgainstTruth(rows, join(sample, CUSTOMERS_ONLY_FILES.b2cTruth));
    expect(ari).toBeGreaterThanOrEqual(0.9);

    // A blank is never a 0: every row with a blank income has no cluster and says why.
    const income = columnsOf(b2c()).annual_income;
    const blankIncome = rows.filter((_, i) => income[i] === "");
    expect(blankIncome).toHaveLength(60);
    expect(blankIncome.every((r) => r.cluster === null && r.not_segmented === "missing annual income")).toBe(true);
    expect(rows.filter((r) => r.cluster === null)).toHaveLength(190);
    expect(rows.every((r) => (r.cluster === null) === (r.not_segmented !== null))).toBe(true);

    const model = readModel(out);
    expect(model).toMatchObject({ method: "k-prototypes", k: 5, seed: 42, n_init: 4, rows: 2000, clustered: 1810, id_column: "customer_id", gamma_is_default: true });
    // Huang's default with z-scores: half the mean standard deviation, 0.5.
    expect(model.gamma).toBeCloseTo(0.5, 12);
    expect(model.missing).toMatchObject({ strategy: "exclude", fill: {}, missing_by_feature: { annual_income: 60, birth_year: 30, tech_interest: 20 } });
    expect(Object.values(model.missing.not_segmented as Record<string, number>).reduce((s, n) => s + n, 0)).toBe(190);
    expect(model.sizes.reduce((s: number, n: number) => s + n, 0)).toBe(1810);
    expect(model.categories.map((c: { name: string }) => c.name)).toEqual(["lifestyle"]);
    expect(model.prototypes).toHaveLength(5);
    for (const p of model.prototypes) expect(model.categories[0].levels).toContain(p.categorical.lifestyle);
    // The description: mode and share per category, and names that differ.
    const lifestyle = model.segments[0].categorical[0];
    expect(lifestyle.name).toBe("lifestyle");
    expect(lifestyle.mode_share).toBeCloseTo(lifestyle.categories[0].share, 12);
    expect(lifestyle.categories.reduce((s: number, c: { share: number }) => s + c.share, 0)).toBeCloseTo(1, 12);
    expect(new Set(model.names).size).toBe(5);
    expect(model.names.some((n: string) => /retired/i.test(n))).toBe(true);

    // The config path on the same data (the export read as text), the same options: the same segments.
    const columns = columnsOf(b2c());
    const ids = columns.customer_id;
    const config = { features: B2C.columns, log: B2C.log, scale: "zscore" as const, k: 5, seed: 42, nInit: 4 };
    const direct = runAttributeSegmentation(columns, config, { ids });
    expect(rows.map((r) => r.cluster ?? -1)).toEqual(Array.from(direct.labels));
    const segmentation = segmentCustomers(columns, { ...config, names: {}, actions: {}, categorical: [], missing: "exclude", gamma: null }, { transactions: false, ids });
    expect(segmentation.method).toBe("k-prototypes");
    rows.forEach((r, i) => {
      const label = segmentation.labels[i];
      if (r.cluster !== null) expect(label).toBe(r.cluster);
      else expect(segmentation.groups[label - 5].reason).toBe(r.not_segmented);
    });
    expect(model.names).toEqual(segmentation.segments.map((s) => s.name));
  }, LONG);

  it("B2B accounts: finds account_id as the id (ingest's names), recovers the groups; --missing median fills and counts", async () => {
    const out = join(dir, "b2b");
    const run = cli("cluster", "--features", b2b(), "--columns", B2B.columns.join(","), "--log", B2B.log.join(","), "--k", "4", "--out", out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("cluster: k = 4 over 762 of 800 customers");
    const rows = await readAssignments(out);
    expect(rows.map((r) => r.customer_id)).toEqual(columnsOf(b2b()).account_id);
    expect(ariAgainstTruth(rows, join(sample, CUSTOMERS_ONLY_FILES.b2bTruth))).toBeGreaterThanOrEqual(0.9);
    const model = readModel(out);
    expect(model).toMatchObject({ id_column: "account_id", rows: 800, clustered: 762 });
    expect(model.missing.not_segmented).toMatchObject({ "missing employee band": 20, "missing grocery spend": 3 });
    expect(model.categories.map((c: { name: string }) => c.name)).toEqual(["channel", "industry", "employee_band"]);
    expect(model.names).toContain("Retail channel, Retail");

    const filled = await runCluster({ features: b2b(), columns: B2B.columns, log: B2B.log, k: 4, missing: "median", out: join(dir, "b2b-median") });
    const filledRows = await readAssignments(join(dir, "b2b-median"));
    expect(Object.keys(filledRows[0])).toEqual(["customer_id", "cluster"]);
    expect(filledRows.every((r) => r.cluster !== null)).toBe(true);
    expect(ariAgainstTruth(filledRows, join(sample, CUSTOMERS_ONLY_FILES.b2bTruth))).toBeGreaterThanOrEqual(0.9);
    expect(filled.model).toMatchObject({ rows: 800, clustered: 800, missing: { strategy: "median", imputed_by_feature: { employee_band: 20, grocery_spend: 3 }, not_segmented: {} } });
    // The fill values are the observed medians and modes, recorded for --model.
    const grocery = columnsOf(b2b()).grocery_spend.filter((v) => v !== "").map(Number).sort((a, b) => a - b);
    const middle = grocery.length >> 1;
    expect((filled.model as { missing: { fill: Record<string, unknown> } }).missing.fill.grocery_spend).toBe(grocery.length % 2 ? grocery[middle] : (grocery[middle - 1] + grocery[middle]) / 2);
  }, LONG);

  it("the sweep over k (mixed measures) recommends the planted 5 consumer groups", async () => {
    const run = await runCluster({ features: b2c(), columns: B2C.columns, log: B2C.log, k: { min: 2, max: 8 }, nInit: 2, out: join(dir, "b2c-sweep") });
    expect(run.sweep!.rows.map((r) => r.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(run.sweep!.k).toBe(5);
    expect(run.model.k).toBe(5);
    const sweep = JSON.parse(readFileSync(join(dir, "b2c-sweep", "sweep.json"), "utf-8"));
    expect(sweep.recommended).toBe(5);
    expect(ariAgainstTruth(await readAssignments(join(dir, "b2c-sweep")), join(sample, CUSTOMERS_ONLY_FILES.b2cTruth))).toBeGreaterThanOrEqual(0.9);
  }, LONG);

  it("--model assigns new rows with the saved prototypes: the same segments again, a category never seen counted", async () => {
    const fitted = join(dir, "b2b");
    const again = cli("cluster", "--features", b2b(), "--model", join(fitted, "model.json"), "--out", join(dir, "b2b-again"));
    expect(again.status, again.stderr).toBe(0);
    expect(await readAssignments(join(dir, "b2b-again"))).toEqual(await readAssignments(fitted));

    // New accounts: one in a channel the model never saw, one with a blank spend.
    // (A00002 to A00004: complete rows.)
    const lines = readFileSync(b2b(), "utf-8").trimEnd().split("\n").filter((_, i) => i === 0 || (i >= 2 && i <= 4));
    lines[1] = lines[1].replace(",Horeca,", ",Marketplace,");
    lines[2] = lines[2].split(",").map((v, j) => (j === 8 ? "" : v)).join(",");
    const fresh = join(dir, "new-accounts.csv");
    writeFileSync(fresh, lines.join("\n") + "\n");
    const assigned = cli("cluster", "--features", fresh, "--model", join(fitted, "model.json"), "--out", join(dir, "b2b-new"));
    expect(assigned.status, assigned.stderr).toBe(0);
    expect(assigned.stderr).toContain("1 not segmented (1 missing fresh spend)");
    expect(assigned.stderr).toContain('categories the model never saw (matching no mode, counted): channel 1 rows ("Marketplace" 1)');
    const rows = await readAssignments(join(dir, "b2b-new"));
    // assign-sql replays k-means only: it refuses a k-prototypes model instead of ignoring its categories.
    const sql = cli("assign-sql", "--model", join(fitted, "model.json"), "--table", "accounts");
    expect(sql.status).toBe(1);
    expect(sql.stderr).toContain("a k-prototypes model (categorical columns): assign-sql compiles k-means models only; assign its rows with cluster --model");
    expect(rows.map((r) => [r.customer_id, r.cluster === null, r.not_segmented])).toEqual([["A00002", false, null], ["A00003", true, "missing fresh spend"], ["A00004", false, null]]);
  }, LONG);
});

describe("cluster's id column and blanks in numeric columns", () => {
  // Numeric columns only, two planted groups, one row with a blank.
  const lines = ["ref,spend,visits,region_code"];
  for (let i = 0; i < 40; i++) lines.push(`R${i},${i % 2 ? 1000 + i : 10 + i},${i % 2 ? 50 - (i % 5) : 2 + (i % 3)},${(i % 3) + 1}`);
  lines[8] = "R7,,48,2";

  it("without a recognised id column: one line naming the file, its columns and --id; --id names it", async () => {
    const file = join(dir, "refs.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    const none = cli("cluster", "--features", file, "--columns", "spend,visits", "--k", "2", "--out", join(dir, "refs"));
    expect(none.status).toBe(1);
    expect(none.stderr.trim().split("\n")).toHaveLength(1);
    expect(none.stderr).toContain(`${file}: no id column (columns: ref, spend, visits, region_code)`);
    expect(none.stderr).toContain("name it with --id COLUMN");
    const typo = cli("cluster", "--features", file, "--id", "rfe", "--columns", "spend,visits", "--k", "2", "--out", join(dir, "refs"));
    expect(typo.status).toBe(1);
    expect(typo.stderr).toContain(`${file}: --id rfe: no such column (did you mean "ref"?) (columns: ref, spend, visits, region_code)`);
    const unknown = cli("cluster", "--features", file, "--id", "ref", "--columns", "spend,vists", "--k", "2", "--out", join(dir, "refs"));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no column "vists" (did you mean "visits"?)');

    const twice = join(dir, "twice.csv");
    writeFileSync(twice, [...lines, "R3,5,5,1"].join("\n") + "\n");
    await expect(runCluster({ features: twice, id: "ref", columns: ["spend", "visits"], k: 2, out: join(dir, "bad") })).rejects.toThrow(
      `${twice}: id column "ref": "R3" is on data rows 4 and 41: each row needs its own id; name the id column with --id COLUMN`,
    );

    // k-means (numeric columns), the blank row excluded and counted: no cluster, never 0.
    const run = cli("cluster", "--features", file, "--id", "ref", "--columns", "spend,visits", "--log", "spend", "--k", "2", "--out", join(dir, "refs"));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("cluster: k = 2 over 39 of 40 customers (sizes 20, 19); 1 not segmented (1 missing spend); inertia");
    const rows = await readAssignments(join(dir, "refs"));
    expect(rows[7]).toEqual({ customer_id: "R7", cluster: null, not_segmented: "missing spend" });
    const clustered = rows.filter((r) => r.cluster !== null);
    const odd = clustered.filter((r) => Number(r.customer_id.slice(1)) % 2 === 1).map((r) => r.cluster);
    const even = clustered.filter((r) => Number(r.customer_id.slice(1)) % 2 === 0).map((r) => r.cluster);
    expect(new Set(odd).size).toBe(1);
    expect(new Set(even).size).toBe(1);
    expect(odd[0]).not.toBe(even[0]);
    expect(readModel(join(dir, "refs"))).toMatchObject({ id_column: "ref", rows: 40, clustered: 39, missing: { strategy: "exclude", missing_by_feature: { spend: 1, visits: 0 }, not_segmented: { "missing spend": 1 } } });

    // The config path's k-means on the same rows gives the same labels.
    const columns = Object.fromEntries(lines[0].split(",").map((name, j) => [name, lines.slice(1).map((l) => l.split(",")[j])]));
    const seg = segmentCustomers(columns, { features: ["spend", "visits"], log: ["spend"], scale: "zscore", k: 2, seed: 42, nInit: 4, names: {}, actions: {}, categorical: [], missing: "exclude", gamma: null }, { transactions: false });
    expect(seg.method).toBe("k-means");
    expect(rows.map((r) => r.cluster ?? 2)).toEqual(Array.from(seg.labels));
  }, LONG);

  it("--categorical clusters number codes as categories; text among numbers, --gamma on numbers and --mini-batch with categories stop with one line", async () => {
    const file = join(dir, "codes.csv");
    writeFileSync(file, lines.join("\n") + "\n");
    const coded = await runCluster({ features: file, id: "ref", columns: ["visits", "region_code"], categorical: ["region_code"], k: 2, missing: "median", out: join(dir, "codes") });
    expect(coded.method).toBe("k-prototypes");
    expect(coded.model).toMatchObject({ categories: [{ name: "region_code", levels: ["1", "2", "3"] }] });

    const typo = join(dir, "typo.csv");
    writeFileSync(typo, [...lines.slice(0, 5), "R99,12O,3,1", ...lines.slice(5)].join("\n") + "\n");
    const text = cli("cluster", "--features", typo, "--id", "ref", "--columns", "spend,visits", "--k", "2", "--out", join(dir, "bad"));
    expect(text.status).toBe(1);
    expect(text.stderr.trim().split("\n")).toHaveLength(1);
    expect(text.stderr).toContain(
      `${typo}: column "spend": 39 of 40 filled values are numbers but 1 is not (first: data row 5 (ref "R99"), value "12O"): fix it or blank it (blanks are handled by --missing), or give --categorical spend to cluster its values as categories`,
    );
    const gamma = cli("cluster", "--features", file, "--id", "ref", "--columns", "spend,visits", "--gamma", "1", "--k", "2", "--out", join(dir, "bad"));
    expect(gamma.status).toBe(1);
    expect(gamma.stderr).toContain("--gamma: every column is numeric (k-means)");
    const mini = cli("cluster", "--features", file, "--id", "ref", "--columns", "visits,region_code", "--categorical", "region_code", "--mini-batch", "--k", "2", "--out", join(dir, "bad"));
    expect(mini.status).toBe(1);
    expect(mini.stderr).toContain("--mini-batch: k-means only, and this is k-prototypes (categorical columns: region_code)");
    const badGamma = cli("cluster", "--features", file, "--columns", "visits", "--gamma", "zero", "--k", "2", "--out", join(dir, "bad"));
    expect(badGamma.status).toBe(2);
    expect(badGamma.stderr).toContain("--gamma zero: expected a number above 0");
  }, LONG);
});
