// The cluster command end to end: a features file in, assignments.parquet, model.json and
// sweep.json out, through the real CLI; and the model assigning rows again.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseK, parseWinsorize, runCluster } from "../../../pipeline/segments/cluster.js";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { randomNormal, seededRandom } from "../../../src/lib/stats/random.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function cli(...args: string[]) {
  const run = spawnSync(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, encoding: "utf-8" });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

async function query<T>(sql: string): Promise<T[]> {
  const db = await openDatabase();
  try {
    return await db.all<T>(sql);
  } finally {
    db.close();
  }
}

// Three planted groups of 120 customers, rows interleaved: (a, b) near (0, 0), (10, 0) and (0, 10);
// spend c log-normal around 100, 1,000 and 10,000.
const CENTRES = [[0, 0, 100], [10, 0, 1000], [0, 10, 10000]];
let dir: string;
let csv: string;
let parquet: string;
const truth: number[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cluster-cli-"));
  const random = seededRandom(12);
  const lines = ["customer_id,a,b,c,note"];
  for (let i = 0; i < 360; i++) {
    const g = i % 3;
    truth.push(g);
    const [a, b, c] = CENTRES[g];
    lines.push(`C${String(i).padStart(4, "0")},${randomNormal(random, a, 1)},${randomNormal(random, b, 1)},${(c * Math.exp(randomNormal(random, 0, 0.2))).toFixed(2)},x`);
  }
  csv = join(dir, "features.csv");
  writeFileSync(csv, lines.join("\n") + "\n");
  parquet = join(dir, "features.parquet");
  const db = await openDatabase();
  try {
    await db.run(`COPY (SELECT * FROM read_csv(${quoteLiteral(csv)}, header = true)) TO ${quoteLiteral(parquet)} (FORMAT parquet)`);
  } finally {
    db.close();
  }
});

/** True when two labelings are the same partition (up to renumbering). */
function samePartition(a: readonly number[], b: readonly number[]): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  return a.every((x, i) => (map.get(x) ?? (map.set(x, b[i]), b[i])) === b[i] && (back.get(b[i]) ?? (back.set(b[i], x), x)) === x);
}

