/**
 * The pipeline's CLV step (config `clv`, run by pipeline/run.ts after the features): two fits of the
 * same models on the same ingested transactions, up to the day before the as-of date (what the
 * features see).
 *
 * - Predictions: calibration runs to the day before the as-of date, so every customer's whole history
 *   counts, and the predictions look ahead from the as-of date. Their p_alive, expected_purchases,
 *   expected_value and clv join the feature table (src/lib/clv/features.ts), so segmentation, the
 *   workbench and the SQL page can use them.
 * - Validation: calibration ends on clv.calibrationEnd (or clv.holdoutDays before the as-of date's eve),
 *   the models are fitted on that period only and predict the days after it, which are known: the
 *   report compares the two.
 *
 * Too little data, or an untrustworthy fit, refuses (runClv's reasons, or the input problem): then no
 * column is added and the report says why. The result is kept as clv.json beside the features, in the
 * pipeline's cache folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { clvColumnClashes, clvFeatureJoinSql, clvJoinCheckSql, CLV_FEATURES } from "../../src/lib/clv/features.js";
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import { clvOptionsOf } from "../../src/lib/config/sections/clv.js";
import { daysBefore } from "../../src/lib/io/dates.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import type { Database } from "../duckdb.js";
import { parquetColumnTypes } from "../parquet.js";
import { ClvInputError, runClv, type ClvModelFile } from "./clv.js";

/** One fit of the step: published (its files are in `dir`), or refused with its reasons. */
export interface ClvStepFit {
  status: "published" | "refused";
  reasons: string[];
  /** The model file's content (also when refused: its figures say why); null when the input allowed no fit. */
  model: ClvModelFile | null;
  /** Folder of clv.parquet and clv-model.json, relative to the run's folder; null when refused. */
  dir: string | null;
}

export interface ClvStepResult {
  /** `off`: clv.enabled is false; nothing was fitted. */
  status: "off" | "published" | "refused";
  reasons: string[];
  /** The as-of date the step ran for, and the last day the models saw (the day before). */
  asOf: string;
  lastDay: string;
  prediction: ClvStepFit | null;
  /** null when there is no validation: clv.holdoutDays is 0, predictions are off or refused, or the step ran without it. */
  validation: ClvStepFit | null;
  /** Why there is no validation (null when there is one, or CLV is off). */
  validationSkipped: string | null;
  /** Feature-table customers with no prediction (NULL in the four columns), and the first few of them. */
  customersWithoutPrediction: number;
  firstWithoutPrediction: string[];
}

export const CLV_STEP_FILE = "clv.json";

const OFF = (asOf: string): ClvStepResult => ({
  status: "off",
  reasons: [],
  asOf,
  lastDay: asOf ? daysBefore(asOf, 1) : "",
  prediction: null,
  validation: null,
  validationSkipped: null,
  customersWithoutPrediction: 0,
  firstWithoutPrediction: [],
});

