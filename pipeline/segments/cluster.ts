/**
 * The `cluster` command: k-means over chosen columns of a features file (Parquet or CSV with a
 * customer_id column), with the same pure modules the workbench page runs in its Web Worker.
 *
 *   cluster --features FILE --columns a,b,c --k K [--seed S] [--n-init N] [--scale zscore|robust|minmax|none]
 *           [--log a,b] [--winsorize 1,99 | a:1:99,b:0:95] [--threads N] [--mini-batch [SIZE]] --out DIR
 *     writes DIR/assignments.parquet (customer_id, cluster) and DIR/model.json;
 *     with --k 2..10, k-means for every k, DIR/sweep.json (the measures per k and the recommended k),
 *     and the assignments and model for the recommended k.
 *   cluster --features FILE --model DIR/model.json --out DIR
 *     assigns the rows of FILE (new customers, say) to the model's clusters: DIR/assignments.parquet.
 *
 * The fit runs on every core (parallel.ts) with the one-core result; a sweep's k-means runs on one.
 * --mini-batch [SIZE] fits mini-batch k-means instead (src/lib/cluster/minibatch.ts; SIZE rows a step,
 * default 1024), for inputs too large for full iterations.
 * Rows keep the file's order. Every output file is written under a temporary name and renamed into
 * place, so a failed run never leaves a half-written file.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { SCALINGS, type Scaling } from "../../src/lib/config/config.js";
import { describeClusters } from "../../src/lib/cluster/describe.js";
import { assign } from "../../src/lib/cluster/kmeans.js";
import { evaluate } from "../../src/lib/cluster/metrics.js";
import { applyModel, prepare, toOriginalUnits, type PreparedModel, type WinsorizeOption } from "../../src/lib/cluster/prepare.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { sweep, type SweepResult } from "../../src/lib/cluster/sweep.js";
import { miniBatchKMeans } from "../../src/lib/cluster/minibatch.js";
import { kmeansParallel } from "./parallel.js";


export interface ClusterOptions {
  /** Parquet or CSV file with a customer_id column. */
  features: string;
  columns: string[];
  /** One k, or a range to sweep (the recommended k is then written). */
  k: number | { min: number; max: number };
  seed?: number;
  nInit?: number;
  scale?: Scaling;
  log?: string[];
  winsorize?: WinsorizeOption;
  silhouetteSample?: number;
  /** Threads for the k-means fit (default: every core, os.availableParallelism()); the result is the same with any number. */
  threads?: number;
  /** Mini-batch k-means with batches of this many rows instead of full Lloyd iterations (one k only). */
  miniBatch?: number;
  out: string;
}

/** model.json: enough to reproduce the assignments and to assign new customers. */
export interface ClusterModelFile {
  k: number;
  seed: number;
  n_init: number;
  input: string;
  rows: number;
  columns: string[];
  scaling: Scaling;
  /** Per column, in order: winsorizing percentiles and clip bounds, log, then (x − center) / scale. */
  transforms: PreparedModel["features"];
  /** Centroids in original units (clipping aside), by column. */
  centroids: Record<string, number>[];
  /** Centroids in the prepared space, where new rows are assigned to the nearest one. */
  centroids_prepared: number[][];
  sizes: number[];
  names: string[];
  inertia: number;
  /** "lloyd" (full k-means) or "mini-batch" (with batch_size rows a step; iterations then counts steps). */
  algorithm: "lloyd" | "mini-batch";
  batch_size: number | null;
  silhouette: number | null;
  silhouette_rows: number;
  calinski_harabasz: number | null;
  davies_bouldin: number | null;
  variance_explained: number;
  f_statistics: Record<string, number | null>;
  iterations: number;
}

export interface ClusterRun {
  model: ClusterModelFile;
  sweep: SweepResult | null;
  files: string[];
}

