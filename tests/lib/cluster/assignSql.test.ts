// Assignment SQL run on the engines (native DuckDB and a real PostgreSQL server), never compared as
// text: over a seeded features table and the Online Retail features, every customer's prepared
// values, segment and squared distance equal applyModel + assign bit for bit; a customer with a
// missing or non-finite feature gets NULL and its reason; ties go to the lowest segment number; blanks
// are filled or excluded as the model's own missing plan says, row for row as `cluster --model` does.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { buildFeatures, featureOptions } from "../../../pipeline/features/build.js";
import { ingest } from "../../../pipeline/ingest/ingest.js";
import { openPostgres, type PostgresDatabase } from "../../../pipeline/postgres.js";
import { assignWithModel, runCluster } from "../../../pipeline/segments/cluster.js";
import { assignmentSql, preparedSql, type AssignmentModel, type SqlDialect } from "../../../src/lib/cluster/assignSql.js";
import { missingReason } from "../../../src/lib/cluster/missing.js";
import { assign, kmeans } from "../../../src/lib/cluster/kmeans.js";
import { applyModel, prepare, signedLog1p, type PrepareOptions } from "../../../src/lib/cluster/prepare.js";
import { parseConfig } from "../../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../../src/lib/io/sql.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";
import { usePostgres } from "../../support/postgres.js";

const postgres = usePostgres();

interface Engine {
  dialect: SqlDialect;
  all<T>(sql: string): Promise<T[]>;
  run(sql: string): Promise<void>;
}

type ColumnType = "text" | "integer" | "bigint" | "double";
type Value = number | string | null;

function sqlType(dialect: SqlDialect, type: ColumnType): string {
  return type === "double" ? (dialect === "duckdb" ? "DOUBLE" : "DOUBLE PRECISION") : type.toUpperCase();
}

function literal(dialect: SqlDialect, type: ColumnType, value: Value): string {
  if (value === null) return "NULL";
  if (type === "text") return quoteLiteral(String(value));
  return `CAST(${quoteLiteral(Object.is(value, -0) ? "-0" : String(value))} AS ${sqlType(dialect, type)})`;
}

/** Creates table `name` with the columns in order, and inserts the rows as exact literals. */
async function loadTable(engine: Engine, name: string, columns: Record<string, { type: ColumnType; values: ArrayLike<Value> }>): Promise<void> {
  const names = Object.keys(columns);
  const n = columns[names[0]].values.length;
  await engine.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
  await engine.run(`CREATE TABLE ${quoteIdent(name)} (${names.map((c) => `${quoteIdent(c)} ${sqlType(engine.dialect, columns[c].type)}`).join(", ")})`);
  for (let start = 0; start < n; start += 1000) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      rows.push(`(${names.map((c) => literal(engine.dialect, columns[c].type, columns[c].values[i])).join(", ")})`);
    }
    await engine.run(`INSERT INTO ${quoteIdent(name)} VALUES ${rows.join(", ")}`);
  }
}

/** What applyModel + assign give for the rows: labels and the squared distance to the nearest centroid (as kmeans.ts sums it). */
function expected(model: AssignmentModel, columns: Record<string, ArrayLike<number>>) {
  const prepared = applyModel({ scaling: "zscore", features: [...model.features] }, columns);
  const { labels } = assign(prepared.data, prepared.n, prepared.d, model.centroids);
  const distances = Array.from(labels, (c, i) => {
    let s = 0;
    for (let j = 0; j < prepared.d; j++) {
      const diff = prepared.data[i * prepared.d + j] - model.centroids[c][j];
      s += diff * diff;
    }
    return s;
  });
  return { data: prepared.data, d: prepared.d, labels, distances };
}

/** Fits k-means on columns the way the cluster command does; returns the model the SQL compiles. */
function fit(columns: Record<string, ArrayLike<number>>, features: string[], options: PrepareOptions, k: number, seed = 7): AssignmentModel {
  const prepared = prepare(columns, features, options);
  const { centroids } = kmeans(prepared.data, prepared.n, prepared.d, { k, seed, nInit: 2 });
  return { features: prepared.model.features, centroids };
}

interface AssignedRow {
  customer_id: string;
  cluster: number | null;
  squared_distance: number | null;
  not_segmented: string | null;
}

