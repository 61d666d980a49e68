// The site built from PostgreSQL tables, in a temporary copy of the project: the sample's transactions
// and customers loaded as text tables into a real throwaway server (tests/support/postgres.ts), the
// copy's config pointing at them (the password only in PGPASSWORD). `npm run build` succeeds; the
// report it publishes has the file-based report's segments, totals and accounting; the quality data
// names the tables by their connection label; and the password is nowhere in dist/, the caches or the
// build's log. An unreachable server stops the build with one line naming the input and the fix.
//
// BUILD_TEST_KEEP=1 keeps the copy (its path is printed).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../pipeline/duckdb.js";
import { openPostgres } from "../../pipeline/postgres.js";
import { buildReport } from "../../pipeline/report/build.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { writeSample } from "../../tools/sample.js";
import { usePostgres } from "../support/postgres.js";
import { copyProject, listFiles, npmBuild, tail } from "../support/projectCopy.js";

const postgres = usePostgres();

let copy: string;
let sample: string;

/** The header of a CSV file, as DuckDB reads it. */
async function csvColumns(file: string): Promise<string[]> {
  const db = await openDatabase();
  try {
    const rows = await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_csv(${quoteLiteral(file)}, all_varchar = true))`);
    return rows.map((r) => r.column_name);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  if (!postgres.available) return;
  copy = copyProject("build-postgres-");
  if (process.env.BUILD_TEST_KEEP) console.log(`project copy: ${copy}`);
  sample = mkdtempSync(join(tmpdir(), "build-postgres-sample-"));
  await writeSample(sample);
  const server = postgres.server();
  const pg = await openPostgres(server.url, { env: server.env });
  try {
    for (const name of ["transactions", "customers"]) {
      const columns = await csvColumns(join(sample, `${name}.csv`));
      // Transactions keyed by their line in the export; customers without a key (numbered by their values).
      const key = name === "transactions" ? `line INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 2), ` : "";
      await pg.run(`CREATE TABLE ${quoteIdent(`shop_${name}`)} (${key}${columns.map((c) => `${quoteIdent(c)} TEXT`).join(", ")})`);
      await server.copyCsv(`shop_${name}`, join(sample, `${name}.csv`), { columns });
    }
  } finally {
    await pg.close();
  }
}, 600_000);

afterAll(() => {
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
  if (sample) rmSync(sample, { recursive: true, force: true });
});

/** The copy's workbench.config.json with its inputs replaced. */
function configWith(inputs: Record<string, unknown>): void {
  const file = join(copy, "workbench.config.json");
  const config = JSON.parse(readFileSync(join(copy, "workbench.config.json.committed"), "utf-8").toString());
  writeFileSync(file, JSON.stringify({ ...config, inputs }, null, 2));
}

describe.skipIf(!postgres.available)("npm run build with PostgreSQL tables as inputs", () => {
  it("builds the site with the export's report, and never writes the password", async () => {
    const server = postgres.server();
    writeFileSync(join(copy, "workbench.config.json.committed"), readFileSync(join(copy, "workbench.config.json")));
    configWith({
      transactions: { postgres: server.url, table: "shop_transactions", key: "line" },
      customers: { postgres: server.url, table: "shop_customers" },
    });
    const built = await npmBuild(copy, { PGPASSWORD: server.password });
    expect(built.code, tail(built.output)).toBe(0);
    expect(built.output).not.toContain(server.password);
    for (const folder of ["dist", ".workbench-cache", join("src", ".observablehq", "cache")]) {
      const leaking = listFiles(join(copy, folder)).filter((f) => readFileSync(join(copy, folder, f)).includes(server.password));
      expect(leaking, `files in ${folder} with the password`).toEqual([]);
    }
    // The same project on the CSV files: the published report's segments and totals are the same.
    const fileConfig = join(sample, "workbench.config.json");
    const committed = JSON.parse(readFileSync(join(copy, "workbench.config.json.committed"), "utf-8"));
    writeFileSync(fileConfig, JSON.stringify({ ...committed, inputs: { transactions: join(sample, "transactions.csv"), customers: join(sample, "customers.csv") } }));
    const { report: expected } = await buildReport(fileConfig);
    const reportFile = listFiles(join(copy, "dist")).find((f) => /(^|\/)_file\/data\/report\.[0-9a-f]+\.json$/.test(f));
    expect(reportFile, "dist/ has the report").toBeDefined();
    const published = JSON.parse(readFileSync(join(copy, "dist", reportFile!), "utf-8"));
    expect(published.asOf).toBe(expected.asOf);
    expect(published.totals).toEqual(expected.totals);
    expect(published.segments).toEqual(expected.segments);
    const label = `(postgres ${server.user}@127.0.0.1:${server.port}/${server.database})`;
    expect(published.quality.transactions.file).toBe(`shop_transactions ${label}`);
    expect(published.quality.customers.file).toBe(`shop_customers ${label}`);
    const { file: _t, ...transactions } = published.quality.transactions;
    const { file: _f, ...fileTransactions } = expected.quality.transactions!;
    expect(transactions).toEqual(JSON.parse(JSON.stringify(fileTransactions).split(expected.quality.transactions!.file).join(`shop_transactions ${label}`)));
  }, 900_000);

  it("stops with one line naming the input and the fix when the server is unreachable", async () => {
    const server = postgres.server();
    configWith({ transactions: { postgres: `postgresql://${server.user}@127.0.0.1:1/${server.database}`, table: "shop_transactions" }, customers: null });
    const built = await npmBuild(copy, { PGPASSWORD: server.password });
    expect(built.code).not.toBe(0);
    expect(built.output).toMatch(/inputs\.transactions \(postgres workbench@127\.0\.0\.1:1\/workbench\).*(refused|unreachable|reach)/i);
    expect(built.output).not.toContain(server.password);
  }, 300_000);
});
