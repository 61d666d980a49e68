// The published segmentation: the committed config run over the configured inputs.
import { buildReport } from "../../pipeline/report/build.js";

const { report } = await buildReport();
process.stdout.write(JSON.stringify(report, null, 2));
