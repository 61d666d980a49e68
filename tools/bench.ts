/**
 * k-means benchmark (`npm run bench`; not a test). Times the start (k-means++) and the fit of our
 * typed-array kernel, on one thread and on every core (pipeline/segments/parallel.ts), against
 * scikit-learn's KMeans (algorithm="lloyd", the same data and the same starting centres as `init`,
 * n_init=1) on one thread and on all of them, against ml-kmeans (from the same start, and with its
 * own defaults) and against our mini-batch k-means (its inertia beside full k-means's), on synthetic
 * data (N = 10k, 100k, 1M; d = 6; k = 8) and on the Online Retail features; and the silhouette of
 * 10,000 points; and mini-batch k-means through the CLI on 10M generated customers (time and peak
 * memory). Prints a table (times, iterations, inertia, label agreement, peak memory, ratios),
 * the checks (ours on every core gives the one-thread result bit for bit; ml-kmeans gives ours) and
 * a summary table for the README.
 *
 * Fair comparison: every engine runs to the same fixed point, Lloyd iterations until no label
 * changes (ours and ml-kmeans: tolerance 0, i.e. stop when no centre moves; scikit-learn: tol=0,
 * stop when the labels repeat), at most 300 iterations. Every measurement runs in a fresh process
 * (so peak RSS is that engine's), the engines alternate, and the median of the repeats is kept;
 * each process first warms up on a small slice (with JIT compilation on the main thread, so it is done
 * before the timing: see NODE_FLAGS). Our time includes the start; scikit-learn's does
 * not (it is given the start), so the ratio is conservative. scikit-learn on one thread runs with
 * OMP_NUM_THREADS=1 and threadpoolctl's limit of 1; on all threads with neither. The load average
 * is printed before and after: on a shared machine, read the ratios with it.
 *
 *   npm run bench [-- --sizes 10000,100000,1000000] [--repeats 3] [--no-ml] [--no-ml-defaults]
 *                 [--no-mini-batch] [--cli-rows 10000000 (0 to skip)] [--no-retail] [--json FILE]
 *
 * scikit-learn is Debian's python3-sklearn under /usr/bin/python3 (not a pyenv or venv python).
 * When it is missing the script installs it with apt-get if run as root, and otherwise says how.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { poolThreads, POOL_WORTH_VALUES } from "../src/lib/cluster/threads.js";

const SCRIPT = fileURLToPath(import.meta.url);
const ROOT = resolve(SCRIPT, "..", "..");
const PYTHON = "/usr/bin/python3";
const RETAIL = resolve(ROOT, "../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const D = 6;
const K = 8;
const SEED = 42;
const MAX_ITERATIONS = 300;
const MINI_BATCH = 1024;
/**
 * Warm-up before each timed run of ours (see child()): at least WARM_UPS fits, and fits until
 * WARM_UP_MS have gone by. V8 optimises a function once it has run enough bytecode, so a function
 * run once an iteration (the coordinator, lloydProgram) is optimised after some hundreds of
 * iterations, whatever the size: a count of fits alone left it to be compiled in the timed fit at 10k
 * rows (30 ms of a 36 ms fit on two threads; 5.7 ms once warm).
 */
