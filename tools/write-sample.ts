/**
 * Writes the bundled sample exports (tools/sample.ts) to a folder:
 *   npm run -s sample -- [--out DIR] [--seed N] [--customers N]     (default --out data/sample)
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeSample } from "./sample.js";

const { values } = parseArgs({ options: { out: { type: "string", default: "data/sample" }, seed: { type: "string" }, customers: { type: "string" } }, strict: true });
const whole = (name: string, text: string) => {
  const x = Number(text);
  if (!Number.isInteger(x) || x < 1) {
    console.error(`sample: --${name} ${text}: expected a whole number ≥ 1`);
    process.exit(2);
  }
  return x;
};
const out = resolve(values.out!);
const summary = await writeSample(out, {
  ...(values.seed ? { seed: whole("seed", values.seed) } : {}),
  ...(values.customers ? { customers: whole("customers", values.customers) } : {}),
});
console.error(`sample: ${summary.customers} customers, ${summary.transactionLines} transaction lines → ${out}`);
