import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fitGammaGamma } from "../../src/lib/clv/fit.js";
import { spendFrequencyCorrelation } from "../../src/lib/clv/gammaGamma.js";
import { parseConfig } from "../../src/lib/config/config.js";
import { parseCsv } from "../support/csv.js";
import { openDatabase, type Database } from "../../pipeline/duckdb.js";
import { ingest } from "../../pipeline/ingest/ingest.js";
import {
  CUSTOMER_COLUMNS,
  generateSampleRows,
  SAMPLE_GROUPS,
  SAMPLE_PRODUCTS,
  TRANSACTION_COLUMNS,
  writeSample,
  type SampleGroup,
  type SampleRows,
} from "../../tools/sample.js";

const LONG = 120_000;
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

// --- Cleaning and RFM in plain TS, as a cleaner would: the tests recompute, they don't trust the ledger.

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** Milliseconds for a valid `YYYY-MM-DD HH:MM:SS`, or null. */
function parseTimestamp(value: string): number | null {
  const m = TIMESTAMP.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  const ok = back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  return ok && y > 0 ? ms : null;
}
const INTEGER = /^-?\d+$/;
const DAY_MS = 86_400_000;
const AS_OF = Date.UTC(2025, 0, 1);

interface Rfm { recency: number; frequency: number; monetary: number; firstPurchase: number; lastPurchase: number; units: number; pence: number; saleUnits: number }

