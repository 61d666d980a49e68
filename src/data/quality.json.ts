// Ingest accounting, anomalies and a sample of rejected rows for the data-quality page.
import { runPipeline } from "../../loaders/pipeline.js";
import { qualityPageData } from "../../loaders/quality.js";

process.stdout.write(JSON.stringify(await qualityPageData(await runPipeline()), null, 2));
