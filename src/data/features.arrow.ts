// Per-customer features (no personal data) as an Arrow IPC stream for DuckDB-WASM and the workbench.
import { parquetToArrowStream } from "../../pipeline/parquet.js";
import { runPipeline } from "../../pipeline/run.js";

const { features } = await runPipeline();
process.stdout.write(await parquetToArrowStream(features));