function rfm(transactions: string[][]): Map<string, Rfm> {
  const seen = new Set<string>();
  const orders = new Map<string, { customer: string; ts: number; reversal: boolean; amount: number }>();
  const per = new Map<string, Rfm>();
  for (const row of transactions) {
    const [orderId, customer, timestamp, productId, , category, quantity, unitPrice] = row;
    const key = row.join("\u0000");
    const ts = parseTimestamp(timestamp);
    if (!customer || ts === null || !INTEGER.test(quantity) || seen.has(key)) continue;
    seen.add(key);
    const q = Number(quantity);
    const pence = Math.round(Number(unitPrice) * 100);
    const reversal = orderId.startsWith("C") || q < 0;
    const order = orders.get(orderId) ?? { customer, ts, reversal, amount: 0 };
    order.amount += q * pence;
    orders.set(orderId, order);
    const c = per.get(customer) ?? { recency: 0, frequency: 0, monetary: 0, firstPurchase: Infinity, lastPurchase: -Infinity, units: 0, pence: 0, saleUnits: 0 };
    if (!reversal && productId !== "POST") {
      c.units += q;
      c.pence += q * pence;
      if (category === "Sale") c.saleUnits += q;
    }
    per.set(customer, c);
  }
  for (const o of orders.values()) {
    const c = per.get(o.customer)!;
    c.monetary += o.amount / 100;
    if (o.reversal) continue;
    c.frequency++;
    c.firstPurchase = Math.min(c.firstPurchase, o.ts);
    c.lastPurchase = Math.max(c.lastPurchase, o.ts);
  }
  // Whole days from the last purchase's date to the as-of date, as the feature SQL counts them.
  for (const c of per.values()) c.recency = (AS_OF - (c.lastPurchase - (c.lastPurchase % DAY_MS))) / DAY_MS;
  return per;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

// ---------------------------------------------------------------------------------------------

let dirA: string;
let dirB: string;
let rows: SampleRows;
let customersText: string;
let transactionsText: string;

beforeAll(async () => {
  dirA = tempDir("sample-a-");
  dirB = tempDir("sample-b-");
  await writeSample(dirA);
  await writeSample(dirB);
  rows = generateSampleRows();
  customersText = readFileSync(join(dirA, "customers.csv"), "utf-8");
  transactionsText = readFileSync(join(dirA, "transactions.csv"), "utf-8");
}, LONG);

describe("writeSample", () => {
  it("is deterministic: two runs are byte-identical and match data/sample/SHA256SUMS", () => {
    for (const name of ["customers.csv", "transactions.csv"]) {
      expect(sha256(join(dirB, name)), name).toBe(sha256(join(dirA, name)));
    }
    // The first two lines; the customers-only sample's follow (tests/tools/customers-only-sample.test.ts).
    const sums = readFileSync("data/sample/SHA256SUMS", "utf-8").split("\n").slice(0, 2).join("\n");
    expect(sums).toBe(`${sha256(join(dirA, "customers.csv"))}  customers.csv\n${sha256(join(dirA, "transactions.csv"))}  transactions.csv`);
  });

  it("gives different bytes for a different seed, and the summary it promises", async () => {
    const dir = tempDir("sample-seed-");
    const summary = await writeSample(dir, { seed: 7 });
    expect(summary).toEqual({ customers: 5000, transactionLines: expect.any(Number), files: [join(dir, "customers.csv"), join(dir, "transactions.csv")] });
    expect(sha256(join(dir, "customers.csv"))).not.toBe(sha256(join(dirA, "customers.csv")));
    expect(sha256(join(dir, "transactions.csv"))).not.toBe(sha256(join(dirA, "transactions.csv")));
    expect(summary.transactionLines).toBeGreaterThan(90_000);
    expect(summary.transactionLines).toBeLessThan(110_000);
  }, LONG);

  it("scales with --customers and rejects bad options", async () => {
    const small = generateSampleRows({ customers: 200, seed: 3 });
    expect(small.customers).toHaveLength(200);
    expect(small.transactions.length).toBeGreaterThan(3000);
    expect(small.transactions.length).toBeLessThan(5000);
    expect(small.ledger).toMatchObject({ missingCustomerIdLines: 1, unparseableTimestampLines: 1, nonNumericQuantityLines: 1, duplicateLines: 1, customersNotInFile: 1 });
    expect(() => generateSampleRows({ seed: Number("x") })).toThrow(/seed/);
    expect(() => generateSampleRows({ customers: 2.5 })).toThrow(/customers/);
    await expect(writeSample(tempDir("sample-bad-"), { customers: 0 })).rejects.toThrow(/customers/);
  }, LONG);
});

describe("the files", () => {
  it("are UTF-8 CSV with one header, \\n line endings and RFC 4180 quoting that round-trips", () => {
    for (const text of [customersText, transactionsText]) {
      expect(text.includes("\r")).toBe(false);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
    }
    const customers = parseCsv(customersText);
    const transactions = parseCsv(transactionsText);
    expect(customers[0]).toEqual([...CUSTOMER_COLUMNS]);
    expect(transactions[0]).toEqual([...TRANSACTION_COLUMNS]);
    expect(customers.slice(1)).toEqual(rows.customers);
    expect(transactions.slice(1)).toEqual(rows.transactions);
    expect(transactionsText).toContain('"Garden Gloves, M"');
    expect(transactionsText).toContain('"Framed Print ""Summer Meadow"", A3"');
    expect(customersText).toMatch(/Île-de-France|München|Düsseldorf/);
  });

  it("has 5,000 customers and 90k-110k order lines over 2023-01-01 .. 2024-12-31", () => {
    expect(rows.customers).toHaveLength(5000);
    expect(rows.transactions.length).toBeGreaterThanOrEqual(90_000);
    expect(rows.transactions.length).toBeLessThanOrEqual(110_000);
    const times = rows.transactions.map((r) => parseTimestamp(r[2])).filter((t): t is number => t !== null);
    const min = Math.min(...times.slice(0, 1000));
    const max = Math.max(...times.slice(-1000));
    expect(new Date(min).toISOString().slice(0, 10)).toBe("2023-01-01");
    expect(new Date(max).toISOString().slice(0, 10)).toBe("2024-12-31");
    expect(times.every((t) => t >= Date.UTC(2023, 0, 1) && t < AS_OF)).toBe(true);
    // Sorted by time, as an export is.
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  });

  it("has realistic customers: ids, names, emails, phones, places, channels, signups", () => {
    const ids = rows.customers.map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
    const emails = rows.customers.map((r) => r[3]);
    expect(new Set(emails).size).toBe(emails.length);
    const places = new Map<string, string>();
    const channels = ["organic search", "paid search", "social", "email", "referral", "marketplace"];
    const bad = rows.customers.filter(([id, first, last, email, phone, signup, birthYear, gender, city, region, country, channel]) => {
      const place = `${region} / ${country}`;
      const samePlace = (places.get(city) ?? place) === place;
      places.set(city, place);
      return !(
        /^C\d{5}$/.test(id) && first && last &&
        /^[a-z]+\.[a-z]+\d+@example\.(com|org|net)$/.test(email) &&
        /^(\+\d{2,3}( \d{1,6})+)?$/.test(phone) &&
        parseTimestamp(`${signup} 00:00:00`) !== null &&
        /^(19[4-9]\d|200[0-6])?$/.test(birthYear) &&
        ["F", "M", "X", ""].includes(gender) && channels.includes(channel) && samePlace
      );
    });
    expect(bad).toEqual([]);
    expect(new Set([...places.values()].map((p) => p.split(" / ")[1]))).toEqual(new Set(["United Kingdom", "Germany", "France", "Netherlands", "Spain", "Ireland"]));
    expect(rows.customers.filter((r) => r[5] < "2023-01-01").length).toBeGreaterThan(1000);
    expect(new Set(rows.customers.map((r) => r[7]))).toEqual(new Set(["F", "M", "X", ""]));
    // Nobody orders before signing up.
    const signup = new Map(rows.customers.map((r) => [r[0], r[5]]));
    const early = rows.transactions.filter((r) => signup.has(r[1]) && parseTimestamp(r[2]) !== null && r[2].slice(0, 10) < signup.get(r[1])!);
    expect(early).toEqual([]);
  });

  it("has a catalogue of ~150 products in 8 categories with stable names and prices", () => {
    expect(SAMPLE_PRODUCTS.length).toBeGreaterThanOrEqual(140);
    expect(SAMPLE_PRODUCTS.length).toBeLessThanOrEqual(160);
    expect(new Set(SAMPLE_PRODUCTS.map((p) => p.category)).size).toBe(8);
    const byId = new Map<string, string>();
    const bad = rows.transactions.filter(([orderId, , , productId, name, category, , price]) => {
      if (!/^[ORC]\d{6}$/.test(orderId) || !/^\d+\.\d{2}$/.test(price)) return true;
      if (productId === "POST") return false; // postage depends on the destination
      const product = `${name}|${category}|${price}`;
      const stable = (byId.get(productId) ?? product) === product;
      byId.set(productId, product);
      return !stable;
    });
    expect(bad).toEqual([]);
    expect(byId.size).toBeGreaterThan(140);
    const lines = new Map<string, number>();
    for (const r of rows.transactions) lines.set(r[0], (lines.get(r[0]) ?? 0) + 1);
    expect(Math.min(...lines.values())).toBe(1);
    expect(Math.max(...lines.values())).toBe(6);
  });
});

describe("the planted quirks", () => {
  const count = (predicate: (r: string[]) => boolean) => rows.transactions.filter(predicate).length;

  it("has ~2% returns: R orders, negative quantities, of products the customer bought earlier", () => {
    const returns = rows.transactions.filter((r) => r[0].startsWith("R"));
    expect(returns.length / rows.transactions.length).toBeGreaterThan(0.015);
    expect(returns.length / rows.transactions.length).toBeLessThan(0.025);
    expect(returns.every((r) => Number(r[6]) < 0 && r[1] !== "")).toBe(true);
    const bought = new Map<string, number>();
    for (const r of rows.transactions) {
      if (!r[0].startsWith("O") || !INTEGER.test(r[6])) continue;
      const ts = parseTimestamp(r[2]);
      const key = `${r[1]}|${r[3]}`;
      if (ts !== null && ts < (bought.get(key) ?? Infinity)) bought.set(key, ts);
    }
    expect(returns.filter((r) => !(bought.get(`${r[1]}|${r[3]}`)! < parseTimestamp(r[2])!))).toEqual([]);
    expect(returns.length).toBe(rows.ledger.returnLines);
  });

  it("has ~1% cancellations: C orders reversing an earlier order of the same customer", () => {
    const cancellations = rows.transactions.filter((r) => r[0].startsWith("C"));
    expect(cancellations.length / rows.transactions.length).toBeGreaterThan(0.007);
    expect(cancellations.length / rows.transactions.length).toBeLessThan(0.013);
    expect(cancellations.every((r) => Number(r[6]) < 0)).toBe(true);
    const purchases = new Set(rows.transactions.filter((r) => r[0].startsWith("O")).map((r) => `${r[1]}|${r[3]}|${-Number(r[6])}`));
    expect(cancellations.filter((r) => !purchases.has(`${r[1]}|${r[3]}|${r[6]}`))).toEqual([]);
    expect(cancellations.length).toBe(rows.ledger.cancellationLines);
  });

  it("has exactly 20 each of missing customer id, unparseable timestamp, non-numeric quantity and exact duplicate", () => {
    expect(count((r) => r[1] === "")).toBe(20);
    expect(count((r) => parseTimestamp(r[2]) === null)).toBe(20);
    expect(count((r) => !INTEGER.test(r[6]))).toBe(20);
    expect(rows.transactions.filter((r) => !INTEGER.test(r[6])).map((r) => r[6])).toContain("two");
    const seen = new Set<string>();
    let duplicates = 0;
    for (const r of rows.transactions) {
      const key = r.join("\u0000");
      if (seen.has(key)) duplicates++;
      seen.add(key);
    }
    expect(duplicates).toBe(20);
    // One defect per dirty row, so each is counted under one reason.
    expect(count((r) => [r[1] === "", parseTimestamp(r[2]) === null, !INTEGER.test(r[6])].filter(Boolean).length > 1)).toBe(0);
    expect(rows.ledger).toMatchObject({ missingCustomerIdLines: 20, unparseableTimestampLines: 20, nonNumericQuantityLines: 20, duplicateLines: 20 });
  });

  it("has 30 postage lines: POST, Postage, no category", () => {
    const postage = rows.transactions.filter((r) => r[3] === "POST");
    expect(postage).toHaveLength(30);
    expect(postage.every((r) => r[4] === "Postage" && r[5] === "" && r[6] === "1" && Number(r[7]) > 0)).toBe(true);
  });

  it("has ~3% of customers who never order and 5 ordering customers missing from customers.csv", () => {
    const inFile = new Set(rows.customers.map((r) => r[0]));
    const ordering = new Set(rows.transactions.map((r) => r[1]).filter(Boolean));
    const never = [...inFile].filter((id) => !ordering.has(id));
    expect(never).toHaveLength(150);
    const missing = [...ordering].filter((id) => !inFile.has(id));
    expect(missing).toHaveLength(5);
    expect(count((r) => missing.includes(r[1]))).toBe(rows.ledger.linesOfCustomersNotInFile);
    expect(never.every((id) => rows.groupOf.get(id) === "never")).toBe(true);
  });
});

describe("the planted groups", () => {
  let features: Map<string, Rfm>;
  const members = (group: SampleGroup) => [...rows.groupOf].filter(([, g]) => g === group).map(([id]) => features.get(id)!);
  const medianOf = (group: SampleGroup, f: (c: Rfm) => number) => median(members(group).map(f));

  beforeAll(() => {
    features = rfm(rows.transactions);
  });

  it("are not in the files, and have the promised shares", () => {
    expect(CUSTOMER_COLUMNS.join()).not.toMatch(/group|segment/);
    const inFile = rows.customers.map((r) => rows.groupOf.get(r[0])!);
    for (const group of Object.keys(SAMPLE_GROUPS) as SampleGroup[]) {
      const share = inFile.filter((g) => g === group).length / inFile.length;
      expect(Math.abs(share - SAMPLE_GROUPS[group].share), group).toBeLessThan(0.001);
    }
    expect(rows.groupOf.size).toBe(5005);
  });

  it("every ordering customer has features; nobody in `never` does", () => {
    expect([...rows.groupOf].filter(([id, group]) => features.has(id) !== (group !== "never"))).toEqual([]);
  });

  it("order by monetary: loyal > regulars > one-off, and loyal the most frequent and recent", () => {
    const monetary = (g: SampleGroup) => medianOf(g, (c) => c.monetary);
    expect(monetary("loyal")).toBeGreaterThan(2 * monetary("regular"));
    expect(monetary("regular")).toBeGreaterThan(2 * monetary("one_off"));
    expect(monetary("lapsed")).toBeGreaterThan(monetary("one_off"));
    expect(medianOf("loyal", (c) => c.frequency)).toBeGreaterThan(medianOf("bargain", (c) => c.frequency));
    expect(medianOf("loyal", (c) => c.recency)).toBeLessThanOrEqual(30);
    expect(medianOf("regular", (c) => c.recency)).toBeLessThan(120);
  });

  it("bargain hunters order often, small and cheap, mostly from Sale", () => {
    expect(medianOf("bargain", (c) => c.frequency)).toBeGreaterThan(medianOf("regular", (c) => c.frequency));
    const unitPrice = (g: SampleGroup) => medianOf(g, (c) => c.pence / c.units / 100);
    expect(unitPrice("bargain")).toBeLessThan(unitPrice("regular") / 2);
    expect(medianOf("bargain", (c) => c.saleUnits / c.units)).toBeGreaterThan(0.5);
    expect(medianOf("regular", (c) => c.saleUnits / c.units)).toBeLessThan(0.1);
    expect(medianOf("bargain", (c) => c.monetary / c.frequency)).toBeLessThan(medianOf("regular", (c) => c.monetary / c.frequency) / 2);
  });

  it("new customers signed up and first ordered in the last 90 days", () => {
    const signup = new Map(rows.customers.map((r) => [r[0], r[5]]));
    const late = (id: string) => AS_OF - features.get(id)!.firstPurchase <= 90 * DAY_MS;
    const newIds = [...rows.groupOf].filter(([, g]) => g === "new").map(([id]) => id);
    expect(newIds.length).toBeGreaterThanOrEqual(500);
    expect(newIds.filter((id) => !late(id) || (signup.has(id) && signup.get(id)! < "2024-10-03") || features.get(id)!.frequency > 3)).toEqual([]);
    // Nobody else starts that late.
    const others = [...rows.groupOf].filter(([id, g]) => g !== "new" && g !== "never" && late(id));
    expect(others).toEqual([]);
  });

  it("lapsed customers bought in 2023 only: recency over 270 days", () => {
    expect(members("lapsed").every((c) => c.recency > 270 && c.lastPurchase < Date.UTC(2024, 0, 1))).toBe(true);
    expect(members("lapsed").every((c) => c.frequency >= 3)).toBe(true);
    expect(medianOf("loyal", (c) => c.recency)).toBeLessThan(medianOf("lapsed", (c) => c.recency) / 10);
  });

  it("one-off buyers have exactly one order, not in the last 90 days", () => {
    expect(members("one_off").every((c) => c.frequency === 1 && c.recency > 90)).toBe(true);
  });
});

/**
 * Gamma-Gamma's input recounted from the rows: per customer, clean purchase orders (not cancellations
 * or returns) up to `lastDay`, one purchase per day (its orders' values summed), and the mean value of
 * the purchases after the first one.
 */
function repeatSpend(transactions: string[][], lastDay: string): { x: Float64Array; m: Float64Array } {
  const seen = new Set<string>();
  const orders = new Map<string, { customer: string; day: string; pence: number; reversal: boolean }>();
  for (const row of transactions) {
    const [orderId, customer, timestamp, , , , quantity, unitPrice] = row;
    const key = row.join("\u0000");
    if (!customer || parseTimestamp(timestamp) === null || !INTEGER.test(quantity) || seen.has(key)) continue;
    seen.add(key);
    const order = orders.get(orderId) ?? { customer, day: timestamp.slice(0, 10), pence: 0, reversal: false };
    order.pence += Number(quantity) * Math.round(Number(unitPrice) * 100);
    order.reversal ||= orderId.startsWith("C") || Number(quantity) < 0;
    orders.set(orderId, order);
  }
  const days = new Map<string, Map<string, number>>();
  for (const o of orders.values()) {
    if (o.reversal || o.day > lastDay) continue;
    const byDay = days.get(o.customer) ?? new Map<string, number>();
    byDay.set(o.day, (byDay.get(o.day) ?? 0) + o.pence);
    days.set(o.customer, byDay);
  }
  const x: number[] = [];
  const m: number[] = [];
  for (const byDay of days.values()) {
    const values = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, pence]) => pence / 100);
    if (values.length < 2) continue;
    x.push(values.length - 1);
    m.push(values.slice(1).reduce((sum, v) => sum + v, 0) / (values.length - 1));
  }
  return { x: Float64Array.from(x), m: Float64Array.from(m) };
}