const WARM_UPS = 3;
const WARM_UP_MS = 400;
const SILHOUETTE_ROWS = 10_000;
const ONE_THREAD = { OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1", BLIS_NUM_THREADS: "1", VECLIB_MAXIMUM_THREADS: "1" };

// ---------------------------------------------------------------------------------------------
// Child processes: one measurement each, result as JSON on stdout.

interface Job {
  engine: "ours" | "ours-all" | "mini-batch" | "ml-start" | "ml-default" | "silhouette";
  data: string;
  start: string;
  n: number;
  d: number;
  k: number;
  seed: number;
  /** Where "ours" writes its final labels (for the agreement with scikit-learn). */
  labelsOut?: string;
  labels?: string;
}

interface Measurement {
  startMs?: number;
  fitMs: number;
  iterations?: number;
  inertia?: number;
  /** Hash of the step labels and of the centroids, to check ml-kmeans and our kernel agree. */
  labelsHash?: string;
  finalLabelsHash?: string;
  centroidsHash?: string;
  baseRssMB: number;
  peakRssMB: number;
  value?: number;
  /** ours-all: threads used, and how long starting them took (before the timed run, as scikit-learn's warm-up starts its OpenMP threads). */
  threads?: number;
  poolMs?: number;
  /** mini-batch: steps of batchSize rows. */
  steps?: number;
  batchSize?: number;
}

function rssMB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function readMatrix(file: string): Float64Array {
  const bytes = readFileSync(file);
  return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
}

function hash(values: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  const view = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < values.length; i++) {
    view.setFloat64(0, values[i]);
    for (let b = 0; b < 8; b++) h = Math.imul(h ^ view.getUint8(b), 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Runs `fit` (with seeds 1, 2, …) at least WARM_UPS times and until WARM_UP_MS have passed. */
async function warmUpFits(fit: (seed: number) => unknown): Promise<void> {
  const start = performance.now();
  for (let w = 1; w <= WARM_UPS || performance.now() - start < WARM_UP_MS; w++) await fit(w);
}

async function child(job: Job): Promise<Measurement> {
  const { kmeansPlusPlus, lloyd } = await import("../src/lib/cluster/kmeans.js");
  const { miniBatchKMeans } = await import("../src/lib/cluster/minibatch.js");
  const { openKMeansPool } = await import("../pipeline/segments/parallel.js");
  const { seededRandom } = await import("../src/lib/stats/random.js");
  const { silhouette } = await import("../src/lib/cluster/metrics.js");
  const { kmeans: mlKmeans } = await import("ml-kmeans");
  const data = readMatrix(job.data);
  const { n, d, k } = job;
  const start = Array.from({ length: k }, (_, c) => Array.from(readMatrix(job.start).subarray(c * d, c * d + d)));
  const rows = (m: number) => Array.from({ length: m }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
  const warm = Math.min(n, 10_000);
  const baseRssMB = rssMB();
  // The JIT compiles the kernels while they run (scikit-learn's are compiled ahead of time): fits on
  // a slice first, so the timed run measures compiled code, not the compiler. The options have the
  // timed call's shape, so the code optimised for them is the code the timed call runs.
  const warmUp = () =>
    warmUpFits((w) => lloyd(data.subarray(0, warm * d), warm, d, kmeansPlusPlus(data.subarray(0, warm * d), warm, d, k, seededRandom(w)), { tolerance: 0, maxIterations: MAX_ITERATIONS }));
  const done = (m: Omit<Measurement, "baseRssMB" | "peakRssMB">): Measurement => ({ ...m, baseRssMB, peakRssMB: process.resourceUsage().maxRSS / 1024 });
  switch (job.engine) {
    case "ours":
    case "ours-all": {
      // Every core, as a running pool uses them (poolThreads): a matrix of one block of rows runs on
      // this thread alone, exactly as the one-thread run does.
      const onPool = job.engine === "ours-all" && poolThreads(n, availableParallelism()) > 1;
      if (!onPool) {
        await warmUp();
        const t0 = performance.now();
        const ourStart = kmeansPlusPlus(data, n, d, k, seededRandom(job.seed));
        const t1 = performance.now();
        const fit = lloyd(data, n, d, ourStart, { tolerance: 0, maxIterations: MAX_ITERATIONS });
        const t2 = performance.now();
        if (hash(ourStart.flat()) !== hash(start.flat())) throw new Error("the start differs from the parent's");
        if (job.labelsOut) writeFileSync(job.labelsOut, new Uint8Array(fit.finalLabels.buffer));
        return done({
          startMs: t1 - t0, fitMs: t2 - t1, iterations: fit.iterations, inertia: fit.inertia,
          labelsHash: hash(fit.labels), finalLabelsHash: hash(fit.finalLabels), centroidsHash: hash(fit.centroids.flat()),
          ...(job.engine === "ours-all" ? { threads: 1, poolMs: 0 } : {}),
        });
      }
      // A pool of every core (poolThreads), started and warmed up before the timed run, as
      // scikit-learn's warm-up starts its OpenMP threads. Its start-up is printed, not timed; the CLI
      // starts a pool only for a job whose fits repay it (defaultKMeansThreads).
      const p0 = performance.now();
      const pool = await openKMeansPool(data, n, d);
      const poolMs = performance.now() - p0;
      try {
        await warmUp();
        // Whole fits up to 100k rows (the workers' JIT sees as many iterations as this thread's
        // warm-up), 10 iterations above (plenty of rows per iteration already).
        const warmIterations = n <= 100_000 ? MAX_ITERATIONS : 10;
        await warmUpFits((w) => pool.lloyd(kmeansPlusPlus(data, n, d, k, seededRandom(w)), { tolerance: 0, maxIterations: warmIterations }));
        const t0 = performance.now();
        const ourStart = kmeansPlusPlus(data, n, d, k, seededRandom(job.seed));
        const t1 = performance.now();
        const fit = await pool.lloyd(ourStart, { tolerance: 0, maxIterations: MAX_ITERATIONS });
        const t2 = performance.now();
        if (hash(ourStart.flat()) !== hash(start.flat())) throw new Error("the start differs from the parent's");
        return done({
          startMs: t1 - t0, fitMs: t2 - t1, iterations: fit.iterations, inertia: fit.inertia,
          labelsHash: hash(fit.labels), finalLabelsHash: hash(fit.finalLabels), centroidsHash: hash(fit.centroids.flat()), threads: pool.threads, poolMs,
        });
      } finally {
        await pool.close();
      }
    }
    case "mini-batch": {
      miniBatchKMeans(data.subarray(0, warm * d), warm, d, { k, seed: 1, batchSize: MINI_BATCH });
      const t0 = performance.now();
      const fit = miniBatchKMeans(data, n, d, { k, seed: job.seed, batchSize: MINI_BATCH });
      return done({ fitMs: performance.now() - t0, iterations: fit.steps, steps: fit.steps, batchSize: fit.batchSize, inertia: fit.inertia });
    }
    case "ml-start": {
      mlKmeans(rows(warm), k, { initialization: start.map((c) => [...c]), maxIterations: MAX_ITERATIONS, tolerance: 0 });
      // Counted in the fit: ml-kmeans needs the rows as arrays.
      const t0 = performance.now();
      const fit = mlKmeans(rows(n), k, { initialization: start.map((c) => [...c]), maxIterations: MAX_ITERATIONS, tolerance: 0 });
      const t1 = performance.now();
      let inertia = 0;
      for (let i = 0; i < n; i++) {
        let best = Infinity;
        for (const c of fit.centroids) {
          let s = 0;
          for (let t = 0; t < d; t++) s += (data[i * d + t] - c[t]) ** 2;
          if (s < best) best = s;
        }
        inertia += best;
      }
      return done({ fitMs: t1 - t0, iterations: fit.iterations, inertia, labelsHash: hash(fit.clusters), centroidsHash: hash(fit.centroids.flat()) });
    }
    case "ml-default": {
      mlKmeans(rows(warm), k, { seed: job.seed });
      const t0 = performance.now();
      const fit = mlKmeans(rows(n), k, { seed: job.seed });
      const t1 = performance.now();
      let inertia = 0;
      for (let i = 0; i < n; i++) {
        const c = fit.centroids[fit.clusters[i]];
        for (let t = 0; t < d; t++) inertia += (data[i * d + t] - c[t]) ** 2;
      }
      return done({ fitMs: t1 - t0, iterations: fit.iterations, inertia });
    }
    case "silhouette": {
      const labels = new Int32Array(readFileSync(job.labels!).buffer.slice(0));
      // Warmed up as the fits are (on the first 2,000 rows), so the timed run is optimised code.
      await warmUpFits(() => silhouette(data, Math.min(n, 2000), d, labels, k, { sampleSize: 2000 }));
      const t0 = performance.now();
      const s = silhouette(data, n, d, labels, k, { sampleSize: n });
      return done({ fitMs: performance.now() - t0, value: s.score });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// scikit-learn

const PYTHON_SCRIPT = String.raw`
import json, os, resource, sys, time
import numpy as np
def rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
job = json.loads(sys.argv[1])
n, d, k = job["n"], job["d"], job["k"]
X = np.fromfile(job["data"], dtype="<f8").reshape(n, d)
init = np.fromfile(job["start"], dtype="<f8").reshape(k, d)
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits
out = {"version": sklearn.__version__}
from threadpoolctl import threadpool_info
with threadpool_limits(job.get("threads")):
    out["threads"] = max([p["num_threads"] for p in threadpool_info() if p["user_api"] == "openmp"] or [1])
    warm = min(n, 10000)
    if job["engine"] == "sklearn":
        KMeans(n_clusters=k, init=X[:k].copy(), n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(X[:warm])
        out["baseRssMB"] = rss_mb()
        km = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=job["maxIterations"])
        t = time.perf_counter(); km.fit(X); out["fitMs"] = (time.perf_counter() - t) * 1000
        out["inertia"] = float(km.inertia_); out["iterations"] = int(km.n_iter_)
        if job.get("labels"):
            ours = np.fromfile(job["labels"], dtype="<i4")
            out["agreement"] = float((ours == km.labels_).mean())
    else:
        labels = np.fromfile(job["labels"], dtype="<i4")
        silhouette_score(X[:2000], labels[:2000])
        out["baseRssMB"] = rss_mb()
        t = time.perf_counter(); out["value"] = float(silhouette_score(X, labels)); out["fitMs"] = (time.perf_counter() - t) * 1000
out["peakRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
`;

function sklearnAvailable(): boolean {
  return existsSync(PYTHON) && spawnSync(PYTHON, ["-c", "import sklearn, numpy, threadpoolctl"], { stdio: "ignore" }).status === 0;
}

function ensureSklearn(): boolean {
  if (sklearnAvailable()) return true;
  const install = "apt-get update && apt-get install -y python3-sklearn";
  if (process.getuid?.() === 0 && existsSync("/usr/bin/apt-get")) {
    console.log(`scikit-learn is missing for ${PYTHON}; installing Debian's python3-sklearn: ${install}`);
    spawnSync("sh", ["-c", install], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    if (sklearnAvailable()) return true;
  }
  console.log(
    `scikit-learn is missing for ${PYTHON}: install Debian's package with \`sudo ${install}\` ` +
      "(the pyenv or venv python3 earlier on PATH is not used). Continuing without the scikit-learn comparison.",
  );
  return false;
}

// ---------------------------------------------------------------------------------------------
// Parent

function runProcess(command: string, args: string[], env: Record<string, string> = {}, unset: string[] = []): Promise<string> {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env };
  for (const name of unset) delete childEnv[name];
  return new Promise((ok, fail) => {
    const p = spawn(command, args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (b: Buffer) => (out += b));
    p.stderr.on("data", (b: Buffer) => (err += b));
    p.on("error", fail);
    p.on("close", (code) => (code === 0 ? ok(out) : fail(new Error(`${command} ${args.slice(0, 3).join(" ")} … exited ${code}: ${err.trim().slice(-2000)}`))));
  });
}

/**
 * V8 flags of our measuring processes: none, V8's defaults, as the CLI runs. V8 optimises hot
 * functions on a background thread and runs the slower code until that is done; on a loaded machine
 * that thread once lagged behind a warm-up of three fits (Online Retail, load average 8: 37–387 ms
 * instead of 10 ms), which is why the warm-up also lasts WARM_UP_MS. Compiling on the main thread
 * instead (--no-concurrent-recompilation, used before) put the 30 ms compile of a function run once
 * an iteration into the timed fit, on this thread or a worker: 100k rows on two threads took
 * 110–125 ms that way against 81–100 ms.
 */
const NODE_FLAGS: string[] = [];

async function measureNode(job: Job): Promise<Measurement> {
  const out = await runProcess(process.execPath, [...NODE_FLAGS, "--import", "tsx", SCRIPT, "--child", JSON.stringify(job)]);
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/** scikit-learn on one thread (OMP_NUM_THREADS=1 and threadpoolctl's limit), or on all (neither: OpenMP uses every core). */
async function measurePython(job: Record<string, unknown>, threads: "one" | "all" = "one"): Promise<Measurement & { agreement?: number; version: string; threads?: number }> {
  const env: Record<string, string> = threads === "one" ? ONE_THREAD : {};
  const clean = threads === "one" ? undefined : Object.keys(ONE_THREAD);
  const out = await runProcess(PYTHON, ["-c", PYTHON_SCRIPT, JSON.stringify({ ...job, maxIterations: MAX_ITERATIONS, threads: threads === "one" ? 1 : null })], env, clean);
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/** Planted clusters: 8 centres ~ N(0, 2.5²) per feature, unequal sizes, unit noise: overlapping, like customers. */
async function syntheticData(n: number, seed: number): Promise<Float64Array> {
  const { seededRandom, randomNormal, pick } = await import("../src/lib/stats/random.js");
  const random = seededRandom(seed);
  const centres = Array.from({ length: K }, () => Array.from({ length: D }, () => randomNormal(random, 0, 2.5)));
  const weights = [0.25, 0.2, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04];
  const ids = [...Array(K).keys()];
  const data = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = pick(random, ids, weights);
    for (let t = 0; t < D; t++) data[i * D + t] = randomNormal(random, centres[c][t], 1);
  }
  return data;
}

/** The Online Retail export's customer features (6 of them, skewed ones logged, z-scored), as the workbench prepares them. */
async function retailData(dir: string): Promise<Float64Array | null> {
  if (!existsSync(RETAIL)) {
    console.log(`skipping Online Retail: ${RETAIL} is absent`);
    return null;
  }
  const { runPipeline } = await import("../pipeline/run.js");
  const { readColumns } = await import("../pipeline/parquet.js");
  const { openDatabase } = await import("../pipeline/duckdb.js");
  const { prepare } = await import("../src/lib/cluster/prepare.js");
  const config = join(dir, "retail.config.json");
  writeFileSync(config, JSON.stringify({ inputs: { transactions: RETAIL, customers: null } }));
  const t = performance.now();
  const outputs = await runPipeline(config);
  const features = ["recency_days", "frequency", "monetary", "tenure_days", "avg_order_value", "distinct_products"];
  const db = await openDatabase();
  try {
    const columns = (await readColumns(db, outputs.features, features)) as Record<string, number[]>;
    console.log(`Online Retail features: ${columns.recency_days.length} customers (pipeline ${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return prepare(columns, features, { scaling: "zscore", log: ["frequency", "monetary", "avg_order_value", "distinct_products"] }).data;
  } finally {
    db.close();
  }
}

/**
 * Mini-batch k-means through the real CLI at a scale full k-means is not meant for: a generated
 * features file of `rows` customers (8 planted groups in 6 features, hash-seeded, so the same file
 * every time), clustered by `cluster --mini-batch` under /usr/bin/time -v for the wall time and
 * peak resident memory of the whole command (reading the file, preparing, fitting, measures,
 * writing the assignments).
 */
async function cliAtScale(rows: number, dir: string): Promise<string> {
  const { openDatabase } = await import("../pipeline/duckdb.js");
  const { quoteLiteral } = await import("../src/lib/io/sql.js");
  const file = join(dir, `features-${rows}.parquet`);
  const t = performance.now();
  const db = await openDatabase();
  try {
    // u(i, t, j): a uniform in (0, 1) from DuckDB's hash; Box–Muller makes unit normal noise around the group's centre.
    const u = (j: number, f: number) => `((hash(i, ${f}, ${j}) % 1000000007)::DOUBLE + 0.5) / 1000000007`;
    const feature = (f: number) =>
      `((((i % 8) * 37 + ${f} * 11) % 13) - 6) * 0.9 + sqrt(-2 * ln(${u(1, f)})) * cos(2 * pi() * ${u(2, f)}) AS f${f}`;
    await db.run(
      `COPY (SELECT 'C' || i AS customer_id, ${[0, 1, 2, 3, 4, 5].map(feature).join(", ")} FROM range(${rows}) r(i)) TO ${quoteLiteral(file)} (FORMAT parquet)`,
    );
  } finally {
    db.close();
  }
  const generated = (performance.now() - t) / 1000;
  const out = join(dir, "cli-out");
  const args = ["-v", process.execPath, "--import", "tsx", join(ROOT, "pipeline", "cli.ts"), "cluster", "--features", file, "--columns", "f0,f1,f2,f3,f4,f5", "--k", String(K), "--mini-batch", "--out", out];
  const run = spawnSync("/usr/bin/time", args, { cwd: ROOT, encoding: "utf-8" });
  if (run.status !== 0) throw new Error(`cluster --mini-batch at ${rows} rows failed: ${run.stderr.trim().slice(-2000)}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)/.exec(run.stderr)?.[1] ?? "?";
  const peakKB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] ?? NaN);
  const line = run.stderr.split("\n").find((l) => l.startsWith("cluster: k = ")) ?? "";
  rmSync(file, { force: true });
  return (
    `CLI, mini-batch k-means at ${rows.toLocaleString("en-US")} generated customers (file made in ${generated.toFixed(0)} s): ` +
    `wall time ${wall}, peak RSS ${(peakKB / 2 ** 20).toFixed(2)} GiB (/usr/bin/time -v)\n  ${line.replace(/ → .*/, "")}`
  );
}

interface Row {
  dataset: string;
  n: number;
  engine: string;
  /** "one" or "all": the scikit-learn row of the same threads is the reference of the ratio. */
  threads: "one" | "all" | null;
  startMs: number | null;
  fitMs: number;
  totalMs: number;
  iterations: number | null;
  inertia: number | null;
  peakRssMB: number;
  deltaRssMB: number;
  note: string;
}

/** The median run by total time (start + fit); with an even count, the faster of the middle two. */
function median<T extends { fitMs: number; startMs?: number }>(runs: T[]): T {
  const sorted = [...runs].sort((a, b) => (a.startMs ?? 0) + a.fitMs - ((b.startMs ?? 0) + b.fitMs));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf-8").split(" ").slice(0, 3).join(", ");
  } catch {
    return "unknown";
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      child: { type: "string" },
      sizes: { type: "string", default: "10000,100000,1000000" },
      repeats: { type: "string", default: "3" },
      "no-ml-defaults": { type: "boolean", default: false },
      "no-ml": { type: "boolean", default: false },
      "no-retail": { type: "boolean", default: false },
      "no-mini-batch": { type: "boolean", default: false },
      "cli-rows": { type: "string", default: "10000000" },
      json: { type: "string" },
    },
  });
  if (values.child) {
    process.stdout.write(JSON.stringify(await child(JSON.parse(values.child))) + "\n");
    return;
  }
  const sizes = values.sizes!.split(",").map(Number);
  const repeats = Number(values.repeats);
  const sklearn = ensureSklearn();
  const dir = mkdtempSync(join(tmpdir(), "segment-bench-"));
  const { kmeansPlusPlus } = await import("../src/lib/cluster/kmeans.js");
  const { seededRandom } = await import("../src/lib/stats/random.js");
  const cores = availableParallelism();
  const rows: Row[] = [];
  const checks: string[] = [];
  const summary: string[] = [];
  let silhouetteLine = "";
  let cliLine = "";
  let silhouetteSeconds: number | null = null;
  let sklearnVersion = "";
  const loadBefore = loadAverage();
  const datasets: { name: string; make: () => Promise<Float64Array | null> }[] = [
    ...sizes.map((n) => ({ name: `synthetic ${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`}`, make: () => syntheticData(n, 7) })),
    ...(values["no-retail"] ? [] : [{ name: "Online Retail", make: () => retailData(dir) }]),
  ];
  const ratios: { dataset: string; threads: "one" | "all"; ratio: number }[] = [];
  try {
    console.log(
      `k-means benchmark: d = ${D}, k = ${K}, seed ${SEED}, median of ${repeats} runs; node ${process.version}, ${cores} cores; ` +
        `load average ${loadBefore}${sklearn ? "" : "; no scikit-learn"}\n`,
    );
    for (const dataset of datasets) {
      const data = await dataset.make();
      if (!data) continue;
      const n = data.length / D;
      const dataFile = join(dir, "data.f64");
      const startFile = join(dir, "start.f64");
      const labelsFile = join(dir, "labels.i32");
      writeFileSync(dataFile, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      const start = kmeansPlusPlus(data, n, D, K, seededRandom(SEED));
      writeFileSync(startFile, new Uint8Array(Float64Array.from(start.flat()).buffer));
      const job: Job = { engine: "ours", data: dataFile, start: startFile, n, d: D, k: K, seed: SEED };
      const skJob = { engine: "sklearn", data: dataFile, start: startFile, n, d: D, k: K, labels: labelsFile };
      process.stdout.write(`${dataset.name} (n = ${n}): `);
      const ours: Measurement[] = [];
      const oursAll: Measurement[] = [];
      const sk: Awaited<ReturnType<typeof measurePython>>[] = [];
      const skAll: Awaited<ReturnType<typeof measurePython>>[] = [];
      // Engines alternate within each repeat, so a burst of load from elsewhere hits all of them.
      for (let r = 0; r < repeats; r++) {
        ours.push(await measureNode({ ...job, labelsOut: labelsFile }));
        if (sklearn) sk.push(await measurePython(skJob, "one"));
        oursAll.push(await measureNode({ ...job, engine: "ours-all" }));
        if (sklearn) skAll.push(await measurePython(skJob, "all"));
        process.stdout.write(".");
      }
      const o = median(ours);
      const oa = median(oursAll);
      const add = (engine: string, threads: Row["threads"], m: Measurement, note = "") =>
        rows.push({
          dataset: dataset.name,
          n,
          engine,
          threads,
          startMs: m.startMs ?? null,
          fitMs: m.fitMs,
          totalMs: (m.startMs ?? 0) + m.fitMs,
          iterations: m.iterations ?? null,
          inertia: m.inertia ?? null,
          peakRssMB: m.peakRssMB,
          deltaRssMB: m.peakRssMB - m.baseRssMB,
          note,
        });
      const identical = oursAll.every((m) => m.labelsHash === o.labelsHash && m.finalLabelsHash === o.finalLabelsHash && m.centroidsHash === o.centroidsHash && m.iterations === o.iterations && m.inertia === o.inertia);
      add("ours, 1 thread (k-means++ + kernel)", "one", o);
      add(`ours, ${oa.threads} threads (k-means++ + kernel)`, "all", oa, `pool start-up ${ms(oa.poolMs ?? null)} ms, before timing; result ${identical ? "identical to 1 thread" : "DIFFERS from 1 thread"}`);
      checks.push(`${dataset.name}: ours on ${oa.threads} threads vs 1 thread: ${identical ? "same labels, centroids, iterations and inertia, bit for bit" : "DIFFERENT"}`);
      let s: (typeof sk)[number] | undefined;
      let sa: (typeof sk)[number] | undefined;
      if (sklearn) {
        s = median(sk);
        sa = median(skAll);
        sklearnVersion = s.version;
        add(`scikit-learn ${s.version} (lloyd, 1 thread, given our start)`, "one", s, `label agreement with ours ${(100 * (s.agreement ?? NaN)).toFixed(3)}%`);
        add(`scikit-learn ${sa.version} (lloyd, ${sa.threads} threads, given our start)`, "all", sa, `label agreement with ours ${(100 * (sa.agreement ?? NaN)).toFixed(3)}%`);
        const r1 = ((o.startMs ?? 0) + o.fitMs) / s.fitMs;
        const rAll = ((oa.startMs ?? 0) + oa.fitMs) / sa.fitMs;
        ratios.push({ dataset: dataset.name, threads: "one", ratio: r1 }, { dataset: dataset.name, threads: "all", ratio: rAll });
        checks.push(
          `${dataset.name}: ours / scikit-learn time ${r1.toFixed(2)} on 1 thread, ${rAll.toFixed(2)} on ${oa.threads} threads; ` +
            `inertia difference ${((100 * (o.inertia! - s.inertia!)) / s.inertia!).toExponential(2)}%, iterations ${o.iterations} vs ${s.iterations}`,
        );
      }
      let mb: Measurement | undefined;
      if (!values["no-mini-batch"]) {
        mb = await measureNode({ ...job, engine: "mini-batch" });
        add(`ours, mini-batch k-means (batches of ${mb.batchSize}, 1 thread)`, null, mb, `${mb.steps} steps; inertia ${(100 * (mb.inertia! / o.inertia! - 1)).toFixed(2)}% from full k-means's`);
      }
      if (!values["no-ml"]) {
        const ml = await measureNode({ ...job, engine: "ml-start" });
        const same = ml.labelsHash === o.labelsHash && ml.centroidsHash === o.centroidsHash && ml.iterations === o.iterations;
        add("ml-kmeans 7.0.1 (given our start)", "one", ml, `labels and centroids ${same ? "identical to ours" : "DIFFER from ours"}`);
        checks.push(`${dataset.name}: our kernel vs ml-kmeans from the same start: ${same ? "same labels, centroids (bit for bit) and iterations" : "DIFFERENT"}`);
        if (!values["no-ml-defaults"]) add("ml-kmeans 7.0.1 defaults (its k-means++)", "one", await measureNode({ ...job, engine: "ml-default" }), "maxIterations 100, tolerance 1e-6");
        process.stdout.write(".");
      }
      process.stdout.write("\n");
      const total = (m: Measurement) => (m.startMs ?? 0) + m.fitMs;
      summary.push(
        `| ${dataset.name} | ${ms(total(o))} | ${s ? ms(s.fitMs) : ""} | ${s ? `**${(total(o) / s.fitMs).toFixed(2)}**` : ""} | ` +
          `${ms(total(oa))}${(oa.threads ?? cores) < cores ? ` (${oa.threads} thread${oa.threads === 1 ? "" : "s"}: too few rows to share)` : ""} | ${sa ? ms(sa.fitMs) : ""} | ${sa ? `**${(total(oa) / sa.fitMs).toFixed(2)}**` : ""} | ${o.iterations} | ` +
          (mb ? `${ms(mb.fitMs)} ms, ${mb.steps} steps, inertia ${(100 * (mb.inertia! / o.inertia! - 1)).toFixed(1)}% |` : "|"),
      );
      if (n === SILHOUETTE_ROWS) {
        const runs: Measurement[] = [];
        for (let r = 0; r < 3; r++) runs.push(await measureNode({ ...job, engine: "silhouette", labels: labelsFile }));
        const ourSil = median(runs);
        silhouetteSeconds = ourSil.fitMs / 1000;
        const skSil = sklearn ? await measurePython({ engine: "silhouette", data: dataFile, start: startFile, n, d: D, k: K, labels: labelsFile }) : null;
        silhouetteLine =
          `silhouette of ${n} points (exact, d = ${D}, k = ${K}): ours ${(ourSil.fitMs / 1000).toFixed(3)} s (value ${ourSil.value!.toFixed(6)})` +
          (skSil ? `; scikit-learn silhouette_score ${(skSil.fitMs / 1000).toFixed(3)} s (value ${skSil.value!.toFixed(6)})` : "");
      }
    }
    if (Number(values["cli-rows"]) > 0 && !values["no-mini-batch"]) {
      if (existsSync("/usr/bin/time")) cliLine = await cliAtScale(Number(values["cli-rows"]), dir);
      else cliLine = "skipping the CLI run at scale: /usr/bin/time is missing (Debian: apt-get install -y time)";
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = loadAverage();
  const table = [
    "| data | n | engine | start ms | fit ms | total ms | ratio to scikit-learn, same threads | iterations | ms / iteration | inertia | peak RSS MB (Δ) | note |",
    "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ...rows.map((r) => {
      const reference = rows.find((x) => x.dataset === r.dataset && x.engine.startsWith("scikit-learn") && x.threads === (r.threads ?? "one"));
      const ratio = reference ? (r.totalMs / reference.totalMs).toFixed(2) : "";
      return `| ${r.dataset} | ${r.n} | ${r.engine} | ${ms(r.startMs)} | ${ms(r.fitMs)} | ${ms(r.totalMs)} | ${ratio} | ${r.iterations ?? ""} | ${r.iterations ? ms(r.fitMs / r.iterations) : ""} | ${r.inertia?.toPrecision(10) ?? ""} | ${r.peakRssMB.toFixed(0)} (${r.deltaRssMB.toFixed(0)}) | ${r.note} |`;
    }),
  ].join("\n");
  console.log(`\n${table}\n`);
  for (const line of checks) console.log(line);
  if (silhouetteLine) console.log(silhouetteLine);
  if (cliLine) console.log(cliLine);
  console.log(
    `\nSummary (median of ${repeats} runs, ${cores} cores, load average ${loadBefore} before and ${loadAfter} after; ratio = our total ÷ scikit-learn's fit):\n\n` +
      `| data | ours 1 thread ms | scikit-learn 1 thread ms | ratio | ours, every core ms | scikit-learn ${cores} threads ms | ratio | iterations | mini-batch (1,024 rows a step) |\n` +
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n" +
      summary.join("\n"),
  );
  // The targets: no slower than scikit-learn on every data set (every synthetic size and Online
  // Retail), on one thread and on all; inertia within 0.1% of its inertia from the same start; the
  // silhouette of 10,000 points within 0.3 s.
  const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
  for (const threads of ["one", "all"] as const) {
    const these = ratios.filter((r) => r.threads === threads);
    if (!these.length) continue;
    const worst = Math.max(...these.map((r) => r.ratio));
    console.log(
      `\ntarget, every data set, ${threads === "one" ? "1 thread" : `every core (${cores} threads; ours on a running pool, one thread per block of rows at most)`}: time ratio to scikit-learn ≤ 1.0: ` +
        `${these.map((r) => `${r.dataset.replace("synthetic ", "")} ${r.ratio.toFixed(2)}`).join(", ")}, ${verdict(worst <= 1)}`,
    );
  }
  const inertiaGaps = rows
    .filter((r) => r.engine.startsWith("ours, 1 thread"))
    .map((r) => {
      const s = rows.find((x) => x.dataset === r.dataset && x.engine.startsWith("scikit-learn") && x.threads === "one");
      return s && r.inertia !== null && s.inertia !== null ? Math.abs(r.inertia - s.inertia) / s.inertia : null;
    })
    .filter((x): x is number => x !== null);
  if (inertiaGaps.length) {
    const worst = Math.max(...inertiaGaps);
    console.log(`target, every data set: inertia within 0.1% of scikit-learn's from the same start: largest gap ${(100 * worst).toExponential(2)}%, ${verdict(worst <= 0.001)}`);
  }
  if (silhouetteSeconds !== null) console.log(`target: silhouette of 10,000 points ≤ 0.3 s: ${silhouetteSeconds.toFixed(3)} s, ${verdict(silhouetteSeconds <= 0.3)}`);
  console.log(
    `\nTimes: median of the repeats, each in a fresh process after a warm-up (ours: fits on the first 10k rows, at least ${WARM_UPS} and for at least ${WARM_UP_MS} ms, for the JIT;` +
      ` on ${cores} threads also fits on the worker pool as long, whole up to 100k rows, 10 iterations above; V8 flags: ${NODE_FLAGS.length ? NODE_FLAGS.join(" ") : "its defaults"};` +
      ` on ${cores} threads ours runs on a pool started before timing (its start-up printed per row, as scikit-learn's OpenMP start is not timed either; the CLI starts one for jobs of ${POOL_WORTH_VALUES.toLocaleString("en-US")} values × fits or more);` +
      ` scikit-learn: one fit on 10k rows, which starts its OpenMP threads). Ratio: our total time (k-means++ start` +
      " included) over scikit-learn's fit time (scikit-learn is given our start, so its time has no start in it). Peak RSS: the process's" +
      " maximum resident memory; Δ: above the resident memory with the data loaded. Load average: other work on the machine at the time.",
  );
  if (values.json) await writeFile(values.json, JSON.stringify({ rows, checks, summary, silhouette: silhouetteLine, cli: cliLine, sklearn: sklearnVersion, load: [loadBefore, loadAfter] }, null, 2) + "\n");
}

function ms(x: number | null): string {
  return x === null ? "" : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString("en-US");
}

await main();
