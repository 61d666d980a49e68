// The RFM page's settings: the as-of date, the committed segment rules the features were scored with and the money's currency;
// a customers-only project has no RFM scores (no purchases), and the page says why.
import { runPipeline } from "../../pipeline/run.js";
import { CUSTOMERS_ONLY_REASONS } from "../../pipeline/report/sections/segments.js";
import { qualityCurrency } from "../lib/ingest/quality.js";

const { asOf, config, quality, transactions } = await runPipeline();
const unavailable = transactions ? null : CUSTOMERS_ONLY_REASONS.rfm;
process.stdout.write(JSON.stringify({ asOf, topCategories: config.features.topCategories, rfm: config.rfm, currency: qualityCurrency(quality), unavailable }, null, 2));
