/**
 * Writes the bundled samples to a folder: the transactional sample (tools/sample.ts) and the
 * customers-only sample (tools/customers-only-sample.ts):
 *   npm run -s sample -- [--out DIR] [--seed N] [--customers N] [--b2c N] [--b2b N]     (default --out data/sample)
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeCustomersOnlySample } from "./customers-only-sample.js";
import { writeSample } from "./sample.js";

const { values } = parseArgs({
  options: { out: { type: "string", default: "data/sample" }, seed: { type: "string" }, customers: { type: "string" }, b2c: { type: "string" }, b2b: { type: "string" } },
  strict: true,
});
const whole = (name: string, text: string) => {
  const x = Number(text);
  if (!Number.isInteger(x) || x < 1) {
    console.error(`sample: --${name} ${text}: expected a whole number ≥ 1`);
    process.exit(2);
  }
  return x;
};
const out = resolve(values.out!);
const seed = values.seed ? { seed: whole("seed", values.seed) } : {};
const summary = await writeSample(out, { ...seed, ...(values.customers ? { customers: whole("customers", values.customers) } : {}) });
console.error(`sample: ${summary.customers} customers, ${summary.transactionLines} transaction lines → ${out}`);
const attributes = await writeCustomersOnlySample(out, {
  ...seed,
  ...(values.b2c ? { b2cCustomers: whole("b2c", values.b2c) } : {}),
  ...(values.b2b ? { b2bAccounts: whole("b2b", values.b2b) } : {}),
});
console.error(`sample: customers only: ${attributes.b2cCustomers} consumers, ${attributes.b2bAccounts} business accounts → ${out}`);
