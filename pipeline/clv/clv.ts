/**
 * The `clv` command: BG/NBD and Gamma-Gamma fitted on a calibration period of an ingested folder,
 * per-customer predictions and, when the calibration ends before the data do, holdout validation.
 *
 *   clv --in DIR [--calibration-end YYYY-MM-DD] [--unit day|week|month] [--config FILE] --out DIR
 *     writes DIR/clv.parquet (one row per customer first seen in calibration) and DIR/clv-model.json.
 *
 * Everything is computed by the pure modules in src/lib/clv/ (the summary SQL runs here on native
 * DuckDB, and the same SQL runs on DuckDB-WASM in the pages). Too little data, or a fit that cannot
 * be trusted, refuses with its reasons and writes nothing. Output files are written under temporary
 * names and renamed into place.
 */
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { parseConfig, type WorkbenchConfig } from "../../src/lib/config/config.js";
import { clvOptionsOf } from "../../src/lib/config/sections/clv.js";
import { fitBgNbd, fitGammaGamma, type ModelFit } from "../../src/lib/clv/fit.js";
import { spendFrequencyCorrelation, type GammaGammaParams } from "../../src/lib/clv/gammaGamma.js";
import type { BgNbdParams } from "../../src/lib/clv/bgnbd.js";
import { CLV_UNITS, DEFAULT_CLV_OPTIONS, type ClvOptions, type ClvUnit } from "../../src/lib/clv/options.js";
import { expectedPurchasesOver, predictCustomers } from "../../src/lib/clv/predict.js";
import { repeatData, spendData, summaryFromRows } from "../../src/lib/clv/summary.js";
import { clvDailyRepeatsSql, clvInputSql, clvSummarySql, isIsoDate } from "../../src/lib/clv/summarySql.js";
import { dataSufficiency, fitProblems } from "../../src/lib/clv/sufficiency.js";
import { aliveGrid, conditionalExpectation, holdoutTotals, trackingSeries, type AliveGrid, type FrequencyBucket, type HoldoutTotals, type TrackingPeriod } from "../../src/lib/clv/validation.js";
import { daysBefore } from "../../src/lib/io/dates.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";

export interface ClvRunOptions {
  /** Folder written by ingest (transactions.parquet). */
  inDir: string;
  outDir: string;
  /** Last day of calibration (included); default the observation end (no holdout). */
  calibrationEnd?: string | null;
  /**
   * Last day the models may see (included); default the last transaction day. Transactions after it
   * are left out and counted (the pipeline passes the day before the as-of date, as the features do).
   */
  observationEnd?: string | null;
  /** How messages name the calibration end: the CLI's option, or the config key. */
  calibrationEndName?: string;
  options?: Partial<ClvOptions>;
  onProgress?: (message: string) => void;
}

/** How each input order and customer was used: nothing is dropped without being counted. */
export interface ClvInputAccounting {
  /** Transaction lines after the observation end: left out. */
  linesAfterObservationEnd: number;
  orders: number;
  /** Orders left out: cancellations and returns. */
  reversalOrders: number;
  /** Purchases after merging a customer's orders of one day. */
  purchaseDays: number;
  customers: number;
  /** Customers first seen after the calibration end: not in the cohort, no prediction. */
  customersAfterCalibration: number;
  /** The cohort: customers first seen on or before the calibration end, one row each in clv.parquet. */
  cohortCustomers: number;
  repeatCustomers: number;
  /** Repeat customers in the Gamma-Gamma fit (positive mean repeat value). */
  spendCustomers: number;
  /** Repeat customers whose repeat purchases sum to ≤ 0: left out of the spend fit, given the population mean value. */
  repeatCustomersWithoutPositiveValue: number;
  /** Distinct (x, t_x, T) rows the BG/NBD likelihood runs over. */
  distinctRows: number;
  firstPurchaseDay: string;
  lastPurchaseDay: string;
}

interface FitSummary<P> {
  logLikelihood: number;
  standardErrors: P | null;
  customers: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  gradientNorm: number;
}

export interface ClvModelFile {
  status: "published" | "refused";
  /** Why predictions were refused (empty when published). */
  reasons: string[];
  unit: ClvUnit;
  unitDays: number;
  calibrationEnd: string;
  observationEnd: string;
  /** Days after the calibration end up to the observation end; 0 without a holdout. */
  holdoutDays: number;
  options: ClvOptions;
  input: ClvInputAccounting;
  bgnbd: (BgNbdParams & FitSummary<BgNbdParams>) | null;
  gammaGamma: (GammaGammaParams & FitSummary<GammaGammaParams> & { spendFrequencyCorrelation: number | null }) | null;
  warnings: string[];
  predictions: { customers: number; expectedPurchases: number; clv: number; meanPAlive: number } | null;
  holdout: { totals: HoldoutTotals; tracking: TrackingPeriod[]; conditionalExpectation: FrequencyBucket[] } | null;
  aliveGrid: AliveGrid | null;
}

