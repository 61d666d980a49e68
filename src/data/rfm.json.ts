// The RFM page's settings: the as-of date, the committed segment rules the features were scored with and the money's currency.
import { runPipeline } from "../../pipeline/run.js";

const { asOf, config, quality } = await runPipeline();
process.stdout.write(JSON.stringify({ asOf, topCategories: config.features.topCategories, rfm: config.rfm, currency: quality.transactions.currency }, null, 2));
