/**
 * CLV benchmark: on 10k, 100k and 1M simulated customers (BG/NBD and Gamma-Gamma processes, seeded),
 * the time of the summary statistics (the shared SQL on native DuckDB over the simulated transactions),
 * the BG/NBD fit and the Gamma-Gamma fit, with iterations and log-likelihoods. No external comparison:
 * lifetimes (Python) is not installable here. Sizes can be set with CLV_BENCH_SIZES=10000,100000.
 *
 *   npm run -s bench:clv
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../pipeline/duckdb.js";
import { fitBgNbd, fitGammaGamma } from "../src/lib/clv/fit.js";
import { simulateExport } from "../src/lib/clv/simulate.js";
import { repeatData, spendData, summaryFromRows } from "../src/lib/clv/summary.js";
import { clvSummarySql } from "../src/lib/clv/summarySql.js";
import { quoteLiteral } from "../src/lib/io/sql.js";
import { seededRandom } from "../src/lib/stats/random.js";

const BG = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const GG = { p: 6.25, q: 3.74, gamma: 15.44 };
const sizes = (process.env.CLV_BENCH_SIZES ?? "10000,100000,1000000").split(",").map(Number);

const seconds = (start: number) => (performance.now() - start) / 1000;
const rows: string[][] = [];
const dir = mkdtempSync(join(tmpdir(), "bench-clv-"));
try {
  for (const n of sizes) {
    const exported = simulateExport(seededRandom(n), n, BG, GG, { startDate: "2023-01-01", acquisitionDays: 84, observationDays: 364 });
    const file = join(dir, `orders-${n}.csv`);
    writeFileSync(file, exported.lines.join("\n") + "\n");
    exported.lines.length = 0;
    const db = await openDatabase();
    try {
      // Load as ingest's clean table (one line per order, no reversals); not timed.
      await db.run(`CREATE TABLE transactions AS SELECT customer_id, order_id, CAST(timestamp AS TIMESTAMP) AS order_ts, unit_price * quantity AS amount,
        false AS is_cancellation, false AS is_return FROM read_csv(${quoteLiteral(file)}, header = true, columns = {'customer_id': 'VARCHAR', 'order_id': 'VARCHAR', 'timestamp': 'VARCHAR', 'product_id': 'VARCHAR', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE'})`);
      let start = performance.now();
      const summary = summaryFromRows(await db.all(clvSummarySql({ calibrationEnd: "2023-12-31", unitDays: 7 })));
      const distinct = repeatData(summary, 7);
      const spend = spendData(summary);
      const summaryTime = seconds(start);
      start = performance.now();
      const bg = fitBgNbd(distinct);
      const bgTime = seconds(start);
      start = performance.now();
      const gg = fitGammaGamma(spend);
      const ggTime = seconds(start);
      rows.push([
        n.toLocaleString("en"),
        exported.orders.toLocaleString("en"),
        distinct.rows.toLocaleString("en"),
        summaryTime.toFixed(2),
        bgTime.toFixed(2),
        `${bg.iterations} / ${bg.evaluations}`,
        bg.logLikelihood.toFixed(1),
        `${bg.params.r.toFixed(3)} ${bg.params.alpha.toFixed(3)} ${bg.params.a.toFixed(3)} ${bg.params.b.toFixed(3)}`,
        spend.x.length.toLocaleString("en"),
        ggTime.toFixed(2),
        `${gg.iterations} / ${gg.evaluations}`,
        gg.logLikelihood.toFixed(1),
        `${gg.params.p.toFixed(3)} ${gg.params.q.toFixed(3)} ${gg.params.gamma.toFixed(3)}`,
      ]);
      console.error(`bench-clv: ${n} customers done`);
    } finally {
      db.close();
      rmSync(file, { force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const header = ["customers", "orders", "distinct rows", "summary s", "BG/NBD s", "BG/NBD iter / evals", "BG/NBD log-lik", "r α a b", "repeat buyers", "Gamma-Gamma s", "GG iter / evals", "GG log-lik", "p q γ"];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map(() => "---").join(" | ")} |`);
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
console.log(`true BG/NBD r α a b = ${BG.r} ${BG.alpha} ${BG.a} ${BG.b}; Gamma-Gamma p q γ = ${GG.p} ${GG.q} ${GG.gamma} (weeks; whole days, so same-day purchases merge)`);
