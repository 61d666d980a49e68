import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../pipeline/duckdb.js";
import { parseCsv as csvParseRows } from "../support/csv.js";
import { adjustedRandIndex } from "../../src/lib/cluster/metrics.js";
import { sweepMixed } from "../../src/lib/cluster/mixedMeasures.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { runAttributeSegmentation, type AttributeSegmentationResult } from "../../src/lib/segments/attributeSegmentation.js";
import {
  AGE_YEAR,
  B2B_COLUMNS,
  B2B_GROUPS,
  B2B_SPEND,
  B2C_COLUMNS,
  B2C_GROUPS,
  B2C_LIKERT,
  CUSTOMERS_ONLY_FILES,
  generateCustomersOnlyRows,
  writeCustomersOnlySample,
  type CustomersOnlyRows,
} from "../../tools/customers-only-sample.js";

const LONG = 120_000;
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));
const FILES = Object.values(CUSTOMERS_ONLY_FILES);

let dirA: string;
let dirB: string;
let rows: CustomersOnlyRows;
/** The exports as a reader sees them: header and text rows (a strict RFC 4180 reader, independent of the writer). */
let b2cFile: string[][];
let b2bFile: string[][];

beforeAll(async () => {
  dirA = tempDir("co-sample-a-");
  dirB = tempDir("co-sample-b-");
  await writeCustomersOnlySample(dirA);
  await writeCustomersOnlySample(dirB);
  rows = generateCustomersOnlyRows();
  b2cFile = csvParseRows(readFileSync(join(dirA, CUSTOMERS_ONLY_FILES.b2c), "utf-8"));
  b2bFile = csvParseRows(readFileSync(join(dirA, CUSTOMERS_ONLY_FILES.b2b), "utf-8"));
}, LONG);

