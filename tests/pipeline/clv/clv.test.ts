// The clv command end to end: a simulated export and the shared Online Retail export through ingest,
// then fits, predictions, holdout figures and the files; refusals and bad input.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runClv } from "../../../pipeline/clv/clv.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { ingest } from "../../../pipeline/ingest/ingest.js";
import { parseConfig } from "../../../src/lib/config/config.js";
import { simulateExport } from "../../../src/lib/clv/simulate.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

const BG = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };

async function ingestInto(transactions: string, dir: string) {
  const db = await openDatabase();
  try {
    await ingest(db, { transactions, config: parseConfig({ inputs: { transactions, customers: null } }), outDir: dir });
  } finally {
    db.close();
  }
}

async function parquetRows(file: string): Promise<Record<string, unknown>[]> {
  const db = await openDatabase();
  try {
    return await db.all(`SELECT * FROM read_parquet('${file}') ORDER BY customer_id`);
  } finally {
    db.close();
  }
}

let simulated: string;
let simulatedLines: string[];
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), "clv-sim-"));
  const csv = join(root, "orders.csv");
  // 4,000 customers acquired over 12 weeks of 2023, followed for a year.
  simulatedLines = simulateExport(seededRandom(17), 4000, BG, GG, { startDate: "2023-01-01", acquisitionDays: 84, observationDays: 364 }).lines;
  writeFileSync(csv, simulatedLines.join("\n") + "\n");
  simulated = join(root, "ingested");
  await ingestInto(csv, simulated);
});