/** Why a row gets no segment when blanks are excluded: its infinite features, else its blank ones (null: none). */
function expectedReason(model: AssignmentModel, columns: Record<string, ArrayLike<number>>, i: number): string | null {
  const infinite = model.features.filter((f) => Math.abs(columns[f.name][i]) === Infinity).map((f) => f.name);
  if (infinite.length) return missingReason(infinite).replace(/^missing /, "infinite ");
  const blank = model.features.filter((f) => Number.isNaN(columns[f.name][i])).map((f) => f.name);
  return blank.length ? missingReason(blank) : null;
}

/**
 * Runs both queries on the engine and lists every customer whose result differs from JavaScript's.
 * `columns` holds every row of the table (NaN for a NULL): a row with a model feature that is not
 * finite must come back NULL, the others as applyModel + assign give them.
 */
async function differences(engine: Engine, model: AssignmentModel, table: string, ids: readonly string[], columns: Record<string, ArrayLike<number>>) {
  const usable = ids.map((_, i) => model.features.every((f) => Number.isFinite(columns[f.name][i])));
  const kept = ids.filter((_, i) => usable[i]);
  const keptColumns = Object.fromEntries(model.features.map((f) => [f.name, Float64Array.from(ids.flatMap((_, i) => (usable[i] ? [columns[f.name][i]] : [])))]));
  const want = expected(model, keptColumns);
  const index = new Map(kept.map((id, i) => [id, i]));
  const row = new Map(ids.map((id, i) => [id, i]));
  const out: string[] = [];
  const prepared = await engine.all<Record<string, unknown>>(preparedSql(model, { table, dialect: engine.dialect }));
  const assigned = await engine.all<AssignedRow>(assignmentSql(model, { table, dialect: engine.dialect }));
  expect(prepared).toHaveLength(ids.length);
  expect(assigned).toHaveLength(ids.length);
  for (const row of prepared) {
    const i = index.get(String(row.customer_id));
    model.features.forEach((f, j) => {
      const value = row[f.name];
      if (i === undefined) {
        if (value !== null) out.push(`${row.customer_id} ${f.name}: ${value}, expected NULL`);
      } else if (value !== want.data[i * want.d + j]) {
        out.push(`${row.customer_id} ${f.name}: ${value}, expected ${want.data[i * want.d + j]}`);
      }
    });
  }
  for (const r of assigned) {
    const i = index.get(r.customer_id);
    const reason = expectedReason(model, columns, row.get(r.customer_id)!);
    if (r.not_segmented !== reason) out.push(`${r.customer_id}: not_segmented ${JSON.stringify(r.not_segmented)}, expected ${JSON.stringify(reason)}`);
    if (i === undefined) {
      if (r.cluster !== null || r.squared_distance !== null) out.push(`${r.customer_id}: segment ${r.cluster}, expected NULL`);
    } else if (r.cluster !== want.labels[i] || r.squared_distance !== want.distances[i]) {
      out.push(`${r.customer_id}: segment ${r.cluster} at ${r.squared_distance}, expected ${want.labels[i]} at ${want.distances[i]}`);
    }
  }
  return { nulls: ids.length - kept.length, differences: out.slice(0, 10) };
}

// Seeded customers: recency and frequency as integers, spend log-normal, net revenue of either sign
// (returns), a few tiny and huge values; plus customers with a missing or non-finite feature.
const N = 3000;
const random = seededRandom(2024);
const ids = Array.from({ length: N }, (_, i) => `C${String(i).padStart(5, "0")}`);
const good = {
  recency_days: Float64Array.from({ length: N }, (_, i) => Math.round(Math.max(0, randomNormal(random, [20, 150, 300][i % 3], 40)))),
  frequency: Float64Array.from({ length: N }, (_, i) => Math.max(1, Math.round(Math.exp(randomNormal(random, [2, 1, 0.2][i % 3], 0.5))))),
  monetary: Float64Array.from({ length: N }, (_, i) => Math.exp(randomNormal(random, [7, 6, 4.5][i % 3], 0.8))),
  net: Float64Array.from({ length: N }, () => (random() < 0.15 ? -1 : 1) * Math.exp(randomNormal(random, 4, 3))),
};
good.net[0] = 0;
good.net[1] = 1e-300;
good.net[2] = -3e-18;
good.net[3] = 2 ** 60;
// Customers with one feature NULL or not finite (the others 1): NULL wherever the model uses that feature.
const BAD: Record<string, Partial<Record<keyof typeof good, number | null>>> = {
  X_null_frequency: { frequency: null },
  X_null_recency: { recency_days: null },
  X_nan: { monetary: NaN },
  X_inf: { net: Infinity },
  X_neginf: { monetary: -Infinity },
};
const allIds = [...ids, ...Object.keys(BAD)];
const column = (name: keyof typeof good): Value[] => [...Array.from(good[name]), ...Object.values(BAD).map((bad) => (name in bad ? bad[name]! : 1))];
const numbers = (name: keyof typeof good) => Float64Array.from(column(name), (v) => (v === null ? NaN : Number(v)));
const allColumns = { recency_days: numbers("recency_days"), frequency: numbers("frequency"), monetary: numbers("monetary"), net: numbers("net") };
function tableColumns(): Record<string, { type: ColumnType; values: Value[] }> {
  return {
    customer_id: { type: "text", values: allIds },
    recency_days: { type: "integer", values: column("recency_days") },
    frequency: { type: "bigint", values: column("frequency") },
    monetary: { type: "double", values: column("monetary") },
    net: { type: "double", values: column("net") },
  };
}

