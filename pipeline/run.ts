/**
 * The Node-side pipeline for the configured inputs: ingest → features (the report, built on these
 * outputs, is pipeline/report/build.ts). Framework data loaders and the CLI call it. Outputs are
 * cached under .workbench-cache/<key>, keyed by the config text, the inputs' size and modification
 * time (a database table's row count and checksum) and the code, so the several loaders of one build
 * share one ingest.
 *
 * With the transactions in a PostgreSQL table, ingest and the feature SQL run in the database, in one
 * session: the features (at the as-of date and at the report's earlier date) come back one row per
 * customer. The report's line-level parts (profiles, recommendations, co-purchase rules, KPIs, CLV)
 * still read the clean lines, so a copy of them is written to transactions.parquet (see the README's
 * "Plan past one server" for what keeping them in the database would take).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isTableInput, type InputSource, type TableInput, type WorkbenchConfig } from "../src/lib/config/config.js";
import type { QualityReport } from "../src/lib/ingest/quality.js";
import { daysBefore } from "../src/lib/io/dates.js";
import { addClvFeatures, clvFeaturesSegmented, readClvStep, type ClvStepResult } from "./clv/features.js";
import { loadConfig, PROJECT_ROOT } from "./config.js";
import { openDatabase, type Database } from "./duckdb.js";
import { buildFeatures, buildFeaturesInDatabase, copyCleanLines, featureOptions } from "./features/build.js";
import { ingest } from "./ingest/ingest.js";
import { tableStamp } from "./ingest/tableSource.js";
import { openPostgres, type PostgresDatabase } from "./postgres.js";

/** Where finished pipeline runs are kept, one folder per pipelineKey. */
export const CACHE_ROOT = join(PROJECT_ROOT, ".workbench-cache");

export interface PipelineOutputs {
  dir: string;
  config: WorkbenchConfig;
  quality: QualityReport;
  /** The clean lines (transactions.parquet; with a table input, a copy of the lines ingest kept in the database), or null in a customers-only project (inputs.transactions null). */
  transactions: string | null;
  customers: string | null;
  features: string;
  /** The as-of date; null only in a customers-only project whose export has no dates (and no features.asOf). */
  asOf: string | null;
  /** The CLV step (config `clv`): whether predictions joined the features, the fits and their files (in `dir`); off in a customers-only project. */
  clv: ClvStepResult;
}

function fileStamp(file: string): string {
  if (!existsSync(file)) return `${file}:missing`;
  const s = statSync(file);
  return `${file}:${s.size}:${s.mtimeMs}`;
}

/**
 * Every file a glob could match: the files under its folder part, as deep as the pattern goes (any
 * depth with **, skipping hidden folders and node_modules). More than the pattern matches is harmless.
 */
function globCandidates(pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const first = parts.findIndex((p) => /[*?[]/.test(p));
  const base = parts.slice(0, first).join("/") || "/";
  const rest = parts.slice(first);
  const deep = rest.includes("**");
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if ((deep || depth > 1) && !entry.name.startsWith(".") && entry.name !== "node_modules") walk(path, depth - 1);
      } else if (deep || depth === 1) {
        files.push(path);
      }
    }
  };
  walk(base, rest.length);
  return files;
}

/**
 * Size and modification time of each file of an input: the file, every file in the folder, or every
 * file the glob could match. A folder's own time does not change when a file in it is edited in
 * place, so stamping the folder alone would serve the old outputs after an export is fixed.
 */
