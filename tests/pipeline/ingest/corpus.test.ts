// Every hand-made bad export in tests/corpus/ingest/cases.json, with the error or the exact
// row accounting and typed values it must produce.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/lib/config/config.js";
import { openDatabase, type Database } from "../../../pipeline/duckdb.js";
import { ingest } from "../../../pipeline/ingest/ingest.js";

interface Case {
  input: string;
  why: string;
  config?: Record<string, unknown>;
  expect: {
    error?: string;
    rowsRead?: number;
    rowsLoaded?: number;
    rejectedByReason?: Record<string, number>;
    dateOrder?: string | null;
    orders?: number;
    lines?: Record<string, unknown>[];
    /** Like lines, for the first loaded lines only. */
    firstLines?: Record<string, unknown>[];
    rejects?: [number, string][];
    /** Net revenue, and the hand computation it must equal ("a + b × c + (-d)"; text before a colon is a note). */
    revenue?: number;
    hand?: string;
    /** Any other quality.json figures, matched as a subset. */
    quality?: Record<string, unknown>;
    /** The warnings, in order, each given by a part of its text; [] means none. */
    warnings?: string[];
  };
}

/**
 * Evaluates a hand computation: terms joined by " + ", each a number or a product "a × b × …";
 * negative numbers in parentheses. Returns null when the text is a note, not a sum (it has words).
 */
function handSum(hand: string): number | null {
  const sum = hand.includes(": ") ? hand.slice(hand.lastIndexOf(": ") + 2) : hand;
  if (/[a-zΣ]/i.test(sum)) return null;
  const total = sum
    .split(" + ")
    .map((term) => term.split(" × ").reduce((product, factor) => product * Number(factor.replace(/[()]/g, "")), 1))
    .reduce((a, b) => a + b, 0);
  return Math.round(total * 100) / 100;
}

const CORPUS = resolve("tests/corpus/ingest");
const { cases } = JSON.parse(readFileSync(join(CORPUS, "cases.json"), "utf-8")) as { cases: Case[] };

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

describe("ingest corpus", () => {
  it("has at least 20 distinct bad exports", () => {
    expect(new Set(cases.map((c) => c.input)).size).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [`${c.input}: ${c.why}`, c] as const))("%s", async (_, c) => {
    const outDir = join(mkdtempSync(join(tmpdir(), "corpus-")), "out");
    const warnings: string[] = [];
    const run = ingest(db, { transactions: join(CORPUS, c.input), config: parseConfig(c.config ?? {}), outDir, onWarning: (w) => warnings.push(w) });
    if (c.expect.error) {
      await expect(run).rejects.toThrow(c.expect.error);
      return;
    }
    const q = (await run).transactions!;
    expect(q.rowsLoaded + q.rowsRejected).toBe(q.rowsRead);
    expect({ rowsRead: q.rowsRead, rowsLoaded: q.rowsLoaded, rejectedByReason: q.rejectedByReason }).toEqual({
      rowsRead: c.expect.rowsRead,
      rowsLoaded: c.expect.rowsLoaded,
      rejectedByReason: c.expect.rejectedByReason,
    });
    if (c.expect.revenue !== undefined) {
      expect(q.netRevenue).toBe(c.expect.revenue);
      const hand = c.expect.hand ? handSum(c.expect.hand) : null;
      if (hand !== null) expect(hand).toBe(c.expect.revenue);
    }
    if (c.expect.quality) expect(q).toMatchObject(c.expect.quality);
    if (c.expect.warnings) {
      expect(q.warnings).toEqual(warnings);
      expect(q.warnings).toHaveLength(c.expect.warnings.length);
      c.expect.warnings.forEach((part, i) => expect(q.warnings[i]).toContain(part));
    }
    if (c.expect.dateOrder !== undefined) expect(q.dateOrder).toBe(c.expect.dateOrder);
    if (c.expect.orders !== undefined) expect(q.orders).toBe(c.expect.orders);
    if (c.expect.lines || c.expect.firstLines) {
      const lines = await db.all<Record<string, unknown>>(`
        SELECT * EXCLUDE (order_ts), strftime(order_ts, '%Y-%m-%d %H:%M:%S') AS order_ts, CAST(length(product_name) AS INTEGER) AS product_name_length
        FROM read_parquet('${join(outDir, "transactions.parquet")}') ORDER BY source_file, source_line`);
      if (c.expect.lines) expect(lines).toHaveLength(c.expect.lines.length);
      (c.expect.lines ?? c.expect.firstLines!).forEach((expected, i) => expect(lines[i]).toMatchObject(expected));
    }
    if (c.expect.rejects) {
      const rejects = await db.all<{ source_line: number; reason: string }>(
        `SELECT source_line, reason FROM read_parquet('${join(outDir, "rejects.parquet")}') ORDER BY source_file, source_line`,
      );
      expect(rejects.map((r) => [r.source_line, r.reason])).toEqual(c.expect.rejects);
    }
  });
});