describe("the planted spend", () => {
  // The whole window (the report's predictions) and to 2024-10-02 (the report's validation, 90 days held out).
  it.each(["2024-12-31", "2024-10-02"])("fits Gamma-Gamma with finite mean spend (q > 1), to %s", (lastDay) => {
    const data = repeatSpend(rows.transactions, lastDay);
    expect(data.x.length).toBeGreaterThan(3000);
    const fit = fitGammaGamma(data);
    expect(fit.converged).toBe(true);
    expect(fit.params.q).toBeGreaterThan(1.5);
    expect(fit.params.q).toBeLessThan(4);
    expect(fit.standardErrors).not.toBeNull();
    // p is estimated, not run off to infinity (within-customer spread would then be invisible).
    expect(fit.params.p).toBeLessThan(100);
    expect(fit.standardErrors!.q).toBeLessThan(fit.params.q / 10);
    // What the model assumes: spend per purchase and purchase frequency nearly unrelated.
    expect(Math.abs(spendFrequencyCorrelation(data)!)).toBeLessThan(0.3);
  });

  it("keeps the groups' order values apart: loyal about £100, occasional groups £50-80, bargain hunters about £20", () => {
    const features = rfm(rows.transactions);
    const aov = (group: SampleGroup) =>
      median([...rows.groupOf].filter(([, g]) => g === group).map(([id]) => features.get(id)!).map((c) => c.monetary / c.frequency));
    expect(aov("loyal")).toBeGreaterThan(90);
    expect(aov("loyal")).toBeLessThan(120);
    for (const group of ["regular", "lapsed", "new"] as const) {
      expect(aov(group), group).toBeGreaterThan(50);
      expect(aov(group), group).toBeLessThan(80);
    }
    expect(aov("bargain")).toBeGreaterThan(15);
    expect(aov("bargain")).toBeLessThan(25);
  });
});