/** "4" → 4; "2..10" → {min: 2, max: 10}. */
export function parseK(text: string): number | { min: number; max: number } {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (range) {
    const min = Number(range[1]);
    const max = Number(range[2]);
    if (min < 2 || max < min) throw new Error(`--k ${text}: expected a range like 2..10 (from at least 2)`);
    return { min, max };
  }
  const k = Number(text);
  if (!Number.isInteger(k) || k < 2) throw new Error(`--k ${text}: expected a whole number ≥ 2 or a range like 2..10`);
  return k;
}

/** "1,99" (every column) or "a:1:99,b:0:95" (per column) → winsorizing percentiles. */
export function parseWinsorize(text: string): WinsorizeOption {
  const number = (s: string) => {
    const x = Number(s);
    if (s.trim() === "" || !Number.isFinite(x)) throw new Error(`--winsorize ${text}: "${s}" is not a number`);
    return x;
  };
  if (!text.includes(":")) {
    const parts = text.split(",");
    if (parts.length !== 2) throw new Error(`--winsorize ${text}: expected LOW,HIGH percentiles (e.g. 1,99) or column:LOW:HIGH,…`);
    return [number(parts[0]), number(parts[1])];
  }
  const out: Record<string, [number, number]> = {};
  for (const part of text.split(",")) {
    const [name, low, high, ...rest] = part.split(":");
    if (!name || low === undefined || high === undefined || rest.length) throw new Error(`--winsorize ${text}: expected column:LOW:HIGH, got "${part}"`);
    out[name] = [number(low), number(high)];
  }
  return out;
}

/** NaN and ±Infinity are not JSON: null. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
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

async function rows<T>(connection: DuckDBConnection, sql: string): Promise<T[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[];
}

/**
 * Loads FILE into the table `cluster_input` (file order kept) and returns the chosen columns as
 * numbers, in file order. Throws naming the file and column for a missing column, an empty
 * customer id, or a value that is empty or not a number.
 */
export async function readFeatureColumns(connection: DuckDBConnection, file: string, columns: readonly string[]): Promise<{ n: number; values: Record<string, Float64Array> }> {
  if (!existsSync(file)) throw new Error(`${file}: not found`);
  const source = /\.parquet$/i.test(file) ? `read_parquet(${quoteLiteral(file)})` : `read_csv(${quoteLiteral(file)}, header = true)`;
  await connection.run(`CREATE OR REPLACE TABLE cluster_input AS SELECT * FROM ${source}`);
  const present = (await rows<{ column_name: string }>(connection, "SELECT column_name FROM (DESCRIBE cluster_input)")).map((r) => r.column_name);
  for (const name of ["customer_id", ...columns]) {
    if (!present.includes(name)) throw new Error(`${file}: no column "${name}" (columns: ${present.join(", ")})`);
  }
  // A column named rowid (any case; customer attributes pass into features) would hide DuckDB's row
  // numbers, which keep the file's order below: keep it under another name.
  const rowidColumn = present.find((c) => c.toLowerCase() === "rowid");
  if (rowidColumn) await connection.run(`ALTER TABLE cluster_input RENAME COLUMN ${quoteIdent(rowidColumn)} TO "__wb_rowid"`);
  const column = (name: string) => quoteIdent(name === rowidColumn ? "__wb_rowid" : name);
  const [missingIds] = await rows<{ n: number; first: number | null }>(
    connection,
    `SELECT count(*)::INTEGER AS n, (min(rowid) + 1)::INTEGER AS first FROM cluster_input WHERE customer_id IS NULL OR trim(customer_id::VARCHAR) = ''`,
  );
  if (missingIds.n > 0) throw new Error(`${file}: ${missingIds.n} rows have no customer_id (first: data row ${missingIds.first})`);
  for (const name of columns) {
    const [bad] = await rows<{ n: number; first: number | null; example: string | null }>(
      connection,
      `SELECT count(*)::INTEGER AS n, (min(rowid) + 1)::INTEGER AS first, any_value(${column(name)}::VARCHAR) AS example
       FROM cluster_input WHERE NOT isfinite(TRY_CAST(${column(name)} AS DOUBLE)) OR TRY_CAST(${column(name)} AS DOUBLE) IS NULL`,
    );
    if (bad.n > 0) {
      throw new Error(`${file}: column "${name}": ${bad.n} rows are empty or not finite numbers (first: data row ${bad.first}${bad.example !== null ? `, value "${bad.example}"` : ""})`);
    }
  }
  const reader = await connection.runAndReadAll(
    `SELECT ${columns.map((c) => `CAST(${column(c)} AS DOUBLE) AS ${quoteIdent(c)}`).join(", ")} FROM cluster_input ORDER BY rowid`,
  );
  const read = reader.getColumnsJS() as number[][];
  const values: Record<string, Float64Array> = {};
  columns.forEach((name, j) => (values[name] = Float64Array.from(read[j])));
  return { n: reader.currentRowCount, values };
}