/** The step's result kept in a run's folder (OFF when CLV was not run there). */
export function readClvStep(dir: string, asOf: string): ClvStepResult {
  const file = join(dir, CLV_STEP_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf-8")) as ClvStepResult) : OFF(asOf);
}

/** The validation's calibration end: clv.calibrationEnd, or clv.holdoutDays before the last day; null for none. */
export function validationCalibrationEnd(config: WorkbenchConfig, asOf: string): { calibrationEnd: string | null; skipped: string | null } {
  const lastDay = daysBefore(asOf, 1);
  const { calibrationEnd, holdoutDays } = config.clv;
  if (calibrationEnd !== null) {
    if (calibrationEnd >= lastDay) {
      throw new Error(
        `clv.calibrationEnd: ${calibrationEnd} leaves no holdout: the models see purchases up to ${lastDay}, the day before the as-of date ${asOf}; ` +
          "choose an earlier day, or leave it out to hold out clv.holdoutDays",
      );
    }
    return { calibrationEnd, skipped: null };
  }
  if (!holdoutDays) return { calibrationEnd: null, skipped: "clv.holdoutDays is 0: no validation asked for" };
  return { calibrationEnd: daysBefore(lastDay, holdoutDays), skipped: null };
}

async function fit(
  inDir: string,
  dir: string,
  sub: string,
  config: WorkbenchConfig,
  { calibrationEnd, lastDay, calibrationEndName }: { calibrationEnd: string; lastDay: string; calibrationEndName: string },
): Promise<ClvStepFit> {
  try {
    const { model } = await runClv({
      inDir,
      outDir: join(dir, sub),
      calibrationEnd,
      observationEnd: lastDay,
      calibrationEndName,
      options: clvOptionsOf(config.clv),
    });
    return model.status === "published" ? { status: "published", reasons: [], model, dir: sub } : { status: "refused", reasons: model.reasons, model, dir: null };
  } catch (error) {
    if (error instanceof ClvInputError) return { status: "refused", reasons: [error.message], model: null, dir: null };
    throw error;
  }
}

/** The segmentation features that are CLV predictions: the segments need them at every date they are built for. */
export function clvFeaturesSegmented(config: WorkbenchConfig): string[] {
  return config.segmentation.features.filter((f) => (CLV_FEATURES as string[]).includes(f));
}

/**
 * Predictions the segmentation clusters on were refused at a date (too few repeat buyers, no purchases
 * yet): the history catches it to start at a later snapshot; everywhere else it stops the run.
 */
export class PredictionsRefusedError extends Error {}

/** Stops when the segmentation clusters on a prediction that is not there (CLV off or refused at `when`). */
function assertSegmentable(config: WorkbenchConfig, result: ClvStepResult, when: string): void {
  const used = clvFeaturesSegmented(config);
  if (!used.length || result.status === "published") return;
  const list = used.map((f) => `"${f}"`).join(", ");
  if (result.status === "off") {
    throw new Error(`segmentation.features: ${list} ${used.length > 1 ? "are CLV predictions" : "is a CLV prediction"}, made only when clv.enabled is true: enable it, or leave ${list} out`);
  }
  throw new PredictionsRefusedError(`segmentation.features: ${list} ${used.length > 1 ? "are CLV predictions" : "is a CLV prediction"}, but predictions were refused ${when}: ${result.reasons.join("; ")}`);
}

/**
 * Runs the step for features.parquet in `dir`, from the transactions in `inDir` (ingest's folder): fits,
 * joins the predictions to features.parquet (rewritten in place) and writes dir/clv.json. `validate:
 * false` skips the validation fit (the report's earlier date needs the columns only). `when` names the
 * date in errors.
 */
export async function addClvFeatures(
  db: Database,
  config: WorkbenchConfig,
  { inDir, dir, asOf, validate = true, when = `at the as-of date ${asOf}` }: { inDir: string; dir: string; asOf: string; validate?: boolean; when?: string },
): Promise<ClvStepResult> {
  const result = await clvStep(db, config, { inDir, dir, asOf, validate });
  assertSegmentable(config, result, when);
  return result;
}

async function clvStep(
  db: Database,
  config: WorkbenchConfig,
  { inDir, dir, asOf, validate }: { inDir: string; dir: string; asOf: string; validate: boolean },
): Promise<ClvStepResult> {
  if (!config.clv.enabled) return OFF(asOf);
  const featuresFile = join(dir, "features.parquet");
  const lastDay = daysBefore(asOf, 1);
  const clashes = clvColumnClashes((await parquetColumnTypes(db, featuresFile)).map((c) => c.name));
  if (clashes.length) {
    throw new Error(
      `the feature table already has a column ${clashes.map((c) => `"${c}"`).join(", ")} (from the customers export), which the CLV predictions add: ` +
        "rename it in the export, or set clv.enabled to false",
    );
  }
  // Checked before any fit: a calibration end the config cannot mean stops the run.
  const split = validate ? validationCalibrationEnd(config, asOf) : null;
  const result: ClvStepResult = { ...OFF(asOf), status: "refused" };
  result.prediction = await fit(inDir, dir, "clv", config, { calibrationEnd: lastDay, lastDay, calibrationEndName: "the day before the as-of date" });
  if (result.prediction.status === "published") {
    result.status = "published";
    const predictions = join(dir, "clv", "clv.parquet");
    await db.run(`CREATE OR REPLACE TEMP TABLE clv_join_features AS SELECT * FROM read_parquet(${quoteLiteral(featuresFile)})`);
    await db.run(`CREATE OR REPLACE TEMP TABLE clv_join_predictions AS SELECT customer_id, ${CLV_FEATURES.join(", ")} FROM read_parquet(${quoteLiteral(predictions)})`);
    const tables = { features: "clv_join_features", predictions: "clv_join_predictions" };
    const [check] = await db.all<{ missing: number; unmatched: number; first_missing: string | null }>(clvJoinCheckSql(tables));
    if (Number(check.unmatched) > 0) {
      throw new Error(`clv: ${check.unmatched} predictions are for customers the feature table does not have: the CLV summary and the features disagree on who bought before ${asOf}`);
    }
    result.customersWithoutPrediction = Number(check.missing);
    result.firstWithoutPrediction = check.first_missing ? check.first_missing.split(", ") : [];
    const temporary = `${featuresFile}.clv-${process.pid}`;
    await db.run(`COPY (${clvFeatureJoinSql(tables)}) TO ${quoteLiteral(temporary)} (FORMAT parquet)`);
    await rename(temporary, featuresFile);
    await db.run("DROP TABLE clv_join_features");
    await db.run("DROP TABLE clv_join_predictions");
    if (!split) result.validationSkipped = "not needed at this date";
    else if (split.calibrationEnd === null) result.validationSkipped = split.skipped;
    else {
      const calibrationEndName = config.clv.calibrationEnd !== null ? "clv.calibrationEnd" : `the calibration end (clv.holdoutDays, ${config.clv.holdoutDays} days before ${lastDay})`;
      result.validation = await fit(inDir, dir, "clv-validation", config, { calibrationEnd: split.calibrationEnd, lastDay, calibrationEndName });
    }
  } else {
    result.reasons = result.prediction.reasons;
    result.validationSkipped = "predictions were refused";
  }
  const file = join(dir, CLV_STEP_FILE);
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, JSON.stringify(result, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2) + "\n");
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return result;
}
