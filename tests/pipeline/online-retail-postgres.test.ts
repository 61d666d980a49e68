// The shared Online Retail export loaded once into a real PostgreSQL server as a table of text columns
// (its line number as the key): ingest there gives the CSV's accounting, and the features computed in
// the database equal the DuckDB features from the CSV for every customer and every column; the
// assignment SQL run in PostgreSQL on those database-built features equals applyModel + assign.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../pipeline/duckdb.js";
import { buildFeatures, buildFeaturesInDatabase, databaseFeatureSql, featureOptions } from "../../pipeline/features/build.js";
import { ingest } from "../../pipeline/ingest/ingest.js";
import { openPostgres, type PostgresDatabase } from "../../pipeline/postgres.js";
import { assignmentSql } from "../../src/lib/cluster/assignSql.js";
import { assign, kmeans } from "../../src/lib/cluster/kmeans.js";
import { applyModel, prepare } from "../../src/lib/cluster/prepare.js";
import { parseConfig, type WorkbenchConfig } from "../../src/lib/config/config.js";
import { quoteIdent, quoteLiteral } from "../../src/lib/io/sql.js";
import { usePostgres } from "../support/postgres.js";

const DATASET = resolve("../shared/datasets/online-retail/online_retail_2010_2011.csv.gz");
const present = existsSync(DATASET);
if (!present) console.warn(`skipping the Online Retail PostgreSQL tests: ${DATASET} is absent`);

const postgres = usePostgres();
const COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"];

let pg: PostgresDatabase;
let fileDb: Database;
let tableDb: Database;
let dir: string;
let config: WorkbenchConfig;

beforeAll(async () => {
  if (!postgres.available || !present) return;
  const server = postgres.server();
  dir = mkdtempSync(join(tmpdir(), "retail-postgres-"));
  pg = await openPostgres(server.url, { env: server.env, name: "inputs.transactions" });
  // The export's line number (the header is line 1) as the key, so rejects name the same lines.
  await pg.run(`CREATE TABLE retail (line INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 2), ${COLUMNS.map((c) => `${quoteIdent(c)} TEXT`).join(", ")})`);
  await server.copyCsv("retail", DATASET, { columns: COLUMNS });
  config = parseConfig({ inputs: { transactions: DATASET, customers: null } });
  fileDb = await openDatabase();
  tableDb = await openDatabase();
}, 600_000);

afterAll(async () => {
  fileDb?.close();
  tableDb?.close();
  await pg?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!postgres.available || !present)("Online Retail in PostgreSQL", () => {
  it("ingests with the CSV's accounting and builds the CSV's features for every customer, every column", async () => {
    const table = { postgres: postgres.server().url, table: "retail", key: "line" };
    const fromFile = await ingest(fileDb, { transactions: DATASET, config, outDir: join(dir, "file") });
    const fromTable = await ingest(tableDb, { transactions: table, config: parseConfig({ inputs: { transactions: table, customers: null } }), outDir: join(dir, "table"), postgres: async () => pg });
    const label = fromTable.transactions!.file;
    expect(label).toMatch(/^retail \(postgres workbench@127\.0\.0\.1:\d+\/workbench\)$/);
    expect(JSON.stringify(fromTable)).not.toContain(postgres.server().password);
    expect(JSON.parse(JSON.stringify(fromTable).split(label).join("INPUT"))).toEqual(JSON.parse(JSON.stringify(fromFile).split(fromFile.transactions!.file).join("INPUT")));
    expect(fromTable.transactions!.rowsRead).toBe(541909);
    expect(fromTable.transactions!.rejectedByReason["missing customer id"]).toBe(135080);

    await buildFeatures(fileDb, featureOptions(config, { inDir: join(dir, "file"), outFile: join(dir, "file-features.parquet") }));
    await buildFeaturesInDatabase(pg, tableDb, { ...featureOptions(config, { inDir: join(dir, "table"), outFile: join(dir, "table-features.parquet") }), source: label });
    const schema = (file: string) => fileDb.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${quoteLiteral(file)}))`);
    const fileSchema = await schema(join(dir, "file-features.parquet"));
    expect(await schema(join(dir, "table-features.parquet"))).toEqual(fileSchema);
    expect(fileSchema.length).toBeGreaterThanOrEqual(17);
    // Every column compared as stored (IS NOT DISTINCT FROM: NULLs equal, doubles bit for bit), both ways.
    const differing = async (a: string, b: string) =>
      fileDb.all<{ customer_id: string }>(`SELECT customer_id FROM (SELECT * FROM read_parquet(${quoteLiteral(join(dir, a))}) EXCEPT ALL SELECT * FROM read_parquet(${quoteLiteral(join(dir, b))})) ORDER BY customer_id LIMIT 5`);
    expect(await differing("file-features.parquet", "table-features.parquet")).toEqual([]);
    expect(await differing("table-features.parquet", "file-features.parquet")).toEqual([]);
    const [{ n }] = await fileDb.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM read_parquet(${quoteLiteral(join(dir, "table-features.parquet"))})`);
    expect(n).toBe(4339);
  }, 600_000);

  it("assigns every customer in PostgreSQL, on the features built there, as applyModel + assign do", async () => {
    // The database's own feature rows (not the copy brought back), as a table of the session.
    const sql = await databaseFeatureSql(pg, featureOptions(config, { inDir: join(dir, "table"), outFile: "" }));
    await pg.run(`CREATE TEMP TABLE retail_features AS ${sql}`);
    const features = ["recency_days", "frequency", "monetary", "tenure_days", "avg_order_value", "return_rate"];
    const rows = await fileDb.all<Record<string, unknown>>(
      `SELECT customer_id::VARCHAR AS customer_id, ${features.map((f) => `CAST(${quoteIdent(f)} AS DOUBLE) AS ${quoteIdent(f)}`).join(", ")} FROM read_parquet(${quoteLiteral(join(dir, "file-features.parquet"))}) ORDER BY customer_id`,
    );
    const columns = Object.fromEntries(features.map((f) => [f, Float64Array.from(rows, (r) => Number(r[f]))]));
    const prepared = prepare(columns, features, { scaling: "zscore", log: ["frequency", "monetary", "avg_order_value"], winsorize: [1, 99] });
    const { centroids } = kmeans(prepared.data, prepared.n, prepared.d, { k: 5, seed: 42, nInit: 2 });
    const model = { features: prepared.model.features, centroids };
    const applied = applyModel({ scaling: "zscore", features: [...model.features] }, columns);
    const { labels } = assign(applied.data, applied.n, applied.d, centroids);
    const assigned = await pg.all<{ customer_id: string; cluster: number | null }>(`SELECT * FROM (${assignmentSql(model, { table: "retail_features", dialect: "postgres" })}) AS assigned ORDER BY customer_id COLLATE "C"`);
    expect(assigned.map((r) => r.customer_id)).toEqual(rows.map((r) => r.customer_id));
    const wrong = assigned.filter((r, i) => r.cluster !== labels[i]).map((r) => r.customer_id);
    expect(wrong).toEqual([]);
    expect(new Set(labels).size).toBe(5);
  }, 600_000);
});
