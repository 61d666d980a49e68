/**
 * Ingest at scale: writes a synthetic transactions export of N lines (default 10 million) with a
 * few dirty rows, ingests it, and prints time, throughput and peak memory.
 *   npm run -s bench:ingest -- [lines]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/lib/config/config.js";
import { openDatabase } from "../pipeline/duckdb.js";
import { ingest } from "../pipeline/ingest/ingest.js";

const lines = Number(process.argv[2] ?? 10_000_000);
const dir = mkdtempSync(join(tmpdir(), "bench-ingest-"));
const file = join(dir, "transactions.csv");
const db = await openDatabase();
try {
  let started = Date.now();
  // Every 100,000th line has no customer id and every 250,000th an unreadable timestamp.
  await db.run(`COPY (
    SELECT 'O' || (i // 3) AS order_id,
      CASE WHEN i % 100000 = 7 THEN '' ELSE CAST(1 + hash(i // 3) % 200000 AS VARCHAR) || '.0' END AS customer_id,
      CASE WHEN i % 250000 = 11 THEN 'not a date' ELSE strftime(TIMESTAMP '2022-01-01' + to_seconds(CAST((i // 3) * 6 AS BIGINT)), '%Y-%m-%d %H:%M:%S') END AS order_timestamp,
      'P' || (i % 997) AS product_id, 'Product ' || (i % 997) AS product_name, 'Cat ' || (i % 13) AS category,
      CASE WHEN i % 50 = 0 THEN -1 ELSE 1 + i % 5 END AS quantity, round(1 + (i % 997) / 10.0, 2) AS unit_price
    FROM range(${lines}) t(i)) TO '${file}' (HEADER, DELIMITER ',')`);
  console.log(`generated ${lines.toLocaleString("en-GB")} lines (${(statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  started = Date.now();
  const quality = await ingest(db, { transactions: file, config: parseConfig({}), outDir: join(dir, "out"), onProgress: (m) => console.log(`  ${m}`) });
  clearInterval(timer);
  const seconds = (Date.now() - started) / 1000;
  const t = quality.transactions!;
  console.log(`ingested: ${t.rowsRead.toLocaleString("en-GB")} read, ${t.rowsLoaded.toLocaleString("en-GB")} loaded, rejected ${JSON.stringify(t.rejectedByReason)}`);
  console.log(`time ${seconds.toFixed(1)} s, ${(t.rowsRead / seconds / 1e6).toFixed(2)} M lines/s, peak RSS ${(peak / 2 ** 30).toFixed(2)} GiB`);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