describe("ingesting the sample", () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase();
  }, LONG);
  afterAll(() => db?.close());

  it("accounts for exactly the planted dirty rows and keeps the rest", async () => {
    const quality = await ingest(db, {
      transactions: join(dirA, "transactions.csv"),
      customers: join(dirA, "customers.csv"),
      config: parseConfig({}),
      outDir: join(tempDir("sample-ingest-"), "out"),
    });
    const t = quality.transactions!;
    expect(t.rowsRead).toBe(rows.transactions.length);
    expect(t.rejectedByReason).toEqual({ "missing customer id": 20, "unparseable timestamp": 20, "non-numeric quantity": 20, duplicate: 20 });
    expect(t.rowsLoaded).toBe(rows.transactions.length - 80);
    expect(t.nonProductLines).toBe(30);
    expect(t.returnLines).toBe(rows.ledger.returnLines + rows.ledger.cancellationLines);
    expect(t.customers).toBe(4855);
    expect(t.firstTimestamp?.slice(0, 10)).toBe("2023-01-01");
    expect(t.lastTimestamp?.slice(0, 10)).toBe("2024-12-31");
    expect(quality.customers).toMatchObject({ rowsRead: 5000, rowsLoaded: 5000, rowsRejected: 0 });
  }, LONG);
});