function inputStamp(path: string): string {
  let files = [path];
  if (/[*?[]/.test(path)) files = globCandidates(path);
  else if (existsSync(path) && statSync(path).isDirectory()) files = readdirSync(path).map((name) => join(path, name));
  return files.sort().map(fileStamp).join("|");
}

/**
 * A hash of the pipeline's own code, so a change to the feature SQL or ingest rules is never served
 * stale; with the data loaders (src/data), because `observable build` keeps using a loader's cached
 * output after the loader file changed ("[using stale]") until setup clears the cache.
 */
export function codeStamp(): string {
  const hash = createHash("sha256");
  for (const dir of ["pipeline", "src/lib", "src/data"]) {
    for (const name of readdirSync(join(PROJECT_ROOT, dir), { recursive: true, encoding: "utf-8" }).sort()) {
      if (name.endsWith(".ts")) hash.update(name).update(readFileSync(join(PROJECT_ROOT, dir, name)));
    }
  }
  return hash.digest("hex");
}

/** How the config names each input, for messages about its database. */
const INPUT_KEYS = { transactions: "inputs.transactions", customers: "inputs.customers" } as const;

/**
 * What the pipeline's outputs depend on: the config text, the inputs (files: size, mtime; a table: its
 * columns, row count and a checksum of its rows, see tableStamp) and the code.
 */
export async function pipelineKey(text: string, config: WorkbenchConfig): Promise<string> {
  const stamp = async (input: InputSource, key: string) => {
    if (!isTableInput(input)) return inputStamp(input);
    const db = await openPostgres(input.postgres, { name: key });
    try {
      return await tableStamp(db, input);
    } finally {
      await db.close();
    }
  };
  const inputs = [config.inputs.transactions === null ? null : await stamp(config.inputs.transactions, INPUT_KEYS.transactions), ...(config.inputs.customers ? [await stamp(config.inputs.customers, INPUT_KEYS.customers)] : [])];
  return createHash("sha256").update(JSON.stringify([text, inputs, codeStamp()])).digest("hex").slice(0, 16);
}

/** A customers-only project has no purchases to fit CLV models on: the step is off, and says why. */
function customersOnlyClv(asOf: string | null): ClvStepResult {
  return {
    status: "off",
    reasons: ["CLV predictions need purchases: this is a customers-only project (inputs.transactions null)"],
    asOf: asOf ?? "",
    lastDay: "",
    prediction: null,
    validation: null,
    validationSkipped: null,
    customersWithoutPrediction: 0,
    firstWithoutPrediction: [],
  };
}

/** The open connection of each table input, by config key: one session each, closed with closeAll. */
class Sessions {
  private readonly open = new Map<string, Promise<PostgresDatabase>>();
  get = (input: TableInput, key: string): Promise<PostgresDatabase> => {
    let db = this.open.get(key);
    if (!db) {
      db = openPostgres(input.postgres, { name: key });
      this.open.set(key, db);
    }
    return db;
  };
  async closeAll(): Promise<void> {
    for (const db of this.open.values()) await (await db.catch(() => null))?.close();
    this.open.clear();
  }
}

/** Runs ingest and features for the configured inputs, reusing a finished earlier run with the same key. */
export async function runPipeline(configFile?: string): Promise<PipelineOutputs> {
  const { text, config } = loadConfig(configFile);
  const dir = join(CACHE_ROOT, await pipelineKey(text, config));
  const outputs = {
    dir,
    config,
    transactions: config.inputs.transactions === null ? null : join(dir, "transactions.parquet"),
    customers: config.inputs.customers ? join(dir, "customers.parquet") : null,
    features: join(dir, "features.parquet"),
  };
  const done = join(dir, "features.json");
  if (existsSync(done)) {
    const { asOf } = JSON.parse(readFileSync(done, "utf-8"));
    return { ...outputs, quality: JSON.parse(readFileSync(join(dir, "quality.json"), "utf-8")), asOf, clv: config.inputs.transactions === null ? customersOnlyClv(asOf) : readClvStep(dir, asOf) };
  }
  const db = await openDatabase();
  const sessions = new Sessions();
  try {
    // Loaders of one build may race here; each works in its own staging folder and the last rename wins.
    const staging = `${dir}.run-${process.pid}`;
    let quality: QualityReport;
    let asOf: string | null;
    let clv: ClvStepResult;
    try {
      quality = await ingest(db, { transactions: config.inputs.transactions, customers: config.inputs.customers, config, outDir: staging, postgres: sessions.get });
      const outFile = join(staging, "features.parquet");
      const transactions = config.inputs.transactions;
      if (isTableInput(transactions)) {
        // The features, and what the report needs of the lines, computed in the session that holds them.
        const pg = await sessions.get(transactions, INPUT_KEYS.transactions);
        const source = quality.transactions!.file;
        ({ asOf } = await buildFeaturesInDatabase(pg, db, { ...featureOptions(config, { inDir: staging, outFile }), requireCustomers: true, source }));
        const previous = daysBefore(asOf, config.report.previousAsOfDays);
        await mkdir(join(staging, `features-${previous}`), { recursive: true });
        await buildFeaturesInDatabase(pg, db, { ...featureOptions(config, { inDir: staging, outFile: join(staging, `features-${previous}`, "features.parquet") }, previous), source });
        // The report's line-level parts (profiles, recommendations, co-purchase, KPIs, CLV) read the clean lines.
        await copyCleanLines(pg, db, join(staging, "transactions.parquet"));
      } else {
        ({ asOf } = await buildFeatures(db, { ...featureOptions(config, { inDir: staging, outFile }), requireCustomers: true }));
      }
      // CLV predictions join the features (when clv.enabled): staging/clv.json, staging/clv*/.
      clv = asOf === null || config.inputs.transactions === null ? customersOnlyClv(asOf) : await addClvFeatures(db, config, { inDir: staging, dir: staging, asOf });
      await writeFile(join(staging, "features.json"), JSON.stringify({ asOf }) + "\n");
    } catch (error) {
      // Ingest succeeded but features failed: no half-made run is left behind.
      await rm(staging, { recursive: true, force: true });
      throw error;
    } finally {
      await sessions.closeAll();
    }
    await mkdir(CACHE_ROOT, { recursive: true });
    if (!existsSync(done)) {
      await rm(dir, { recursive: true, force: true });
      await rename(staging, dir).catch(async () => rm(staging, { recursive: true, force: true }));
    } else {
      await rm(staging, { recursive: true, force: true });
    }
    return { ...outputs, quality, asOf, clv };
  } finally {
    db.close();
  }
}

/**
 * Features at another as-of date from the same ingested transactions (the report's earlier date),
 * cached in the run's folder as features-<asOf>/features.parquet. Returns the file. Transactions only:
 * a customers export is one snapshot.
 */
export async function featuresAt(db: Database, outputs: PipelineOutputs, asOf: string): Promise<string> {
  if (outputs.transactions === null) throw new Error("features at an earlier date need transactions; this is a customers-only project (inputs.transactions null)");
  const dir = join(outputs.dir, `features-${asOf}`);
  const file = join(dir, "features.parquet");
  if (existsSync(file)) return file;
  // Loaders of one build may race here too: each writes its own staging folder; the first rename wins.
  const staging = `${dir}.run-${process.pid}`;
  await mkdir(staging, { recursive: true });
  try {
    await buildFeatures(db, featureOptions(outputs.config, { inDir: outputs.dir, outFile: join(staging, "features.parquet") }, asOf));
    // Predictions at that date too, when the segmentation clusters on them (a fit of its own, no validation).
    if (clvFeaturesSegmented(outputs.config).length) {
      await addClvFeatures(db, outputs.config, { inDir: outputs.dir, dir: staging, asOf, validate: false, when: `at the earlier date ${asOf}` });
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  if (!existsSync(file)) await rename(staging, dir).catch(() => undefined);
  if (existsSync(file)) {
    await rm(staging, { recursive: true, force: true });
    return file;
  }
  return join(staging, "features.parquet");
}