export interface ClvRun {
  model: ClvModelFile;
  files: string[];
}

async function openConnection(): Promise<{ connection: DuckDBConnection; close(): void }> {
  const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
  const connection = await instance.connect();
  return {
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function rows<T = Record<string, unknown>>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

/**
 * What the `clv` command takes from a config: the model options of its `clv` section, with --unit over
 * clv.unit (checked as the config key would be), and clv.calibrationEnd. The config is checked whole,
 * as every command checks it.
 */
export function clvSettingsFromConfig(config: WorkbenchConfig, unit?: string): { options: ClvOptions; calibrationEnd: string | null } {
  const options = clvOptionsOf(config.clv);
  if (unit !== undefined) options.unit = parseConfig({ clv: { unit } }, "--unit").clv.unit;
  return { options, calibrationEnd: config.clv.calibrationEnd };
}

/**
 * The input does not allow a fit (no purchases, a calibration end outside the data): the CLI reports it
 * as an error, the pipeline as a reason to refuse predictions.
 */
export class ClvInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ClvInputError";
  }
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function fitSummary<P>(fit: ModelFit<P>): P & FitSummary<P> {
  return {
    ...fit.params,
    logLikelihood: fit.logLikelihood,
    standardErrors: fit.standardErrors,
    customers: fit.customers,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    converged: fit.converged,
    gradientNorm: fit.gradientNorm,
  };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(value, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2) + "\n");
  await rename(temporary, file);
}

