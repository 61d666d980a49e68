/**
 * Runs before `dev` and `build`: makes sure the bundled sample exists, fills Framework's npm cache
 * from node_modules so nothing is fetched from a CDN, and clears Framework's cached loader outputs
 * when the config, the inputs or the pipeline code changed (Framework itself only watches the
 * loader files' own timestamps).
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadConfig, PROJECT_ROOT } from "../pipeline/config.js";
import { buildReport } from "../pipeline/report/build.js";
import { pipelineKey } from "../pipeline/run.js";
import { CUSTOMERS_ONLY_FILES, writeCustomersOnlySample } from "./customers-only-sample.js";
import { writeSample } from "./sample.js";
import { staleSampleFiles } from "./sampleChecksums.js";
import { fillNpmCache } from "./offline-cache.js";

const started = Date.now();
const sampleDir = join(PROJECT_ROOT, "data", "sample");
const SAMPLE_FILES = ["customers.csv", "transactions.csv"];
const staleSample = staleSampleFiles(sampleDir, SAMPLE_FILES);
if (staleSample.length) {
  const summary = await writeSample(sampleDir);
  console.log(`setup: generated the bundled sample (${describeStale(staleSample)}): ${summary.customers} customers, ${summary.transactionLines} transaction lines → data/sample/`);
  warnIfStillStale(SAMPLE_FILES);
}
const staleCustomersOnly = staleSampleFiles(sampleDir, Object.values(CUSTOMERS_ONLY_FILES));
if (staleCustomersOnly.length) {
  const summary = await writeCustomersOnlySample(sampleDir);
  console.log(`setup: generated the customers-only sample (${describeStale(staleCustomersOnly)}): ${summary.b2cCustomers} consumers, ${summary.b2bAccounts} business accounts → data/sample/`);
  warnIfStillStale(Object.values(CUSTOMERS_ONLY_FILES));
}

function describeStale(names: string[]): string {
  const present = names.filter((name) => existsSync(join(sampleDir, name)));
  return present.length ? `${present.join(", ")} did not match data/sample/SHA256SUMS: made by an older generator` : "missing";
}

/** The generator is deterministic; a mismatch right after writing means SHA256SUMS is out of date (tests/tools/sample.test.ts says so too). */
function warnIfStillStale(names: string[]): void {
  const still = staleSampleFiles(sampleDir, names);
  if (still.length) console.warn(`setup: ${still.join(", ")} still differ from data/sample/SHA256SUMS after regenerating: the committed checksums are out of date`);
}

await fillNpmCache(join(PROJECT_ROOT, "src"));

/** A config or input that cannot be used: one line, no stack trace, and a non-zero exit before Framework runs. */
function fail(error: unknown): never {
  console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

let loaded: ReturnType<typeof loadConfig>;
try {
  loaded = loadConfig();
} catch (error) {
  fail(error);
}
const { text, config } = loaded;
// A database input is stamped by a query (its rows' count and checksum): an unreachable server stops here.
let key: string;
try {
  key = await pipelineKey(text, config);
} catch (error) {
  fail(error);
}
const cacheDir = join(PROJECT_ROOT, "src", ".observablehq", "cache");
const stampFile = join(cacheDir, "workbench-pipeline.key");
if (!existsSync(stampFile) || readFileSync(stampFile, "utf-8") !== key) {
  await rm(join(cacheDir, "data"), { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  await writeFile(stampFile, key);
  console.log("setup: config, inputs or pipeline code changed: data loaders will run again");
}

// Run the pipeline now (the loaders then read its cached outputs), so that a missing or broken export
// stops here with one line naming the file and the cause, before Framework starts: `observable build`
// empties dist/ first, and a loader failing halfway would leave a half-written site behind.
// `workbench run` (pipeline/refresh.ts) runs the pipeline itself right after setup, stage by stage with
// its progress, and sets WORKBENCH_SETUP_PIPELINE=skip.
if (process.env.WORKBENCH_SETUP_PIPELINE !== "skip") {
  try {
    await buildReport();
  } catch (error) {
    fail(error);
  }
}
console.log(`setup: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
