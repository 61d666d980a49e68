// Clean, typed transaction lines as an Arrow IPC stream for the SQL page.
import { parquetToArrowStream } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";

const { transactions } = await runPipeline();
process.stdout.write(await parquetToArrowStream(transactions));
