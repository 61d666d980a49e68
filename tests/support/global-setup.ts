// Before any test: the bundled sample exists (a fresh clone has only its generator and checksums),
// exactly as `npm run dev` and `npm run build` make sure of in tools/setup.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../pipeline/config.js";
import { CUSTOMERS_ONLY_FILES, writeCustomersOnlySample } from "../../tools/customers-only-sample.js";
import { writeSample } from "../../tools/sample.js";

export default async function setup(): Promise<void> {
  const dir = join(PROJECT_ROOT, "data", "sample");
  if (!existsSync(join(dir, "customers.csv")) || !existsSync(join(dir, "transactions.csv"))) {
    const summary = await writeSample(dir);
    console.log(`global setup: generated the bundled sample (${summary.customers} customers, ${summary.transactionLines} lines)`);
  }
  if (Object.values(CUSTOMERS_ONLY_FILES).some((file) => !existsSync(join(dir, file)))) {
    const summary = await writeCustomersOnlySample(dir);
    console.log(`global setup: generated the customers-only sample (${summary.b2cCustomers} consumers, ${summary.b2bAccounts} accounts)`);
  }
}
