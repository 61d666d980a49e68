// The RFM page's settings: the as-of date and the committed segment rules the features were scored with.
import { runPipeline } from "../../pipeline/run.js";

const { asOf, config } = await runPipeline();
process.stdout.write(JSON.stringify({ asOf, topCategories: config.features.topCategories, rfm: config.rfm }, null, 2));
