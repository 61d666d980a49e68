// Per-customer features (no personal data) as an Arrow IPC stream for DuckDB-WASM and the workbench.
import { parquetToArrowStream, runPipeline } from "../../loaders/pipeline.js";

const { features } = await runPipeline();
process.stdout.write(await parquetToArrowStream(features));
