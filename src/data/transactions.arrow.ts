// Clean, typed transaction lines as an Arrow IPC stream for the SQL page: none when they come from a
// database table (inputs.transactions is a table), whose lines a site should not publish wholesale, or
// in a customers-only project, which has none (the page says why); the table then has the columns and
// no rows, so queries name the same columns. The features and the report, computed by the pipeline, are there.
import { emptyTransactionsStream, parquetToArrowStream } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";
import { isTableInput } from "../lib/config/config.js";

const { transactions, config } = await runPipeline();
process.stdout.write(transactions === null || isTableInput(config.inputs.transactions) ? await emptyTransactionsStream() : await parquetToArrowStream(transactions));
