// Ingest accounting, anomalies and a sample of rejected rows for the data-quality page, with the
// segmentation's blank accounting (segmentation.missing: blanks per feature, filled, left out per reason).
import { runPipeline } from "../../pipeline/run.js";
import { qualityPageData } from "../../pipeline/report/quality.js";
import { buildReport } from "../../pipeline/report/build.js";

const data = await qualityPageData(await runPipeline());
// The report (and so the segmentation) may fail on a config the ingest accepted: the page then shows
// the ingest accounting and says the blanks could not be counted, and the report page shows the error.
let missing = null;
let missingError = null;
try {
  missing = (await buildReport()).report.clustering.missing;
} catch (error) {
  missingError = error instanceof Error ? error.message : String(error);
}
process.stdout.write(JSON.stringify({ ...data, missing, missingError }, null, 2));