describe("cluster command", () => {
  it("writes assignments.parquet (customer_id, cluster, input order) and model.json for one k", async () => {
    const out = join(dir, "k3");
    const run = cli("cluster", "--features", csv, "--columns", "a,b,c", "--k", "3", "--seed", "7", "--log", "c", "--out", out);
    expect(run.stderr).toMatch(/cluster: k = 3 over 360 customers \(sizes 120, 120, 120\)/);
    expect(run.status).toBe(0);
    const rows = await query<{ customer_id: string; cluster: number }>(`SELECT * FROM read_parquet(${quoteLiteral(join(out, "assignments.parquet"))})`);
    expect(rows).toHaveLength(360);
    expect(Object.keys(rows[0])).toEqual(["customer_id", "cluster"]);
    expect(rows.map((r) => r.customer_id)).toEqual(truth.map((_, i) => `C${String(i).padStart(4, "0")}`));
    expect(samePartition(truth, rows.map((r) => r.cluster))).toBe(true);

    const model = JSON.parse(readFileSync(join(out, "model.json"), "utf-8"));
    expect(model).toMatchObject({ k: 3, seed: 7, columns: ["a", "b", "c"], scaling: "zscore", sizes: [120, 120, 120], rows: 360 });
    for (const key of ["inertia", "silhouette", "calinski_harabasz", "davies_bouldin", "iterations"]) expect(typeof model[key]).toBe("number");
    expect(model.silhouette).toBeGreaterThan(0.8);
    expect(model.transforms.map((t: { name: string; log: boolean }) => [t.name, t.log])).toEqual([["a", false], ["b", false], ["c", true]]);
    // Centroids in original units: near the planted centres (spend: geometric mean under the log).
    const found = model.centroids.map((c: Record<string, number>) => [c.a, c.b, c.c]).sort((x: number[], y: number[]) => x[2] - y[2]);
    found.forEach((c: number[], g: number) => {
      expect(Math.abs(c[0] - CENTRES[g][0])).toBeLessThan(0.5);
      expect(Math.abs(c[1] - CENTRES[g][1])).toBeLessThan(0.5);
      expect(c[2] / CENTRES[g][2]).toBeGreaterThan(0.9);
      expect(c[2] / CENTRES[g][2]).toBeLessThan(1.1);
    });
  }, 60_000);

  it("with --k 2..6 sweeps k, writes sweep.json and the recommended k's model", async () => {
    const out = join(dir, "sweep");
    const run = cli("cluster", "--features", csv, "--columns", "a,b,c", "--k", "2..6", "--log", "c", "--scale", "robust", "--out", out);
    expect(run.status).toBe(0);
    const sweep = JSON.parse(readFileSync(join(out, "sweep.json"), "utf-8"));
    expect(sweep.recommended).toBe(3);
    expect(sweep.reason).toMatch(/^k = 3: /);
    expect(sweep.rows.map((r: { k: number }) => r.k)).toEqual([2, 3, 4, 5, 6]);
    for (const r of sweep.rows) for (const key of ["inertia", "silhouette", "calinski_harabasz", "davies_bouldin"]) expect(typeof r[key]).toBe("number");
    const model = JSON.parse(readFileSync(join(out, "model.json"), "utf-8"));
    expect(model).toMatchObject({ k: 3, scaling: "robust" });
  }, 60_000);

  it("reads Parquet like CSV, is deterministic, and the model assigns the same clusters again", async () => {
    const fromCsv = await runCluster({ features: csv, columns: ["a", "b", "c"], k: 4, seed: 3, log: ["c"], winsorize: [1, 99], out: join(dir, "csv") });
    const fromParquet = await runCluster({ features: parquet, columns: ["a", "b", "c"], k: 4, seed: 3, log: ["c"], winsorize: [1, 99], out: join(dir, "parquet") });
    expect({ ...fromParquet.model, input: "" }).toEqual({ ...fromCsv.model, input: "" });
    expect(fromCsv.model.transforms[2]).toMatchObject({ winsorize: [1, 99], log: true });

    const again = cli("cluster", "--features", parquet, "--model", join(dir, "csv", "model.json"), "--out", join(dir, "assigned"));
    expect(again.status).toBe(0);
    const read = (file: string) => query<{ customer_id: string; cluster: number }>(`SELECT * FROM read_parquet(${quoteLiteral(file)})`);
    expect(await read(join(dir, "assigned", "assignments.parquet"))).toEqual(await read(join(dir, "csv", "assignments.parquet")));
  }, 60_000);

  it("names the file, column and row of bad input; usage errors exit 2", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "customer_id,a,b\nx1,1,2\nx2,oops,3\nx3,4,5\n");
    const notNumber = cli("cluster", "--features", bad, "--columns", "a,b", "--k", "2", "--out", join(dir, "bad"));
    expect(notNumber.status).toBe(1);
    expect(notNumber.stderr).toContain(`${bad}: column "a": 2 of 3 filled values are numbers but 1 is not (first: data row 2 (customer_id "x2"), value "oops"): fix it or blank it`);
    const missing = cli("cluster", "--features", csv, "--columns", "a,zz", "--k", "2", "--out", join(dir, "bad"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no column "zz" (columns: customer_id, a, b, c, note)');
    const usage = cli("cluster", "--features", csv, "--columns", "a", "--out", join(dir, "bad"));
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("missing --k");
  }, 60_000);

  it("gives the same clusters on 1 thread and on 3 (--threads), and fits mini-batch k-means with --mini-batch [SIZE]", async () => {
    // 3,000 customers: three blocks of rows, so three threads really share the work.
    const lines = ["customer_id,a,b,c"];
    const random = seededRandom(21);
    for (let i = 0; i < 3000; i++) {
      const [a, b, c] = CENTRES[i % 3];
      lines.push(`D${i},${randomNormal(random, a, 3)},${randomNormal(random, b, 3)},${(c * Math.exp(randomNormal(random, 0, 0.5))).toFixed(2)}`);
    }
    const big = join(dir, "big.csv");
    writeFileSync(big, lines.join("\n") + "\n");
    const read = (file: string) => query<{ customer_id: string; cluster: number }>(`SELECT * FROM read_parquet(${quoteLiteral(file)})`);
    const common = ["cluster", "--features", big, "--columns", "a,b,c", "--k", "5", "--log", "c"];
    const one = cli(...common, "--threads", "1", "--out", join(dir, "t1"));
    const three = cli(...common, "--threads", "3", "--out", join(dir, "t3"));
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    expect(await read(join(dir, "t3", "assignments.parquet"))).toEqual(await read(join(dir, "t1", "assignments.parquet")));
    const model1 = JSON.parse(readFileSync(join(dir, "t1", "model.json"), "utf-8"));
    expect(JSON.parse(readFileSync(join(dir, "t3", "model.json"), "utf-8"))).toEqual(model1);
    expect(model1).toMatchObject({ algorithm: "lloyd", batch_size: null });

    const mini = cli(...common, "--mini-batch", "--out", join(dir, "mb"));
    expect(mini.status).toBe(0);
    expect(mini.stderr).toMatch(/mini-batch k-means, batches of 1024, \d+ steps/);
    const mb = JSON.parse(readFileSync(join(dir, "mb", "model.json"), "utf-8"));
    expect(mb).toMatchObject({ algorithm: "mini-batch", batch_size: 1024, k: 5 });
    expect(mb.inertia / model1.inertia).toBeLessThan(1.05);
    const sized = cli(...common, "--mini-batch", "256", "--seed", "3", "--out", join(dir, "mb256"));
    expect(sized.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "mb256", "model.json"), "utf-8"))).toMatchObject({ algorithm: "mini-batch", batch_size: 256, seed: 3 });

    const range = cli("cluster", "--features", big, "--columns", "a,b", "--k", "2..4", "--mini-batch", "--out", join(dir, "bad"));
    expect(range.status).toBe(1);
    expect(range.stderr).toContain("--mini-batch: choose one k (--k K), not a range");
    const zero = cli(...common, "--threads", "0", "--out", join(dir, "bad"));
    expect(zero.status).toBe(1);
    expect(zero.stderr).toContain("--threads 0: expected a whole number ≥ 1");
  }, 120_000);

  it("parses --k and --winsorize", () => {
    expect(parseK("5")).toBe(5);
    expect(parseK("2..10")).toEqual({ min: 2, max: 10 });
    expect(() => parseK("1")).toThrow("expected a whole number ≥ 2");
    expect(() => parseK("5..3")).toThrow("expected a range");
    expect(parseWinsorize("1,99")).toEqual([1, 99]);
    expect(parseWinsorize("monetary:0:95,frequency:1:99")).toEqual({ monetary: [0, 95], frequency: [1, 99] });
    expect(() => parseWinsorize("1")).toThrow("expected LOW,HIGH");
  });
});
