// Clean, typed transaction lines as an Arrow IPC stream for the SQL page. A customers-only project has
// none: the table then has the columns and no rows (the page says why), so queries name the same columns.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../pipeline/duckdb.js";
import { parquetToArrowStream } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";
import { quoteLiteral } from "../lib/io/sql.js";

const { transactions } = await runPipeline();
if (transactions) {
  process.stdout.write(await parquetToArrowStream(transactions));
} else {
  const dir = mkdtempSync(join(tmpdir(), "wb-empty-"));
  const file = join(dir, "transactions.parquet");
  const db = await openDatabase();
  try {
    await db.run(`COPY (SELECT CAST(NULL AS VARCHAR) AS customer_id, CAST(NULL AS VARCHAR) AS order_id, CAST(NULL AS TIMESTAMP) AS order_ts,
      CAST(NULL AS VARCHAR) AS product_id, CAST(NULL AS VARCHAR) AS product_name, CAST(NULL AS VARCHAR) AS category,
      CAST(NULL AS DOUBLE) AS quantity, CAST(NULL AS DOUBLE) AS unit_price, CAST(NULL AS DOUBLE) AS amount,
      CAST(NULL AS BOOLEAN) AS is_cancellation, CAST(NULL AS BOOLEAN) AS is_return, CAST(NULL AS BOOLEAN) AS is_product
      WHERE false) TO ${quoteLiteral(file)} (FORMAT parquet)`);
    process.stdout.write(await parquetToArrowStream(file));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