describe("clv on a simulated export", () => {
  it("fits on calibration, predicts every cohort customer and validates on the holdout", async () => {
    const out = mkdtempSync(join(tmpdir(), "clv-out-"));
    const { model, files } = await runClv({ inDir: simulated, outDir: out, calibrationEnd: "2023-09-30" });
    expect(model.status).toBe("published");
    expect(files.map((f) => f.slice(out.length + 1))).toEqual(["clv.parquet", "clv-model.json"]);
    expect(model).toMatchObject({ unit: "week", calibrationEnd: "2023-09-30", observationEnd: "2023-12-31", holdoutDays: 92 });
    expect(model.input.cohortCustomers).toBe(4000);
    // Whole days and same-day merges blur the continuous-time process a little: loose recovery.
    const bg = model.bgnbd!;
    expect(bg.r).toBeGreaterThan(0.15);
    expect(bg.r).toBeLessThan(0.35);
    expect(bg.alpha).toBeGreaterThan(2.5);
    expect(bg.alpha).toBeLessThan(7);
    expect(Number.isFinite(bg.logLikelihood)).toBe(true);
    expect(bg.standardErrors).not.toBeNull();
    expect(model.gammaGamma!.q).toBeGreaterThan(1);
    expect(Math.abs(model.gammaGamma!.spendFrequencyCorrelation!)).toBeLessThan(0.3);
    // The holdout: predicted and actual purchases of a well-specified model agree.
    const t = model.holdout!.totals;
    expect(t.predictedPurchases / t.actualPurchases).toBeGreaterThan(0.8);
    expect(t.predictedPurchases / t.actualPurchases).toBeLessThan(1.2);
    expect(model.holdout!.tracking).toHaveLength(53);
    expect(model.holdout!.tracking.filter((p) => p.holdout)).toHaveLength(14);
    expect(model.holdout!.conditionalExpectation[0].frequency).toBe("0");
    const rows = await parquetRows(files[0]);
    expect(rows).toHaveLength(4000);
    expect(Object.keys(rows[0])).toEqual([
      "customer_id", "first_purchase", "x", "t_x", "T", "m", "calibration_value", "p_alive", "expected_purchases", "expected_value", "clv",
      "holdout_x", "holdout_value", "predicted_holdout_purchases", "predicted_holdout_value",
    ]);
    for (const row of rows) {
      expect(row.p_alive as number).toBeGreaterThan(0);
      expect(row.p_alive as number).toBeLessThanOrEqual(1);
      expect(row.clv as number).toBeGreaterThan(0);
    }
    const sum = rows.reduce((s, r) => s + (r.predicted_holdout_purchases as number), 0);
    expect(sum).toBeCloseTo(t.predictedPurchases, 6);
  });

  it("gives the same files from the same input", async () => {
    const [a, b] = [mkdtempSync(join(tmpdir(), "clv-a-")), mkdtempSync(join(tmpdir(), "clv-b-"))];
    const first = await runClv({ inDir: simulated, outDir: a, calibrationEnd: "2023-09-30", options: { unit: "day" } });
    const second = await runClv({ inDir: simulated, outDir: b, calibrationEnd: "2023-09-30", options: { unit: "day" } });
    expect(second.model).toEqual(first.model);
    expect(await parquetRows(second.files[0])).toEqual(await parquetRows(first.files[0]));
  });

  it("sees nothing after the observation end (the pipeline's as-of date), and counts what it left out", async () => {
    const out = mkdtempSync(join(tmpdir(), "clv-cut-"));
    const { model } = await runClv({ inDir: simulated, outDir: out, calibrationEnd: "2023-09-30", observationEnd: "2023-10-31" });
    expect(model).toMatchObject({ status: "published", calibrationEnd: "2023-09-30", observationEnd: "2023-10-31", holdoutDays: 31 });
    const later = simulatedLines.slice(1).filter((line) => line.split(",")[2].slice(0, 10) > "2023-10-31").length;
    expect(later).toBeGreaterThan(500);
    expect(model.input.linesAfterObservationEnd).toBe(later);
    // The holdout's actual purchases stop at the observation end too.
    const rows = await parquetRows(join(out, "clv.parquet"));
    expect(rows.reduce((s, r) => s + (r.holdout_x as number), 0)).toBe(model.holdout!.totals.actualPurchases);
    const full = await runClv({ inDir: simulated, outDir: mkdtempSync(join(tmpdir(), "clv-full-")), calibrationEnd: "2023-09-30" });
    expect(model.holdout!.totals.actualPurchases).toBeLessThan(full.model.holdout!.totals.actualPurchases);
    expect(model.bgnbd).toEqual(full.model.bgnbd);
  });

  it("refuses with its reasons and writes nothing when there is too little data", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "clv-refused-")), "out");
    const { model, files } = await runClv({ inDir: simulated, outDir: out, calibrationEnd: "2023-02-15", options: { minRepeatCustomers: 5000 } });
    expect(model.status).toBe("refused");
    expect(model.reasons).toHaveLength(2);
    expect(model.reasons[0]).toMatch(/^calibration covers 46 days of history, fewer than clv.minCalibrationDays \(90\)/);
    expect(model.reasons[1]).toMatch(/customers bought again in calibration, fewer than clv.minRepeatCustomers \(5000\)/);
    expect(files).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it("stops with one line on a calibration end outside the data or an unknown unit, through the CLI", () => {
    const cli = (args: string[]) => spawnSync("npx", ["tsx", "pipeline/cli.ts", "clv", ...args], { encoding: "utf-8" });
    const late = cli(["--in", simulated, "--calibration-end", "2024-03-01", "--out", join(tmpdir(), "never")]);
    expect(late.status).toBe(1);
    expect(late.stderr.trim()).toBe("workbench: --calibration-end 2024-03-01 is after the last transaction day (2023-12-31): choose a day on or before it");
    const unit = cli(["--in", simulated, "--unit", "fortnight", "--out", join(tmpdir(), "never")]);
    expect(unit.status).toBe(1);
    expect(unit.stderr.trim()).toBe('workbench: --unit: clv.unit: expected one of "day", "week", "month", got "fortnight"');
    const missing = cli(["--in", join(tmpdir(), "no-such-folder"), "--out", join(tmpdir(), "never")]);
    expect(missing.stderr.trim()).toMatch(/transactions.parquet: not found\. Run ingest first/);
  });

  it("reads the clv section of a config file, and rejects a bad key in it", () => {
    const dir = mkdtempSync(join(tmpdir(), "clv-config-"));
    const config = join(dir, "workbench.config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: "x.csv", customers: null }, clv: { horizonDays: 0 } }));
    const bad = spawnSync("npx", ["tsx", "pipeline/cli.ts", "clv", "--in", simulated, "--config", config, "--out", dir], { encoding: "utf-8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim()).toMatch(/workbench\.config\.json: clv\.horizonDays: expected a whole number of days from 1 to 3650, got 0$/);
    writeFileSync(config, JSON.stringify({ inputs: { transactions: "x.csv", customers: null }, clv: { horizonDays: 180, unit: "day" } }));
    execFileSync("npx", ["tsx", "pipeline/cli.ts", "clv", "--in", simulated, "--config", config, "--calibration-end", "2023-09-30", "--out", dir], { encoding: "utf-8", stdio: "pipe" });
    const written = JSON.parse(readFileSync(join(dir, "clv-model.json"), "utf-8"));
    expect(written).toMatchObject({ unit: "day", calibrationEnd: "2023-09-30", options: { horizonDays: 180, unit: "day" } });
    // Without --calibration-end, the config's clv.calibrationEnd, named as such in errors.
    writeFileSync(config, JSON.stringify({ inputs: { transactions: "x.csv", customers: null }, clv: { calibrationEnd: "2022-12-01" } }));
    const early = spawnSync("npx", ["tsx", "pipeline/cli.ts", "clv", "--in", simulated, "--config", config, "--out", dir], { encoding: "utf-8" });
    expect(early.stderr.trim()).toBe("workbench: clv.calibrationEnd 2022-12-01 is before the first purchase (2023-01-01): choose a later day");
  });
});

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail CLV test: ${DATASET} is absent`);

describe.skipIf(!present)("clv on the Online Retail export", () => {
  it("fits the calibration period (to 2011-09-08) and predicts the holdout to 2011-12-09", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clv-retail-"));
    await ingestInto(DATASET, dir);
    const { model } = await runClv({ inDir: dir, outDir: dir, calibrationEnd: "2011-09-08" });
    expect(model.status).toBe("published");
    expect(model.input).toMatchObject({ customers: 4339, cohortCustomers: 3362, customersAfterCalibration: 977, repeatCustomers: 1949 });
    expect(model.input.cohortCustomers + model.input.customersAfterCalibration).toBe(model.input.customers);
    const bg = model.bgnbd!;
    for (const v of [bg.r, bg.alpha, bg.a, bg.b, bg.logLikelihood]) expect(Number.isFinite(v)).toBe(true);
    // Known trait: BG/NBD sees almost no dropout in this export (lifetimes finds a ≈ 0.003 on all of it), and says so.
    expect(bg.r).toBeGreaterThan(0.5);
    expect(bg.r).toBeLessThan(1);
    expect(bg.alpha).toBeGreaterThan(5);
    expect(bg.alpha).toBeLessThan(15);
    expect(model.warnings.some((w) => w.includes("almost no dropout"))).toBe(true);
    const gg = model.gammaGamma!;
    expect(gg.q).toBeGreaterThan(1);
    expect(gg.standardErrors).not.toBeNull();
    expect(Math.abs(gg.spendFrequencyCorrelation!)).toBeLessThan(0.3);
    const t = model.holdout!.totals;
    expect(t).toMatchObject({ customers: 3362, holdoutDays: 92, actualPurchases: 4511 });
    // The holdout is the autumn peak of a growing shop: the stationary model predicts fewer purchases than happened.
    expect(t.predictedPurchases).toBeGreaterThan(0.6 * t.actualPurchases);
    expect(t.predictedPurchases).toBeLessThan(t.actualPurchases);
    expect(t.correlation!).toBeGreaterThan(0.7);
  }, 180_000);

  it("on all of it, matches lifetimes' well-known fit (r 0.83, α 68.9 days, a ≈ 0.003, b 6.75)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "clv-retail-all-"));
    await ingestInto(DATASET, dir);
    const { model } = await runClv({ inDir: dir, outDir: dir, options: { unit: "day" } });
    const bg = model.bgnbd!;
    expect(bg.r).toBeCloseTo(0.826, 2);
    expect(bg.alpha).toBeCloseTo(68.9, 0);
    expect(bg.b).toBeCloseTo(6.75, 1);
    expect(bg.a).toBeLessThan(0.01);
    expect(model.holdout).toBeNull();
  }, 180_000);
});
