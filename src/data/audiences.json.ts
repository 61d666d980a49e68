// The audience page's settings from the committed config: its audiences (name, rule, play), the value
// an audience sums and its currency, the as-of date and the recommendation floors its CRM export's next
// best products use.
import { AUDIENCE_VALUE_COLUMN } from "../../src/lib/actions/audienceTable.js";
import { runPipeline } from "../../pipeline/run.js";

const { asOf, config, quality } = await runPipeline();
const { minSupport, minCustomers, minLift, nextBest } = config.recommendations;
process.stdout.write(JSON.stringify({ asOf, valueColumn: AUDIENCE_VALUE_COLUMN, currency: quality.transactions.currency, audiences: config.audiences, recommendations: { minSupport, minCustomers, minLift, nextBest } }, null, 2));
