// The audience page's settings from the committed config: its audiences (name, rule, play), the value
// an audience sums and its currency, the as-of date and the recommendation floors its CRM export's next
// best products use. A customers-only project has no purchases: no value column (unless
// report.valueColumns names one column) and no next best products, and the page says so.
import { AUDIENCE_VALUE_COLUMN } from "../../src/lib/actions/audienceTable.js";
import { runPipeline } from "../../pipeline/run.js";

const { asOf, config, quality, transactions } = await runPipeline();
const { minSupport, minCustomers, minLift, nextBest } = config.recommendations;
const valueColumns = config.report.valueColumns ?? [];
const valueColumn = transactions ? AUDIENCE_VALUE_COLUMN : valueColumns.length === 1 ? valueColumns[0] : null;
process.stdout.write(
  JSON.stringify(
    {
      asOf,
      transactions: transactions !== null,
      valueColumn,
      currency: quality.transactions?.currency ?? null,
      audiences: config.audiences,
      recommendations: { minSupport, minCustomers, minLift, nextBest: transactions ? nextBest : 0 },
    },
    null,
    2,
  ),
);