const MODELS: Record<string, AssignmentModel> = {
  "z-score, log frequency and spend": fit(good, ["recency_days", "frequency", "monetary"], { scaling: "zscore", log: ["frequency", "monetary"] }, 5),
  "robust, winsorized at 1–99, signed log of net revenue": fit(good, ["recency_days", "monetary", "net"], { scaling: "robust", log: ["monetary", "net"], winsorize: [1, 99] }, 4),
  "min-max, per-feature winsorizing, no log": fit(good, ["recency_days", "frequency", "net"], { scaling: "minmax", winsorize: { net: [5, 95] } }, 3),
  "no scaling, log of everything": fit(good, ["frequency", "monetary", "net"], { scaling: "none", log: ["frequency", "monetary", "net"] }, 6),
};

function engines(): { name: string; engine: () => Engine }[] {
  return [
    { name: "DuckDB", engine: () => duck },
    ...(postgres.available ? [{ name: "PostgreSQL", engine: () => pgEngine }] : []),
  ];
}

let duckDb: Database;
let pgDb: PostgresDatabase | null = null;
let duck: Engine;
let pgEngine: Engine;

beforeAll(async () => {
  duckDb = await openDatabase();
  duck = { dialect: "duckdb", all: (sql) => duckDb.all(sql), run: (sql) => duckDb.run(sql) };
  await loadTable(duck, "features", tableColumns());
  if (postgres.available) {
    const server = postgres.server();
    const db = await openPostgres(server.url, { env: server.env });
    pgDb = db;
    pgEngine = { dialect: "postgres", all: (sql) => db.all(sql), run: (sql) => db.run(sql) };
    await loadTable(pgEngine, "features", tableColumns());
  }
}, 120_000);

afterAll(async () => {
  duckDb?.close();
  await pgDb?.close();
});

