// Ingest accounting, anomalies and a sample of rejected rows for the data-quality page.
import { runPipeline } from "../../pipeline/run.js";
import { qualityPageData } from "../../pipeline/report/quality.js";

process.stdout.write(JSON.stringify(await qualityPageData(await runPipeline()), null, 2));