/** Fits, predicts and validates; writes clv.parquet and clv-model.json unless refused. */
export async function runClv(run: ClvRunOptions): Promise<ClvRun> {
  const options: ClvOptions = { ...DEFAULT_CLV_OPTIONS, ...run.options };
  const progress = run.onProgress ?? (() => {});
  const unitDays = CLV_UNITS[options.unit];
  const transactionsFile = join(resolve(run.inDir), "transactions.parquet");
  if (!existsSync(transactionsFile)) throw new Error(`${transactionsFile}: not found. Run ingest first (npm run -s workbench -- ingest ... --out DIR).`);
  const calibrationEndName = run.calibrationEndName ?? "--calibration-end";
  if (run.calibrationEnd && !isIsoDate(run.calibrationEnd)) throw new Error(`${calibrationEndName} ${run.calibrationEnd}: expected a YYYY-MM-DD date`);
  if (run.observationEnd && !isIsoDate(run.observationEnd)) throw new Error(`clv: observation end ${run.observationEnd}: expected a YYYY-MM-DD date`);
  const db = await openConnection();
  try {
    const c = db.connection;
    // Up to the observation end only (a timestamp before the next day's midnight), as the features stop at the as-of date.
    const until = run.observationEnd ? `order_ts < CAST(DATE ${quoteLiteral(run.observationEnd)} + INTERVAL 1 DAY AS TIMESTAMP)` : "true";
    await c.run(`CREATE TEMP TABLE clv_all AS SELECT * FROM read_parquet(${quoteLiteral(transactionsFile)})`);
    await c.run(`CREATE TEMP TABLE clv_transactions AS SELECT * FROM clv_all WHERE ${until}`);
    const [{ later }] = await rows<{ later: number }>(c, `SELECT CAST(count(*) FILTER (WHERE NOT (${until})) AS INTEGER) AS later FROM clv_all`);
    await c.run("DROP TABLE clv_all");
    // Dates first: the observation end is the last transaction day; the calibration end must lie in the data.
    const [span] = await rows<{ first: string | null; last: string | null }>(
      c,
      `SELECT strftime(min(CAST(order_ts AS DATE)), '%Y-%m-%d') AS first, strftime(max(CAST(order_ts AS DATE)), '%Y-%m-%d') AS last FROM clv_transactions`,
    );
    if (!span.first || !span.last) throw new ClvInputError(`${transactionsFile}: no transactions${run.observationEnd ? ` on or before ${run.observationEnd}` : ""}`);
    const observationEnd = run.observationEnd ?? span.last;
    const calibrationEnd = run.calibrationEnd ?? observationEnd;
    if (calibrationEnd > observationEnd) {
      throw new ClvInputError(
        run.observationEnd
          ? `${calibrationEndName} ${calibrationEnd} is after the last day before the as-of date (${observationEnd}): choose an earlier day`
          : `${calibrationEndName} ${calibrationEnd} is after the last transaction day (${observationEnd}): choose a day on or before it`,
      );
    }
    const sqlOptions = { transactions: "clv_transactions", calibrationEnd, observationEnd };
    const [input] = await rows<Record<string, number | string | null>>(c, clvInputSql(sqlOptions));
    if (!input.first_purchase_day) throw new ClvInputError(`${transactionsFile}: no purchases (every order is a cancellation or a return)`);
    const firstPurchaseDay = String(input.first_purchase_day);
    if (calibrationEnd < firstPurchaseDay) {
      throw new ClvInputError(`${calibrationEndName} ${calibrationEnd} is before the first purchase (${firstPurchaseDay}): choose a later day`);
    }
    progress(`summarising customers (calibration to ${calibrationEnd}, holdout to ${observationEnd}, unit ${options.unit})`);
    const summary = summaryFromRows(await rows(c, clvSummarySql({ ...sqlOptions, unitDays })));
    const distinct = repeatData(summary, unitDays);
    const spend = spendData(summary);
    const repeatCustomers = summary.x.reduce((n, x) => n + (x > 0 ? 1 : 0), 0);
    const accounting: ClvInputAccounting = {
      linesAfterObservationEnd: Number(later),
      orders: Number(input.orders),
      reversalOrders: Number(input.reversal_orders),
      purchaseDays: Number(input.purchase_days),
      customers: Number(input.customers),
      customersAfterCalibration: Number(input.customers_after_calibration),
      cohortCustomers: summary.customerIds.length,
      repeatCustomers,
      spendCustomers: spend.x.length,
      repeatCustomersWithoutPositiveValue: spend.notPositive,
      distinctRows: distinct.rows,
      firstPurchaseDay,
      lastPurchaseDay: String(input.last_purchase_day),
    };
    if (accounting.cohortCustomers + accounting.customersAfterCalibration !== accounting.customers) {
      throw new Error(`clv: ${accounting.customers} customers but ${accounting.cohortCustomers} in calibration and ${accounting.customersAfterCalibration} after it: the summary lost customers`);
    }
    const holdoutDays = daysBetween(calibrationEnd, observationEnd);
    const model: ClvModelFile = {
      status: "refused",
      reasons: [],
      unit: options.unit,
      unitDays,
      calibrationEnd,
      observationEnd,
      holdoutDays,
      options,
      input: accounting,
      bgnbd: null,
      gammaGamma: null,
      warnings: [],
      predictions: null,
      holdout: null,
      aliveGrid: null,
    };
    model.reasons = dataSufficiency(
      { customers: summary.customerIds.length, repeatCustomers, spendCustomers: spend.x.length, calibrationDays: daysBetween(firstPurchaseDay, calibrationEnd) + 1 },
      options,
    );
    if (model.reasons.length) return { model, files: [] };

    progress(`fitting BG/NBD on ${summary.customerIds.length} customers (${distinct.rows} distinct rows)`);
    const bgnbd = fitBgNbd(distinct);
    progress(`fitting Gamma-Gamma on ${spend.x.length} repeat customers`);
    const gammaGamma = fitGammaGamma(spend);
    const correlation = spendFrequencyCorrelation(spend);
    model.bgnbd = fitSummary(bgnbd);
    model.gammaGamma = { ...fitSummary(gammaGamma), spendFrequencyCorrelation: correlation };
    model.reasons = fitProblems(bgnbd, gammaGamma);
    if (model.reasons.length) return { model, files: [] };
    if (correlation !== null && Math.abs(correlation) > options.maxSpendFrequencyCorrelation) {
      model.warnings.push(
        `spend and frequency are correlated (r = ${correlation.toFixed(3)}, above clv.maxSpendFrequencyCorrelation ${options.maxSpendFrequencyCorrelation}): ` +
          "the Gamma-Gamma model assumes they are not, so expected values per purchase are biased",
      );
    }
    const dropout = bgnbd.params.a / (bgnbd.params.a + bgnbd.params.b);
    if (dropout < 1e-3) {
      model.warnings.push(
        `BG/NBD: the mean dropout probability after a purchase, a/(a+b), is ${dropout.toExponential(2)}: the data show almost no dropout, ` +
          "so P(alive) is near 1 for everyone and a and b are not identified separately",
      );
    }
    if (!bgnbd.standardErrors) model.warnings.push("BG/NBD: the information matrix is not positive definite at the estimates: no standard errors");
    if (!gammaGamma.standardErrors) model.warnings.push("Gamma-Gamma: the information matrix is not positive definite at the estimates: no standard errors");
    if (spend.notPositive) {
      model.warnings.push(`${spend.notPositive} repeat customers whose repeat purchases sum to 0 or less are left out of the spend fit and given the population mean value`);
    }

    progress("predicting");
    const predictions = predictCustomers(bgnbd.params, gammaGamma.params, distinct, summary.m, { horizonDays: options.horizonDays, discountRate: options.discountRate, unitDays });
    const n = summary.customerIds.length;
    let sumPurchases = 0;
    let sumClv = 0;
    let sumAlive = 0;
    for (let i = 0; i < n; i++) {
      sumPurchases += predictions.expectedPurchases[i];
      sumClv += predictions.clv[i];
      sumAlive += predictions.pAlive[i];
    }
    model.predictions = { customers: n, expectedPurchases: sumPurchases, clv: sumClv, meanPAlive: sumAlive / n };
    const maxX = summary.x.reduce((a, b) => Math.max(a, b), 0);
    const maxT = summary.T.reduce((a, b) => Math.max(a, b), 0);
    model.aliveGrid = aliveGrid(bgnbd.params, Math.min(maxX, 50), maxT);

    let holdoutPurchases: Float64Array | null = null;
    let holdoutRevenue: Float64Array | null = null;
    if (holdoutDays > 0) {
      progress(`validating on the holdout (${holdoutDays} days)`);
      holdoutPurchases = expectedPurchasesOver(bgnbd.params, distinct, holdoutDays, unitDays);
      holdoutRevenue = Float64Array.from(holdoutPurchases, (p, i) => p * predictions.expectedValue[i]);
      const daily = (await rows<{ day_index: number; repeat_purchases: number }>(c, clvDailyRepeatsSql(sqlOptions))).map((r) => ({
        dayIndex: Number(r.day_index),
        repeatPurchases: Number(r.repeat_purchases),
      }));
      model.holdout = {
        totals: holdoutTotals(holdoutDays, summary.holdoutX, holdoutPurchases, summary.holdoutValue, holdoutRevenue),
        tracking: trackingSeries({
          params: bgnbd.params,
          firstDayIndex: summary.firstDayIndex,
          dailyRepeats: daily,
          calibrationEndIndex: daysBetween(firstPurchaseDay, calibrationEnd),
          observationEndIndex: daysBetween(firstPurchaseDay, observationEnd),
          unitDays,
          periodDays: 7,
        }),
        conditionalExpectation: conditionalExpectation(summary.x, summary.holdoutX, holdoutPurchases),
      };
    }
    model.status = "published";

    const dir = resolve(run.outDir);
    await mkdir(dir, { recursive: true });
    const files = [join(dir, "clv.parquet"), join(dir, "clv-model.json")];
    progress(`writing ${files[0]}`);
    await c.run(`CREATE TEMP TABLE clv_summary AS ${clvSummarySql({ ...sqlOptions, unitDays })}`);
    await c.run(
      "CREATE TEMP TABLE clv_predictions (row_index INTEGER, p_alive DOUBLE, expected_purchases DOUBLE, expected_value DOUBLE, clv DOUBLE, predicted_holdout_purchases DOUBLE, predicted_holdout_value DOUBLE)",
    );
    const appender = await c.createAppender("clv_predictions");
    for (let i = 0; i < n; i++) {
      appender.appendInteger(i);
      appender.appendDouble(predictions.pAlive[i]);
      appender.appendDouble(predictions.expectedPurchases[i]);
      appender.appendDouble(predictions.expectedValue[i]);
      appender.appendDouble(predictions.clv[i]);
      if (holdoutPurchases && holdoutRevenue) {
        appender.appendDouble(holdoutPurchases[i]);
        appender.appendDouble(holdoutRevenue[i]);
      } else {
        appender.appendNull();
        appender.appendNull();
      }
      appender.endRow();
    }
    appender.closeSync();
    const holdoutColumns = holdoutDays > 0 ? ", s.holdout_x, s.holdout_value, p.predicted_holdout_purchases, p.predicted_holdout_value" : "";
    const temporary = `${files[0]}.tmp-${process.pid}`;
    await c.run(`COPY (
      SELECT s.customer_id, s.first_purchase, s.x, s.t_x, s.T, s.m, s.calibration_value,
        p.p_alive, p.expected_purchases, p.expected_value, p.clv${holdoutColumns}
      FROM (SELECT *, CAST(row_number() OVER (ORDER BY customer_id) - 1 AS INTEGER) AS row_index FROM clv_summary) s
      JOIN clv_predictions p USING (row_index)
      ORDER BY s.customer_id
    ) TO ${quoteLiteral(temporary)} (FORMAT parquet)`);
    await rename(temporary, files[0]);
    await writeJson(files[1], model);
    return { model, files };
  } catch (error) {
    await rm(join(resolve(run.outDir), `clv.parquet.tmp-${process.pid}`), { force: true });
    throw error;
  } finally {
    db.close();
  }
}