/** Columns of a parsed CSV, by header name. */
function columnsOf(table: string[][]): Record<string, string[]> {
  const [header, ...body] = table;
  return Object.fromEntries(header.map((name, j) => [name, body.map((r) => r[j])]));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

describe("writeCustomersOnlySample", () => {
  it("is deterministic: two runs are byte-identical and match data/sample/SHA256SUMS", () => {
    const sums = new Map(readFileSync("data/sample/SHA256SUMS", "utf-8").trimEnd().split("\n").map((line) => [line.slice(66), line.slice(0, 64)]));
    for (const name of FILES) {
      expect(sha256(join(dirB, name)), name).toBe(sha256(join(dirA, name)));
      expect(sums.get(name), name).toBe(sha256(join(dirA, name)));
    }
  });

  it("gives different bytes for a different seed, scales with the options and rejects bad ones", async () => {
    const dir = tempDir("co-sample-seed-");
    const summary = await writeCustomersOnlySample(dir, { seed: 7, b2cCustomers: 500, b2bAccounts: 200 });
    expect(summary).toEqual({ b2cCustomers: 500, b2bAccounts: 200, files: FILES.map((f) => join(dir, f)) });
    expect(sha256(join(dir, CUSTOMERS_ONLY_FILES.b2c))).not.toBe(sha256(join(dirA, CUSTOMERS_ONLY_FILES.b2c)));
    const small = generateCustomersOnlyRows({ b2cCustomers: 500, b2bAccounts: 200 });
    expect(small.b2c.ledger).toMatchObject({ blankIncome: 15, blankBirthYear: 8, incomeTypos: 1, placeholderBirthYears: 1 });
    expect(() => generateCustomersOnlyRows({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateCustomersOnlyRows({ b2cCustomers: 10 })).toThrow(/b2cCustomers must be an integer from 50/);
  }, LONG);
});

describe("the exports", () => {
  it("have the documented columns, no group label, and one truth row per id", () => {
    expect(b2cFile[0]).toEqual([...B2C_COLUMNS]);
    expect(b2bFile[0]).toEqual([...B2B_COLUMNS]);
    expect(b2cFile.slice(1)).toEqual(rows.b2c.rows);
    expect(b2bFile.slice(1)).toEqual(rows.b2b.rows);
    for (const header of [b2cFile[0], b2bFile[0]]) expect(header.join()).not.toMatch(/group|segment|truth/);
    const b2cTruth = csvParseRows(readFileSync(join(dirA, CUSTOMERS_ONLY_FILES.b2cTruth), "utf-8"));
    expect(b2cTruth[0]).toEqual(["customer_id", "group"]);
    expect(b2cTruth.slice(1).map((r) => r[0])).toEqual(rows.b2c.rows.map((r) => r[0]));
    expect(b2cTruth.slice(1).every(([id, g]) => rows.b2c.groupOf.get(id) === g)).toBe(true);
    const b2bTruth = csvParseRows(readFileSync(join(dirA, CUSTOMERS_ONLY_FILES.b2bTruth), "utf-8"));
    expect(b2bTruth.slice(1).map((r) => r[0])).toEqual(rows.b2b.rows.map((r) => r[0]));
    for (const text of FILES.map((f) => readFileSync(join(dirA, f), "utf-8"))) expect(text.includes("\r")).toBe(false);
  });

  it("have 2,000 consumers and 800 accounts in the promised shares", () => {
    expect(rows.b2c.rows).toHaveLength(2000);
    expect(rows.b2b.rows).toHaveLength(800);
    for (const [groups, truth, n] of [[B2C_GROUPS, rows.b2c.groupOf, 2000], [B2B_GROUPS, rows.b2b.groupOf, 800]] as const) {
      for (const [group, { share }] of Object.entries(groups)) {
        expect([...truth.values()].filter((g) => g === group).length, group).toBe(Math.round(share * n));
      }
    }
  });

  it("B2C: the planted quirks, recounted from the file", () => {
    const c = columnsOf(b2cFile);
    const { ledger } = rows.b2c;
    expect(c.annual_income.filter((v) => v === "").length).toBe(60);
    expect(c.birth_year.filter((v) => v === "").length).toBe(30);
    expect(c.birth_year.filter((v) => v === "1900").length).toBe(3);
    // Typed with an extra zero: ten times the group's usual income, far above anyone's.
    const typo = (i: number) => Number(c.annual_income[i]) > 5 * B2C_GROUPS[rows.b2c.groupOf.get(c.customer_id[i])!].income;
    expect(c.customer_id.filter((_, i) => typo(i)).length).toBe(5);
    for (const q of B2C_LIKERT) {
      expect(c[q].filter((v) => v === "").length, q).toBe(20);
      expect(c[q].every((v) => v === "" || ["1", "2", "3", "4", "5"].includes(v)), q).toBe(true);
    }
    expect(c.gender.filter((v) => v === "Prefer not to say").length).toBe(ledger.genderPreferNotToSay);
    expect(ledger).toMatchObject({ blankIncome: 60, blankBirthYear: 30, placeholderBirthYears: 3, incomeTypos: 5 });
    expect(c.spending_score.every((v) => Number(v) >= 1 && Number(v) <= 100)).toBe(true);
    // Each quirk on its own row: no row has two.
    const quirky = c.customer_id.map((_, i) => [c.annual_income[i] === "", c.birth_year[i] === "", c.birth_year[i] === "1900", typo(i), ...B2C_LIKERT.map((q) => c[q][i] === "")].filter(Boolean).length);
    expect(quirky.filter((k) => k > 1)).toEqual([]);
  });

  it("B2B: the planted quirks, recounted from the file", () => {
    const b = columnsOf(b2bFile);
    expect(b.employee_band.filter((v) => v === "").length).toBe(20);
    for (const c of B2B_SPEND) expect(b[c].filter((v) => v === "").length, c).toBe(3);
    expect(b.frozen_spend.filter((v) => v === "0").length).toBe(rows.b2b.ledger.zeroSpend);
    expect(rows.b2b.ledger.zeroSpend).toBeGreaterThan(10);
    // The bulk orders: one category far above anything its group usually spends.
    const bulk = b.account_id.filter((id, i) => B2B_SPEND.some((c) => Number(b[c][i]) >= 30 * B2B_GROUPS[rows.b2b.groupOf.get(id)!].spend[c]));
    expect(bulk).toHaveLength(3);
  });

  it("the groups differ as documented (medians from the file)", () => {
    const c = columnsOf(b2cFile);
    const byGroup = (group: string, column: string) =>
      median(c.customer_id.map((id, i) => [rows.b2c.groupOf.get(id), c[column][i]] as const).filter(([g, v]) => g === group && v !== "" && v !== "1900").map(([, v]) => Number(v)));
    const age = (group: string) => AGE_YEAR - byGroup(group, "birth_year");
    expect(age("young_trendsetters")).toBeLessThan(30);
    expect(age("active_retirees")).toBeGreaterThan(64);
    expect(byGroup("affluent_professionals", "annual_income")).toBeGreaterThan(2.5 * byGroup("young_trendsetters", "annual_income"));
    expect(byGroup("careful_savers", "spending_score")).toBeLessThan(30);
    expect(byGroup("careful_savers", "price_sensitivity")).toBe(5);
    const b = columnsOf(b2bFile);
    const spend = (group: string, column: string) => median(b.account_id.map((id, i) => [rows.b2b.groupOf.get(id), b[column][i]] as const).filter(([g, v]) => g === group && v !== "").map(([, v]) => Number(v)));
    expect(spend("horeca", "fresh_spend")).toBeGreaterThan(2 * spend("retail_grocers", "fresh_spend"));
    expect(spend("retail_grocers", "grocery_spend")).toBeGreaterThan(3 * spend("horeca", "grocery_spend"));
    expect(spend("enterprise", "milk_spend")).toBeGreaterThan(spend("retail_grocers", "milk_spend"));
  });
});

describe("DuckDB reads the exports with blanks as NULL, not 0", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase();
  }, LONG);
  afterAll(() => db?.close());

  it("every row, and the blank counts the generator planted", async () => {
    const [c] = await db.all<Record<string, number>>(
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE annual_income IS NULL)::INT AS income, count(*) FILTER (WHERE annual_income = 0)::INT AS zero,
              count(*) FILTER (WHERE birth_year IS NULL)::INT AS birth FROM read_csv(${quoteLiteral(join(dirA, CUSTOMERS_ONLY_FILES.b2c))})`,
    );
    expect(c).toEqual({ n: 2000, income: 60, zero: 0, birth: 30 });
    const [b] = await db.all<Record<string, number>>(
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE employee_band IS NULL)::INT AS band, count(*) FILTER (WHERE grocery_spend IS NULL)::INT AS grocery
       FROM read_csv(${quoteLiteral(join(dirA, CUSTOMERS_ONLY_FILES.b2b))})`,
    );
    expect(b).toEqual({ n: 800, band: 20, grocery: 3 });
  }, LONG);
});

