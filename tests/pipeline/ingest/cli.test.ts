// The guard cases through the real CLI: `workbench ingest` and `workbench features` exit non-zero with
// one clear line (and, for a guard stop, one line per top reason), never an engine error or a stack.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../pipeline/config.js";
import { CACHE_ROOT, pipelineKey } from "../../../pipeline/run.js";

const ROOT = resolve(import.meta.dirname, "../../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const CORPUS = join(ROOT, "tests/corpus/ingest");
const dir = mkdtempSync(join(tmpdir(), "ingest-cli-"));

function cli(...args: string[]): Promise<{ status: number | null; lines: string[] }> {
  return new Promise((done) => {
    const child = spawn(TSX, [join(ROOT, "pipeline", "cli.ts"), ...args], { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    // Progress lines ("ingest [0.1s] …") and warnings about the export are not part of the failure.
    child.on("close", (status) => done({ status, lines: stderr.split("\n").filter((l) => l && !/^(ingest \[|warning: )/.test(l)) }));
  });
}

function config(name: string, body: unknown): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** Exit 1, a first line "workbench: <file or key>: …" and nothing an engine or a stack would print. */
function expectOneClearLine(run: { status: number | null; lines: string[] }, first: string, reasonLines = 0) {
  expect(run.status).toBe(1);
  expect(run.lines[0]).toContain(first);
  expect(run.lines[0]).toMatch(/^workbench: /);
  expect(run.lines).toHaveLength(1 + reasonLines);
  for (const line of run.lines.slice(1)) expect(line).toMatch(/^ {2}\S/);
  for (const line of run.lines) expect(line).not.toMatch(/Binder Error|Catalog Error|LINE \d+:|^\s+at |\.ts:\d+/);
}

describe("workbench ingest stops with one clear line", () => {
  it.each([
    ["a whitespace-aligned export read as CSV", "cdnow-master.txt", {}, 'cdnow-master.txt: only one column was found ("00001 19970101  1  11.77"); the fields look aligned with spaces. Set ingest.delimiter to "whitespace"', 0],
    ["the same export with ingest.delimiter \" \"", "cdnow-master.txt", { ingest: { delimiter: " " } }, 'reads as empty fields. Set ingest.delimiter to "whitespace"', 0],
    ["a headerless CSV", "cdnow-headerless.csv", {}, "cdnow-headerless.csv: the first line (\"00001 | 19970101 | 1 | 11.77\") looks like data, not a header", 0],
    ["more rejected than ingest.maxRejectedShare", "dirty-values.csv", {}, "dirty-values.csv: 8 of 9 rows rejected (88.9%), more than ingest.maxRejectedShare (0.5) allows", 3],
    ["no row loaded", "all-bad-dates.csv", {}, 'all-bad-dates.csv: no rows loaded: all 5 rows read were rejected, most as "unparseable timestamp"', 1],
    ["a configured amount column that is not there", "cdnow.csv", { columns: { transactions: { amount: "total" } } }, 'cdnow.csv: no column for the role "amount (configured as "total")". Columns found: customer_id, date, quantity, dollar_value. Set columns.transactions.amount', 0],
    ["two currencies", "mixed-currencies.csv", {}, 'mixed-currencies.csv: the currency column "currency" holds 2 currencies', 0],
  ])("%s", async (_, input, body, first, reasons) => {
    const run = await cli("ingest", "--transactions", join(CORPUS, input), "--config", config(input, body), "--out", join(dir, "out"));
    expectOneClearLine(run, first, reasons);
  }, 60_000);

  it("names the reason and an example line for each top reason of a guard stop", async () => {
    const run = await cli("ingest", "--transactions", join(CORPUS, "all-bad-dates.csv"), "--config", config("bad-dates", {}), "--out", join(dir, "out"));
    expect(run.lines[1]).toBe('  unparseable timestamp: 5 rows, e.g. tests/corpus/ingest/all-bad-dates.csv line 2: order_timestamp="next tuesday" order_id="O1" customer_id="A" quantity="1" unit_price="5"');
  }, 60_000);
});

describe("workbench features stops with one clear line", () => {
  const ingested = join(dir, "ingested");
  beforeAll(async () => {
    const run = await cli("ingest", "--transactions", join(CORPUS, "cdnow.csv"), "--config", config("plain", {}), "--out", ingested);
    expect(run.status).toBe(0);
  }, 60_000);

  it("with 0 customers before the as-of date", async () => {
    const run = await cli("features", "--in", ingested, "--as-of", "1990-01-01", "--config", config("plain", {}), "--out", join(dir, "f1"));
    expectOneClearLine(run, "workbench: features: no customer has a purchase before the as-of date 1990-01-01: the 30 purchase lines run from 1997-01-01 to 1997-12-12. Set features.asOf (or --as-of)");
  }, 60_000);
});

describe("workbench report stops with one clear line", () => {
  let cached: string | null = null;
  // The pipeline keeps its run in the project's cache: leave none behind.
  afterAll(() => cached && rmSync(cached, { recursive: true, force: true }));

  it("when segmentation.features names a column the feature table lacks (never an engine error)", async () => {
    const body = { inputs: { transactions: join(CORPUS, "cdnow.csv"), customers: null }, segmentation: { features: ["recency", "monetary"], log: [] } };
    const file = config("unknown-feature", body);
    const { text, config: parsed } = loadConfig(file);
    cached = join(CACHE_ROOT, await pipelineKey(text, parsed));
    const run = await cli("report", "--config", file, "--out", join(dir, "report.json"));
    expectOneClearLine(run, 'workbench: segmentation.features: "recency" is not a column of the feature table; its columns are recency_days, frequency, monetary,');
  }, 120_000);
});