describe.each(engines())("assignment SQL on $name", ({ engine }) => {
  it.each(Object.keys(MODELS))("%s: every customer's prepared values, segment and distance equal applyModel + assign", async (name) => {
    const result = await differences(engine(), MODELS[name], "features", allIds, allColumns);
    expect(result.differences).toEqual([]);
    expect(result.nulls).toBeGreaterThanOrEqual(2); // each model uses features some of the BAD customers lack
  });

  it("signed log1p equals Math.log1p bit for bit, from subnormals to 2^1000", async () => {
    const values = [0, -0, 5e-324, 1e-300, 2 ** -54, 2 ** -54 * 1.5, 2 ** -29, 2 ** -29 * 0.999, 0.41421353816986084, 0.4142135381698608, 2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 1e300, -1e300, 2 ** 1000];
    const r = seededRandom(99);
    for (let i = 0; i < 20_000; i++) values.push((r() < 0.2 ? -1 : 1) * 10 ** (r() * 44 - 22));
    for (let i = 0; i < 1200; i++) values.push(i, i / 100, 2 ** (i % 64), 2 ** (i % 64) - 1, Math.SQRT2 * 2 ** (i % 40) - 1, (1 + 2 ** -20) * 2 ** (i % 50) - 1);
    const names = values.map((_, i) => `v${i}`);
    await loadTable(engine(), "log_values", { customer_id: { type: "text", values: names }, x: { type: "double", values } });
    const model: AssignmentModel = { features: [{ name: "x", winsorize: null, clip: null, log: true, center: 0, scale: 1 }], centroids: [[0]] };
    const rows = await engine().all<{ customer_id: string; x: number }>(preparedSql(model, { table: "log_values", dialect: engine().dialect }));
    const wrong = rows.filter((row) => row.x !== signedLog1p(values[Number(row.customer_id.slice(1))])).map((row) => `${values[Number(row.customer_id.slice(1))]}: ${row.x}`);
    expect(rows).toHaveLength(values.length);
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it("ties go to the lowest segment number, as assign does", async () => {
    // Centroids 0 and 2 are the same point; x = 1 is as far from centroid 0 as from centroid 1.
    const model: AssignmentModel = { features: [{ name: "x", winsorize: null, clip: null, log: false, center: 0, scale: 1 }], centroids: [[0], [2], [0]] };
    await loadTable(engine(), "ties", { customer_id: { type: "text", values: ["a", "b", "c", "d"] }, x: { type: "double", values: [1, 0, 3, -1] } });
    const rows = await engine().all<AssignedRow>(`${assignmentSql(model, { table: "ties", dialect: engine().dialect })}`.replace(/\n$/, "") + " ORDER BY 1");
    const { labels } = assign(Float64Array.from([1, 0, 3, -1]), 4, 1, model.centroids);
    expect(Array.from(labels)).toEqual([0, 0, 1, 0]);
    expect(rows).toEqual([
      { customer_id: "a", cluster: 0, squared_distance: 1, not_segmented: null },
      { customer_id: "b", cluster: 0, squared_distance: 0, not_segmented: null },
      { customer_id: "c", cluster: 1, squared_distance: 1, not_segmented: null },
      { customer_id: "d", cluster: 0, squared_distance: 1, not_segmented: null },
    ]);
  });

  it("reads a table in a schema and passes another id column through", async () => {
    const e = engine();
    await e.run("CREATE SCHEMA IF NOT EXISTS crm");
    await e.run(`DROP TABLE IF EXISTS crm."Scored Customers"`);
    await e.run(`CREATE TABLE crm."Scored Customers" AS SELECT customer_id AS "Client Ref", recency_days, frequency, monetary FROM features`);
    const model = MODELS["z-score, log frequency and spend"];
    const rows = await e.all<Record<string, unknown>>(assignmentSql(model, { table: "crm.Scored Customers", dialect: e.dialect, id: "Client Ref" }));
    const want = expected(model, good);
    const byId = new Map(rows.map((row) => [row["Client Ref"], row.cluster]));
    expect(ids.filter((id, i) => byId.get(id) !== want.labels[i])).toEqual([]);
  });
});

describe("assignment SQL compiler", () => {
  it("names the model field it cannot use", () => {
    const base = MODELS["z-score, log frequency and spend"];
    const options = { table: "features", dialect: "duckdb" as const };
    expect(() => assignmentSql({ ...base, features: [{ ...base.features[0], scale: 0 }, ...base.features.slice(1)] }, options)).toThrow(
      'model: transforms[0] ("recency_days"): scale must be a finite non-zero number, got 0',
    );
    expect(() => assignmentSql({ ...base, centroids: [[1, 2]] }, options)).toThrow("model: centroids_prepared[0] has 2 values, expected 3 (one per feature)");
    expect(() => assignmentSql({ ...base, centroids: [[1, 2, NaN]] }, options)).toThrow("model: centroids_prepared[0][2] must be a finite number, got NaN");
    expect(() => assignmentSql(base, { ...options, table: "a..b" })).toThrow('table "a..b": expected NAME or SCHEMA.NAME');
    expect(() => assignmentSql(base, { ...options, id: "cluster" })).toThrow('id column "cluster" has the name of an output column');
    expect(() => assignmentSql(base, { ...options, id: "not_segmented" })).toThrow('id column "not_segmented" has the name of an output column');
    expect(() => assignmentSql({ ...base, missing: { strategy: "median", fill: { recency_days: 1, frequency: 2 } } }, options)).toThrow(
      'model: missing.fill["monetary"] must be a finite number (the value its blanks get under "median"), got undefined',
    );
    expect(() => assignmentSql({ ...base, missing: { strategy: "indicator", fill: {} } }, options)).toThrow('model: missing.strategy "indicator" adds indicator features');
    expect(() => assignmentSql({ ...base, missing: { strategy: "zero" } }, options)).toThrow('model: missing.strategy must be one of exclude, median, mode, got "zero"');
  });
});

const ROOT = resolve(import.meta.dirname, "../../..");
function cli(...args: string[]) {
  const run = spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf-8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("assign-sql command", () => {
  it("prints SQL that gives the cluster command's own assignments, on DuckDB and PostgreSQL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assign-sql-cli-"));
    try {
      const file = join(dir, "features.parquet");
      await duckDb.run(`COPY (SELECT * FROM features WHERE customer_id LIKE 'C%' ORDER BY customer_id) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      const fitted = cli("cluster", "--features", file, "--columns", "recency_days,frequency,monetary,net", "--k", "4", "--log", "monetary,net", "--winsorize", "1,99", "--out", join(dir, "model"));
      expect(fitted.stderr).toContain("cluster: k = 4");
      const saved = await duckDb.all<{ customer_id: string; cluster: number }>(`SELECT customer_id, cluster FROM read_parquet(${quoteLiteral(join(dir, "model", "assignments.parquet"))})`);
      const want = new Map(saved.map((r) => [r.customer_id, r.cluster]));
      expect(want.size).toBe(N);
      for (const { engine } of engines()) {
        const printed = cli("assign-sql", "--model", join(dir, "model", "model.json"), "--table", "features", "--dialect", engine().dialect);
        expect(printed.status, printed.stderr).toBe(0);
        const rows = await engine().all<AssignedRow>(printed.stdout);
        expect(rows).toHaveLength(allIds.length);
        expect(rows.filter((r) => r.cluster !== (want.get(r.customer_id) ?? null)).slice(0, 5)).toEqual([]);
      }
      writeFileSync(join(dir, "bad.json"), JSON.stringify({ transforms: [], centroids_prepared: [] }));
      const bad = cli("assign-sql", "--model", join(dir, "bad.json"), "--table", "features");
      expect(bad.status).toBe(1);
      expect(bad.stderr.trim()).toBe(`workbench: ${join(dir, "bad.json")}: no features (transforms is empty)`);
      const usage = cli("assign-sql", "--model", join(dir, "bad.json"), "--table", "features", "--dialect", "bigquery");
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain("--dialect bigquery: expected one of duckdb, postgres");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe("assign-sql with blanks", () => {
  // A tiny features table with blanks (NULL, and NaN in a double column) alone and together; the
  // same rows as a Parquet file for the cluster command and as a table in each engine.
  const n = 40;
  const r = seededRandom(11);
  const blankIds = Array.from({ length: n }, (_, i) => `B${String(i).padStart(2, "0")}`);
  const recency: Value[] = Array.from({ length: n }, (_, i) => [10, 40, 200][i % 3] + Math.floor(r() * 6) * 5);
  const frequency: Value[] = Array.from({ length: n }, (_, i) => [8, 3, 1][i % 3] + Math.floor(r() * 3));
  const monetary: Value[] = Array.from({ length: n }, (_, i) => Math.round(Math.exp(randomNormal(r, [7, 5.5, 4][i % 3], 0.4)) * 100) / 100);
  const blanks: [number, Value[], Value][] = [
    [3, recency, null],
    [7, frequency, null],
    [11, monetary, null],
    [15, monetary, NaN],
    [19, recency, null],
    [19, monetary, null],
    [23, recency, null],
    [23, frequency, null],
    [23, monetary, null],
    [27, frequency, null],
    [27, monetary, NaN],
  ];
  for (const [i, values, blank] of blanks) values[i] = blank;
  const table = {
    customer_id: { type: "text" as const, values: blankIds },
    recency_days: { type: "integer" as const, values: recency },
    frequency: { type: "bigint" as const, values: frequency },
    monetary: { type: "double" as const, values: monetary },
  };

  it.each(["exclude", "median", "mode"] as const)("--missing %s: the printed SQL gives cluster --model's segment and reason for every row, on DuckDB and PostgreSQL", async (strategy) => {
    const dir = mkdtempSync(join(tmpdir(), `assign-sql-blanks-${strategy}-`));
    try {
      for (const { engine } of engines()) await loadTable(engine(), "blank_features", table);
      const file = join(dir, "features.parquet");
      await duckDb.run(`COPY (SELECT * FROM blank_features ORDER BY customer_id) TO ${quoteLiteral(file)} (FORMAT parquet)`);
      const columns = ["recency_days", "frequency", "monetary"];
      await runCluster({ features: file, columns, k: 3, missing: strategy, log: ["monetary"], winsorize: [5, 95], out: join(dir, "model") });
      const modelFile = join(dir, "model", "model.json");
      const assigned = await assignWithModel({ features: file, model: modelFile, out: join(dir, "assigned") });
      const saved = await duckDb.all<Record<string, unknown>>(`SELECT * FROM read_parquet(${quoteLiteral(join(dir, "assigned", "assignments.parquet"))})`);
      const want = new Map(saved.map((row) => [String(row.customer_id), { cluster: row.cluster ?? null, not_segmented: row.not_segmented ?? null }]));
      expect(want.size).toBe(n);
      // Blanks are rows 3, 7, 11, 15, 19, 23 and 27: excluded (with their reason) or filled and assigned.
      const excluded = [...want.values()].filter((w) => w.cluster === null);
      if (strategy === "exclude") {
        expect(excluded.map((w) => w.not_segmented).sort()).toEqual(
          ["missing frequency", "missing frequency and monetary", "missing monetary", "missing monetary", "missing recency days", "missing recency days and monetary", "missing recency days, frequency and monetary"],
        );
        expect(assigned.notSegmented).toEqual({ "missing monetary": 2, "missing frequency": 1, "missing frequency and monetary": 1, "missing recency days": 1, "missing recency days and monetary": 1, "missing recency days, frequency and monetary": 1 });
      } else expect(excluded).toEqual([]);
      for (const { engine } of engines()) {
        const printed = cli("assign-sql", "--model", modelFile, "--table", "blank_features", "--dialect", engine().dialect);
        expect(printed.status, printed.stderr).toBe(0);
        const rows = await engine().all<AssignedRow>(printed.stdout);
        expect(rows).toHaveLength(n);
        const differ = rows.filter((row) => {
          const w = want.get(row.customer_id)!;
          return row.cluster !== w.cluster || row.not_segmented !== w.not_segmented || (row.cluster === null) !== (row.squared_distance === null);
        });
        expect(differ.map((row) => `${engine().dialect} ${row.customer_id}: ${row.cluster} ${row.not_segmented}, cluster --model ${JSON.stringify(want.get(row.customer_id))}`)).toEqual([]);
        expect(printed.stdout).toContain(strategy === "exclude" ? "-- Blanks (NULL or NaN) are excluded" : `-- Blanks (NULL or NaN) get the model's ${strategy} values (missing.fill: recency_days `);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const RETAIL = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const retailPresent = existsSync(RETAIL);
if (!retailPresent) console.warn(`skipping the Online Retail assignment SQL test: ${RETAIL} is absent`);

describe.skipIf(!retailPresent)("assignment SQL on the Online Retail features", () => {
  it("equals applyModel + assign for every customer, on DuckDB and PostgreSQL", async () => {
    const dir = mkdtempSync(join(tmpdir(), "assign-sql-retail-"));
    try {
      const config = parseConfig({ inputs: { transactions: RETAIL, customers: null } });
      await ingest(duckDb, { transactions: RETAIL, config, outDir: join(dir, "ingest") });
      const file = join(dir, "features.parquet");
      await buildFeatures(duckDb, featureOptions(config, { inDir: join(dir, "ingest"), outFile: file }));
      const features = ["recency_days", "frequency", "monetary", "tenure_days", "avg_order_value", "return_rate"];
      const rows = await duckDb.all<Record<string, unknown>>(
        `SELECT customer_id::VARCHAR AS customer_id, ${features.map((f) => `CAST(${quoteIdent(f)} AS DOUBLE) AS ${quoteIdent(f)}`).join(", ")} FROM read_parquet(${quoteLiteral(file)}) ORDER BY customer_id`,
      );
      const retailIds = rows.map((r) => String(r.customer_id));
      const columns = Object.fromEntries(features.map((f) => [f, Float64Array.from(rows, (r) => Number(r[f]))]));
      expect(retailIds.length).toBe(4339);
      const model = fit(columns, features, { scaling: "zscore", log: ["frequency", "monetary", "avg_order_value"], winsorize: [1, 99] }, 5, 42);
      const table = {
        customer_id: { type: "text" as const, values: retailIds },
        ...Object.fromEntries(features.map((f) => [f, { type: "double" as const, values: Array.from(columns[f]) }])),
      };
      for (const { engine } of engines()) {
        await loadTable(engine(), "retail_features", table);
        const result = await differences(engine(), model, "retail_features", retailIds, columns);
        expect(result).toEqual({ nulls: 0, differences: [] });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