describe("segmentation recovers the planted groups (ARI ≥ 0.9)", () => {
  const ari = (result: AttributeSegmentationResult, ids: string[], truth: Map<string, string>) => {
    const groups = [...new Set(truth.values())];
    const used = Array.from(result.rows);
    return adjustedRandIndex(used.map((i) => result.labels[i]), used.map((i) => groups.indexOf(truth.get(ids[i])!)));
  };

  // B2C: what an analyst would pick: age (from the birth year; the placeholder 1900 left as exported),
  // income (logged: money), the spending score, the five survey answers and the lifestyle answer; k = 5.
  function b2cColumns() {
    const c: Record<string, unknown[]> = columnsOf(b2cFile);
    c.age = (c.birth_year as string[]).map((y) => (y === "" ? null : AGE_YEAR - Number(y)));
    return c;
  }
  const b2cConfig = { features: ["age", "annual_income", "spending_score", ...B2C_LIKERT, "lifestyle"], log: ["annual_income"], scale: "zscore" as const, k: 5, seed: 42, nInit: 4 };

  it("B2C consumers, blanks excluded (the default) or filled with the median", () => {
    const c = b2cColumns();
    const ids = c.customer_id as string[];
    const excluded = runAttributeSegmentation(c, b2cConfig, { ids });
    expect(ari(excluded, ids, rows.b2c.groupOf)).toBeGreaterThanOrEqual(0.9);
    // Blanks accounted: 60 + 30 + 5 × 20 customers not segmented, each under its reason.
    expect(excluded.missing.clustered).toBe(2000 - 190);
    expect(excluded.notSegmented.map((g) => [g.label, g.customers])).toEqual([
      ["Not segmented (missing annual income)", 60],
      ["Not segmented (missing age)", 30],
      ["Not segmented (missing fashion interest)", 20],
      ["Not segmented (missing home interest)", 20],
      ["Not segmented (missing outdoors interest)", 20],
      ["Not segmented (missing price sensitivity)", 20],
      ["Not segmented (missing tech interest)", 20],
    ]);
    const filled = runAttributeSegmentation(c, { ...b2cConfig, missing: "median" }, { ids });
    expect(ari(filled, ids, rows.b2c.groupOf)).toBeGreaterThanOrEqual(0.9);
    expect(filled.missing.imputedByFeature).toMatchObject({ annual_income: 60, age: 30, tech_interest: 20 });
    expect(new Set(filled.segments.map((s) => s.name)).size).toBe(5);
    // Names say what sets them apart: the retirees' segment is the older one.
    const retirees = filled.segments.find((s) => s.profile.categorical[0].mode === "retired")!;
    expect(retirees.name).toMatch(/older/i);
    const savers = filled.segments.find((s) => s.profile.numeric.find((f) => f.name === "spending_score")!.mean < 30)!;
    expect(savers.name).toMatch(/low spending score|high price sensitivity/i);
  }, LONG);

  it("B2C: the sweep over k recommends the planted 5", () => {
    const result = runAttributeSegmentation(b2cColumns(), b2cConfig);
    const sweep = sweepMixed(result.matrix, { seed: 42, gamma: result.gamma, nInit: 2, kMin: 2, kMax: 8 });
    expect(sweep.k).toBe(5);
  }, LONG);

  // B2B: channel, industry and employee band (categorical) and the six spends (logged); k = 4.
  it("B2B accounts, with categorical and numeric features together", () => {
    const b: Record<string, unknown[]> = columnsOf(b2bFile);
    const ids = b.account_id as string[];
    const config = { features: ["channel", "industry", "employee_band", ...B2B_SPEND], log: [...B2B_SPEND], scale: "zscore" as const, k: 4, seed: 42, nInit: 4 };
    const result = runAttributeSegmentation(b, config, { ids });
    expect(result.model.features.filter((f) => f.kind === "categorical").map((f) => f.name)).toEqual(["channel", "industry", "employee_band"]);
    expect(ari(result, ids, rows.b2b.groupOf)).toBeGreaterThanOrEqual(0.9);
    expect(result.missing.countsByReason).toEqual({
      "missing employee band": 20,
      "missing fresh spend": 3,
      "missing milk spend": 3,
      "missing grocery spend": 3,
      "missing frozen spend": 3,
      "missing detergents paper spend": 3,
      "missing delicatessen spend": 3,
    });
    const names = result.segments.map((s) => s.name);
    expect(new Set(names).size).toBe(4);
    expect(names).toContain("Retail channel, Retail");
    expect(names.some((n) => /Horeca channel/.test(n))).toBe(true);
    const indicator = runAttributeSegmentation(b, { ...config, missing: "indicator" }, { ids });
    expect(ari(indicator, ids, rows.b2b.groupOf)).toBeGreaterThanOrEqual(0.9);
    expect(indicator.model.missing.indicators.map((i) => i.name)).toEqual(["employee_band_missing", ...B2B_SPEND.map((s) => `${s}_missing`)]);
  }, LONG);
});
