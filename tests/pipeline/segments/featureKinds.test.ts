// A number column with one stray word, through both paths on real DuckDB: the config path (config →
// ingest → features → report, segmentCustomers) and the cluster command (runCluster) on the same
// tiny customers export. Both stop with one line naming where, the feature, the first row with its
// customer id and value, how many values are not numbers and what to do; a text column stays
// categorical in both, with the same segments.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../pipeline/duckdb.js";
import { buildReport } from "../../../pipeline/report/build.js";
import { runPipeline } from "../../../pipeline/run.js";
import { runCluster } from "../../../pipeline/segments/cluster.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";

const LONG = 120_000;
let dir: string;
let customers: string;
const cacheDirs: string[] = [];

// Twelve customers, in id order: six small spenders in the North, six large ones in the South (one
// region written as a code, "3": a text column with a number in it is still text). Customer c06's
// income is "—", the one stray word among the numbers.
const ROWS = [
  "customer_id,income,visits,spend,region",
  "c01,21000,2,120,North",
  "c02,23000,3,140,North",
  "c03,22000,2,110,North",
  "c04,24000,3,150,3",
  "c05,20000,2,130,North",
  "c06,—,3,125,North",
  "c07,81000,14,2100,South",
  "c08,79000,15,2300,South",
  "c09,83000,13,1900,South",
  "c10,80000,16,2200,South",
  "c11,78000,14,2050,South",
  "c12,82000,15,2150,South",
];

function config(segmentation: Record<string, unknown>): string {
  const file = join(dir, `config-${cacheDirs.length}-${Object.keys(segmentation).join("-")}.json`);
  writeFileSync(file, JSON.stringify({ inputs: { transactions: null, customers }, features: { asOf: "2025-01-01" }, segmentation: { k: 2, ...segmentation } }));
  return file;
}

async function report(file: string) {
  cacheDirs.push((await runPipeline(file)).dir);
  return buildReport(file);
}

async function clusters(out: string): Promise<(number | null)[]> {
  const db = await openDatabase();
  try {
    return (await db.all<{ cluster: number | null }>(`SELECT cluster FROM read_parquet(${quoteLiteral(join(out, "assignments.parquet"))})`)).map((r) => r.cluster);
  } finally {
    db.close();
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "feature-kinds-"));
  customers = join(dir, "customers.csv");
  writeFileSync(customers, ROWS.join("\n") + "\n");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });
});

describe("a number column with one stray word", () => {
  it("stops the config path with one line: the export, the feature, row and customer, the value, the count and the remedy", async () => {
    const file = config({ features: ["income", "visits"] });
    const error = await report(file).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toContain(
      `segmentation.features: "income", a column of ${customers} (inputs.customers): 11 of 12 filled values are numbers but 1 is not (first: row 6 (customer "c06"), value "—"): `,
    );
    expect(error).toContain('fix it or blank it (blanks are handled by segmentation.missing), or list "income" in segmentation.categorical to cluster its values as categories');
    expect(error).not.toContain("\n");
  }, LONG);

  it("stops the cluster command alike, with its own file, row, id and options", async () => {
    await expect(runCluster({ features: customers, columns: ["income", "visits"], k: 2, out: join(dir, "stray") })).rejects.toThrow(
      `${customers}: column "income": 11 of 12 filled values are numbers but 1 is not (first: data row 6 (customer_id "c06"), value "—"): ` +
        "fix it or blank it (blanks are handled by --missing), or give --categorical income to cluster its values as categories",
    );
  }, LONG);

  it("is clustered as categories once declared so, in both paths", async () => {
    const built = await report(config({ features: ["income", "visits"], categorical: ["income"] }));
    expect(built.report.clustering.method).toBe("k-prototypes");
    expect(built.report.clustering.features).toEqual([
      { name: "income", kind: "categorical" },
      { name: "visits", kind: "numeric" },
    ]);
    const run = await runCluster({ features: customers, columns: ["income", "visits"], categorical: ["income"], k: 2, out: join(dir, "declared") });
    expect(run.method).toBe("k-prototypes");
    expect(await clusters(join(dir, "declared"))).toEqual(Array.from(built.labels));
  }, LONG);
});

describe("a text column (one code among the words)", () => {
  it("stays categorical in both paths, with the same segments", async () => {
    const built = await report(config({ features: ["spend", "visits", "region"], log: ["spend"] }));
    expect(built.report.clustering.method).toBe("k-prototypes");
    expect(built.report.clustering.features).toEqual([
      { name: "spend", kind: "numeric" },
      { name: "visits", kind: "numeric" },
      { name: "region", kind: "categorical" },
    ]);
    // The small spenders and the large ones (equal sizes: the tie goes to the lower cluster).
    expect(Array.from(built.labels)).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const run = await runCluster({ features: customers, columns: ["spend", "visits", "region"], log: ["spend"], k: 2, out: join(dir, "text") });
    expect(run.method).toBe("k-prototypes");
    expect(run.categories).toEqual({ region: 3 });
    expect(await clusters(join(dir, "text"))).toEqual(Array.from(built.labels));
  }, LONG);
});