/** Writes DIR/assignments.parquet: customer_id (as in the input) and cluster, in the input's row order. */
async function writeAssignments(connection: DuckDBConnection, labels: Int32Array, file: string): Promise<void> {
  await connection.run("CREATE OR REPLACE TABLE cluster_labels (row_index BIGINT, cluster INTEGER)");
  const appender = await connection.createAppender("cluster_labels");
  for (let i = 0; i < labels.length; i++) {
    appender.appendBigInt(BigInt(i));
    appender.appendInteger(labels[i]);
    appender.endRow();
  }
  appender.closeSync();
  const temporary = `${file}.tmp-${process.pid}`;
  await connection.run(
    `COPY (SELECT i.customer_id, l.cluster FROM cluster_input i JOIN cluster_labels l ON i.rowid = l.row_index ORDER BY l.row_index)
     TO ${quoteLiteral(temporary)} (FORMAT parquet)`,
  );
  await rename(temporary, file);
}

async function writeJson(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, JSON.stringify(value, (_, x) => (typeof x === "number" && !Number.isFinite(x) ? null : x), 2) + "\n");
  await rename(temporary, file);
}

/** Fits k-means (or sweeps k) over the file's columns and writes the assignments, the model and the sweep. */
export async function runCluster(options: ClusterOptions): Promise<ClusterRun> {
  const { features, columns, seed = 42, nInit = 4, scale = "zscore", log = [], winsorize, silhouetteSample, out } = options;
  if (!columns.length) throw new Error("--columns: choose at least one column");
  if (!SCALINGS.includes(scale)) throw new Error(`--scale ${scale}: expected one of ${SCALINGS.join(", ")}`);
  if (!Number.isInteger(nInit) || nInit < 1) throw new Error(`--n-init ${nInit}: expected a whole number ≥ 1`);
  if (options.miniBatch !== undefined) {
    if (!(Number.isInteger(options.miniBatch) && options.miniBatch >= 1)) throw new Error(`--mini-batch ${options.miniBatch}: expected a batch size, a whole number ≥ 1`);
    if (typeof options.k !== "number") throw new Error("--mini-batch: choose one k (--k K), not a range");
  }
  if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) throw new Error(`--threads ${options.threads}: expected a whole number ≥ 1`);
  for (const name of log) if (!columns.includes(name)) throw new Error(`--log ${name}: not one of --columns (${columns.join(", ")})`);
  if (winsorize && !Array.isArray(winsorize)) {
    for (const name of Object.keys(winsorize)) if (!columns.includes(name)) throw new Error(`--winsorize ${name}: not one of --columns (${columns.join(", ")})`);
  }
  const db = await openConnection();
  try {
    const { n, values } = await readFeatureColumns(db.connection, resolve(features), columns);
    const prepared = prepare(values, columns, { log, scaling: scale, winsorize });
    let sweepResult: SweepResult | null = null;
    let k: number;
    if (typeof options.k === "number") {
      k = options.k;
    } else {
      sweepResult = sweep(prepared.data, prepared.n, prepared.d, { kMin: options.k.min, kMax: options.k.max, seed, nInit, silhouetteSample });
      k = sweepResult.k;
    }
    if (k > n) throw new Error(`cannot make ${k} clusters from ${n} customers`);
    const fit = options.miniBatch
      ? miniBatchKMeans(prepared.data, prepared.n, prepared.d, { k, seed, nInit, batchSize: options.miniBatch })
      : await kmeansParallel(prepared.data, prepared.n, prepared.d, { k, seed, nInit, threads: options.threads });
    const metrics = evaluate(prepared.data, prepared.n, prepared.d, fit.labels, k, { sampleSize: silhouetteSample, seed });
    const description = describeClusters(prepared, fit.labels, fit.centroids, { columns: values });
    const model: ClusterModelFile = {
      k,
      seed,
      n_init: nInit,
      input: basename(features),
      rows: n,
      columns,
      scaling: scale,
      transforms: prepared.model.features,
      centroids: fit.centroids.map((c) => Object.fromEntries(toOriginalUnits(prepared.model, c).map((x, j) => [columns[j], x]))),
      centroids_prepared: fit.centroids,
      sizes: fit.sizes,
      names: description.clusters.map((c) => c.profileName),
      inertia: fit.inertia,
      algorithm: options.miniBatch ? "mini-batch" : "lloyd",
      batch_size: options.miniBatch ? Math.min(options.miniBatch, n) : null,
      silhouette: finiteOrNull(metrics.silhouette),
      silhouette_rows: metrics.silhouetteRows,
      calinski_harabasz: finiteOrNull(metrics.calinskiHarabasz),
      davies_bouldin: finiteOrNull(metrics.daviesBouldin),
      variance_explained: description.varianceExplained,
      f_statistics: Object.fromEntries(description.features.map((f) => [f.name, finiteOrNull(f.F)])),
      iterations: fit.iterations,
    };
    const dir = resolve(out);
    await mkdir(dir, { recursive: true });
    const files = [join(dir, "assignments.parquet"), join(dir, "model.json")];
    await writeAssignments(db.connection, fit.labels, files[0]);
    await writeJson(files[1], model);
    if (sweepResult) {
      files.push(join(dir, "sweep.json"));
      await writeJson(files[2], {
        recommended: sweepResult.k,
        reason: sweepResult.reason,
        votes: sweepResult.votes,
        silhouette_rows: sweepResult.silhouetteRows,
        rows: sweepResult.rows.map((r) => ({
          k: r.k,
          inertia: r.inertia,
          silhouette: r.silhouette,
          calinski_harabasz: r.calinskiHarabasz,
          davies_bouldin: r.daviesBouldin,
          iterations: r.iterations,
          sizes: r.sizes,
        })),
      });
    } else {
      await rm(join(dir, "sweep.json"), { force: true });
    }
    return { model, sweep: sweepResult, files };
  } finally {
    db.close();
  }
}

/** Assigns the rows of a features file to a saved model's clusters (nearest centroid in the model's prepared space). */
export async function assignWithModel(options: { features: string; model: string; out: string }): Promise<{ labels: Int32Array; sizes: number[]; file: string }> {
  const model = JSON.parse(readFileSync(resolve(options.model), "utf-8")) as ClusterModelFile;
  if (!Array.isArray(model.transforms) || !Array.isArray(model.centroids_prepared)) {
    throw new Error(`${options.model}: not a model.json written by the cluster command (no transforms or centroids_prepared)`);
  }
  const db = await openConnection();
  try {
    const { values } = await readFeatureColumns(db.connection, resolve(options.features), model.columns);
    const prepared = applyModel({ scaling: model.scaling, features: model.transforms }, values);
    const { labels } = assign(prepared.data, prepared.n, prepared.d, model.centroids_prepared);
    const sizes = new Array(model.k).fill(0);
    for (const c of labels) sizes[c]++;
    const dir = resolve(options.out);
    await mkdir(dir, { recursive: true });
    const file = join(dir, "assignments.parquet");
    await writeAssignments(db.connection, labels, file);
    return { labels, sizes, file };
  } finally {
    db.close();
  }
}
