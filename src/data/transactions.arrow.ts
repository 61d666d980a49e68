// Clean, typed transaction lines as an Arrow IPC stream for the SQL page: none when they stay in a
// database (inputs.transactions is a table), where the pipeline computed what the site shows.
import { emptyTransactionsStream, parquetToArrowStream } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";

const { transactions } = await runPipeline();
process.stdout.write(transactions === null ? await emptyTransactionsStream() : await parquetToArrowStream(transactions));
