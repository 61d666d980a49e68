// Hostile exports and config through the Node pipeline (tests/corpus/hostile/cases.json):
// - ingest-level cases: column names that collide with the names DuckDB or ingest use themselves
//   (filename, rowid, reject_reason, source_line, __wb_*), SQL in column names, values and config;
// - the hostile project through the real CLI, ingest → features → cluster → cluster --model, each
//   step in an empty working directory, with hostile column names all the way.
// Any SQL payload that ran would write a PWNED-*.csv canary file into the working directory.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../pipeline/duckdb.js";
import { ingest } from "../../pipeline/ingest/ingest.js";
import { parseConfig } from "../../src/lib/config/config.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS = join(ROOT, "tests", "corpus", "hostile");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

interface IngestCase {
  input: string;
  customers?: string;
  why: string;
  config?: Record<string, unknown>;
  expect: {
    error?: string;
    rowsRead?: number;
    rowsLoaded?: number;
    rejectedByReason?: Record<string, number>;
    lines?: Record<string, unknown>[];
    customers?: Record<string, unknown>[];
    rejects?: [number, string][];
    mapping?: Record<string, string>;
  };
}

interface Corpus {
  canary: string;
  pipeline: {
    rowsRead: number;
    rowsLoaded: number;
    rejectedByReason: Record<string, number>;
    customers: number;
    featureAttributes: string[];
    notInFeatures: string[];
    cluster: { columns: string[]; k: string }[];
    clusterErrors: { columns: string[]; error: string }[];
  };
  ingest: IngestCase[];
}

const corpus = JSON.parse(readFileSync(join(CORPUS, "cases.json"), "utf-8")) as Corpus;
const hostileConfig = JSON.parse(readFileSync(join(CORPUS, "workbench.config.json"), "utf-8"));

/** Canary files (PWNED-*) in a folder: a payload's COPY ... TO 'PWNED-….csv' ran there. */
function canaries(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(corpus.canary));
}

const canariesBefore = canaries(process.cwd());

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db?.close());

async function rows<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const out = await db.all<Record<string, unknown>>(sql);
  return out.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]))) as T[];
}

describe("hostile ingest corpus", () => {
  it.each(corpus.ingest.map((c) => [`${c.input}${c.customers ? ` + ${c.customers}` : ""}: ${c.why}`, c] as const))("%s", async (_, c) => {
    const outDir = join(mkdtempSync(join(tmpdir(), "hostile-ingest-")), "out");
    const run = ingest(db, {
      transactions: join(CORPUS, c.input),
      ...(c.customers ? { customers: join(CORPUS, c.customers) } : {}),
      config: parseConfig(c.config ?? {}),
      outDir,
    });
    try {
      if (c.expect.error) {
        await expect(run).rejects.toThrow(c.expect.error);
        // Nothing half-written: neither the output folder nor its staging folder.
        expect(existsSync(outDir)).toBe(false);
        expect(readdirSync(join(outDir, ".."))).toEqual([]);
        return;
      }
      const { transactions, customers: cq } = await run;
      const q = transactions!;
      expect(q.rowsLoaded + q.rowsRejected).toBe(q.rowsRead);
      expect({ rowsRead: q.rowsRead, rowsLoaded: q.rowsLoaded, rejectedByReason: q.rejectedByReason }).toEqual({
        rowsRead: c.expect.rowsRead,
        rowsLoaded: c.expect.rowsLoaded,
        rejectedByReason: c.expect.rejectedByReason,
      });
      if (c.expect.mapping) expect(q.mapping).toMatchObject(c.expect.mapping);
      if (c.expect.lines) {
        const lines = await rows(`SELECT * FROM read_parquet(${quoteLiteral(join(outDir, "transactions.parquet"))}) ORDER BY source_file, source_line`);
        expect(lines).toHaveLength(c.expect.lines.length);
        c.expect.lines.forEach((expected, i) => expect(lines[i]).toMatchObject(expected));
      }
      if (c.expect.customers) {
        expect(cq?.rowsLoaded).toBe(c.expect.customers.length);
        const customers = await rows(`SELECT * FROM read_parquet(${quoteLiteral(join(outDir, "customers.parquet"))}) ORDER BY customer_id`);
        c.expect.customers.forEach((expected, i) => expect(customers[i]).toMatchObject(expected));
      }
      if (c.expect.rejects) {
        const rejects = await rows<{ source_line: number; reason: string }>(
          `SELECT source_line, reason FROM read_parquet(${quoteLiteral(join(outDir, "rejects.parquet"))}) ORDER BY source_file, source_line`,
        );
        expect(rejects.map((r) => [r.source_line, r.reason])).toEqual(c.expect.rejects);
      }
    } finally {
      rmSync(join(outDir, ".."), { recursive: true, force: true });
    }
  });

  it("ran none of the SQL in names and values (no canary file in the working directory)", () => {
    expect(canaries(process.cwd())).toEqual(canariesBefore);
  });
});

