/**
 * The audience page's settings (src/data/audiences.json.ts) from the config: its audiences (name, rule,
 * play), the value an audience sums and its currency, the as-of date, the recommendation floors its CRM
 * export's next best products use, and whether the site may hand out member lists. A customers-only
 * project has no purchases: no value column (unless report.valueColumns names one column) and no next
 * best products, and the page says so.
 */
import { AUDIENCE_VALUE_COLUMN } from "../../src/lib/actions/audienceTable.js";
import { runPipeline } from "../run.js";

export async function audiencePageSettings(configFile?: string) {
  const { asOf, config, quality, transactions } = await runPipeline(configFile);
  const { minSupport, minCustomers, minLift, nextBest } = config.recommendations;
  const valueColumns = config.report.valueColumns ?? [];
  return {
    asOf,
    transactions: transactions !== null,
    valueColumn: transactions ? AUDIENCE_VALUE_COLUMN : valueColumns.length === 1 ? valueColumns[0] : null,
    currency: quality.transactions?.currency ?? null,
    audiences: config.audiences,
    recommendations: { minSupport, minCustomers, minLift, nextBest: transactions ? nextBest : 0 },
    // report.publishExport promises that the site hands out no list of customers for a CRM unless it is
    // true: the page's CRM export of an audience's members (the same file as `export --audience`) is
    // offered only then; otherwise the page shows sizes and says how to get the lists.
    publishExport: config.report.publishExport,
  };
}
