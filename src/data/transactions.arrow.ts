// Clean, typed transaction lines as an Arrow IPC stream for the SQL page.
import { parquetToArrowStream, runPipeline } from "../../loaders/pipeline.js";

const { transactions } = await runPipeline();
process.stdout.write(await parquetToArrowStream(transactions));