/** The workbench CLI in `cwd`, with exit status and output. */
function cli(cwd: string, ...args: string[]) {
  const env = { ...process.env };
  delete env.WORKBENCH_CONFIG;
  const run = spawnSync(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd, encoding: "utf-8", env });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("the hostile project through the CLI: ingest → features → cluster", () => {
  let work: string;
  const config = join(CORPUS, "workbench.config.json");
  const dir = (name: string) => join(work, name);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "hostile-cli-"));
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("ingests both exports with the configured hostile column names", () => {
    const run = cli(dir(""), "ingest", "--config", config, "--transactions", join(CORPUS, "transactions.csv"), "--customers", join(CORPUS, "customers.csv"), "--out", dir("ingest"));
    expect(run.status, run.output).toBe(0);
    const quality = JSON.parse(readFileSync(join(dir("ingest"), "quality.json"), "utf-8"));
    const p = corpus.pipeline;
    expect(quality.transactions).toMatchObject({ rowsRead: p.rowsRead, rowsLoaded: p.rowsLoaded, rejectedByReason: p.rejectedByReason });
    expect(quality.transactions.mapping).toEqual(hostileConfig.columns.transactions);
    expect(quality.customers).toMatchObject({ rowsRead: p.customers, rowsLoaded: p.customers, rowsRejected: 0 });
    // The mapped names are in the progress output as given, not mangled.
    for (const column of Object.values(hostileConfig.columns.transactions) as string[]) expect(run.output).toContain(column);
  });

  it("builds features that keep hostile attribute names and drop personal data", async () => {
    const run = cli(dir(""), "features", "--config", config, "--in", dir("ingest"), "--out", dir("features"));
    expect(run.status, run.output).toBe(0);
    const file = quoteLiteral(join(dir("features"), "features.parquet"));
    const columns = (await rows<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${file}))`)).map((c) => c.column_name);
    expect(columns).toEqual(expect.arrayContaining(corpus.pipeline.featureAttributes));
    for (const name of corpus.pipeline.notInFeatures) expect(columns).not.toContain(name);
    const [{ n, segments }] = await rows<{ n: number; segments: string[] }>(`SELECT count(*)::INTEGER AS n, list(DISTINCT rfm_segment ORDER BY rfm_segment) AS segments FROM read_parquet(${file})`);
    expect(n).toBe(corpus.pipeline.customers);
    // RFM segment names from the config, SQL quotes and all, come out as data.
    const names = [...hostileConfig.rfm.segments.map((s: { name: string }) => s.name), hostileConfig.rfm.other];
    for (const segment of segments) expect(names).toContain(segment);
    expect(segments).toContain("Loyal'); DROP TABLE features; --");
  });

  it.each(corpus.pipeline.cluster.map((c) => [c.columns.join(" | "), c] as const))("clusters on %s, and the model assigns the rows again", async (_, c) => {
    const out = dir(`cluster-${c.columns.length}-${c.k}`);
    const features = join(dir("features"), "features.parquet");
    const run = cli(dir(""), "cluster", "--features", features, "--columns", c.columns.join(","), "--k", c.k, "--out", out);
    expect(run.status, run.output).toBe(0);
    const model = JSON.parse(readFileSync(join(out, "model.json"), "utf-8"));
    expect(model.columns).toEqual(c.columns);
    expect(model.rows).toBe(corpus.pipeline.customers);
    const assigned = await rows<{ customer_id: string; cluster: number }>(`SELECT * FROM read_parquet(${quoteLiteral(join(out, "assignments.parquet"))})`);
    const ids = await rows<{ customer_id: string }>(`SELECT customer_id FROM read_parquet(${quoteLiteral(features)})`);
    // In the features file's order, even with a column named rowid in it.
    expect(assigned.map((r) => r.customer_id)).toEqual(ids.map((r) => r.customer_id));
    const again = cli(dir(""), "cluster", "--features", features, "--model", join(out, "model.json"), "--out", `${out}-again`);
    expect(again.status, again.output).toBe(0);
    const reassigned = await rows<{ cluster: number }>(`SELECT cluster FROM read_parquet(${quoteLiteral(join(`${out}-again`, "assignments.parquet"))})`);
    expect(reassigned.map((r) => r.cluster)).toEqual(assigned.map((r) => r.cluster));
  });

  it.each(corpus.pipeline.clusterErrors.map((c) => [c.columns.join(" | "), c] as const))("refuses --columns %s with a clear message", (_, c) => {
    const run = cli(dir(""), "cluster", "--features", join(dir("features"), "features.parquet"), "--columns", c.columns.join(","), "--k", "2", "--out", dir("refused"));
    expect(run.status).toBe(1);
    expect(run.output).toContain(c.error);
    expect(run.output).not.toMatch(/\n\s+at /); // one message, not a stack trace
    expect(existsSync(join(dir("refused"), "model.json"))).toBe(false);
  });

  it("ran none of the SQL in names and values (no canary file in any working directory)", () => {
    expect(canaries(work)).toEqual([]);
    expect(canaries(process.cwd())).toEqual(canariesBefore);
  });
});
