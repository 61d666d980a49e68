// Before any test: the bundled sample exists (a fresh clone has only its generator and checksums),
// exactly as `npm run dev` and `npm run build` make sure of in scripts/setup.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../loaders/config.js";
import { writeSample } from "../../loaders/sample.js";

export default async function setup(): Promise<void> {
  const dir = join(PROJECT_ROOT, "data", "sample");
  if (!existsSync(join(dir, "customers.csv")) || !existsSync(join(dir, "transactions.csv"))) {
    const summary = await writeSample(dir);
    console.log(`global setup: generated the bundled sample (${summary.customers} customers, ${summary.transactionLines} lines)`);
  }
}
