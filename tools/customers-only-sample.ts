/**
 * The customers-only sample: two attribute exports with no transactions, for segmenting customers
 * on who they are.
 *
 * - `b2c-customers.csv`: a retailer's consumers with demographics (birth year, gender, country,
 *   region, annual income), a spending score and survey answers on 1–5 Likert scales, and a
 *   lifestyle answer.
 * - `b2b-accounts.csv`: a wholesaler's business accounts with industry, employee band, country,
 *   region, sales channel, products held and annual spend per product category.
 *
 * Each has planted groups. Their labels are in separate truth files (`b2c-truth.csv`,
 * `b2b-truth.csv`: id, group), never in the exports, so neither clustering nor any page can see
 * them; tests check the groups are recovered. The exports have the quirks of real ones: blanks
 * (income not given, survey questions skipped, spend not reported), a few outliers (an income typed
 * with an extra zero, a placeholder birth year 1900, a one-off bulk order) and zero spends.
 *
 * All random choices come from one seeded generator per file (`src/lib/stats/random.ts`), with
 * seeds derived from the sample seed, so the transactional sample's files are unchanged and the
 * same options always give byte-identical files. data/sample/README.md documents the columns.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pick, randomInt, randomNormal, seededRandom, type Random } from "../src/lib/stats/random.js";

export const DEFAULT_CUSTOMERS_ONLY_SEED = 20240101;
export const DEFAULT_B2C_CUSTOMERS = 2000;
export const DEFAULT_B2B_ACCOUNTS = 800;
/** Ages are counted to this year: age = AGE_YEAR − birth_year (the transactional sample's as-of date is 2025-01-01). */
export const AGE_YEAR = 2025;

export const CUSTOMERS_ONLY_FILES = {
  b2c: "b2c-customers.csv",
  b2cTruth: "b2c-truth.csv",
  b2b: "b2b-accounts.csv",
  b2bTruth: "b2b-truth.csv",
} as const;

export const B2C_COLUMNS = [
  "customer_id", "birth_year", "gender", "country", "region", "annual_income", "spending_score",
  "fashion_interest", "tech_interest", "home_interest", "outdoors_interest", "price_sensitivity", "lifestyle", "signup_date",
] as const;

/** The survey answers, 1 (not at all) … 5 (very much); a blank is a skipped question. */
export const B2C_LIKERT = ["fashion_interest", "tech_interest", "home_interest", "outdoors_interest", "price_sensitivity"] as const;

export const B2B_SPEND = ["fresh_spend", "milk_spend", "grocery_spend", "frozen_spend", "detergents_paper_spend", "delicatessen_spend"] as const;

export const B2B_COLUMNS = [
  "account_id", "industry", "employee_band", "country", "region", "channel", "customer_since", "products_held", ...B2B_SPEND,
] as const;

type Likert = Record<(typeof B2C_LIKERT)[number], number>;

interface B2cGroup {
  label: string;
  share: number;
  description: string;
  age: [number, number];
  /** Median annual income (£) and the spread of its log. */
  income: number;
  spendingScore: [mean: number, sd: number];
  likert: Likert;
  lifestyle: Record<string, number>;
}

/** The planted consumer groups (shares of b2c-customers.csv rows, exact). */
export const B2C_GROUPS = {
  young_trendsetters: {
    label: "Young trendsetters",
    share: 0.25,
    description: "18–29, modest income, high spending score, into fashion and tech",
    age: [18, 29],
    income: 27_000,
    spendingScore: [78, 9],
    likert: { fashion_interest: 4.6, tech_interest: 4.3, home_interest: 1.8, outdoors_interest: 2.2, price_sensitivity: 3 },
    lifestyle: { student: 45, "urban single": 45, family: 5, professional: 5 },
  },
  affluent_professionals: {
    label: "Affluent professionals",
    share: 0.2,
    description: "30–45, high income, high spending score, into tech, not price-sensitive",
    age: [30, 45],
    income: 95_000,
    spendingScore: [72, 9],
    likert: { fashion_interest: 3.2, tech_interest: 4.5, home_interest: 3, outdoors_interest: 3, price_sensitivity: 1.4 },
    lifestyle: { professional: 75, "urban single": 15, family: 10 },
  },
  family_homemakers: {
    label: "Family homemakers",
    share: 0.25,
    description: "32–50, middle income, middle spending score, into home and outdoors, price-sensitive",
    age: [32, 50],
    income: 52_000,
    spendingScore: [50, 9],
    likert: { fashion_interest: 2.4, tech_interest: 2.6, home_interest: 4.7, outdoors_interest: 4, price_sensitivity: 4 },
    lifestyle: { family: 85, professional: 10, "urban single": 5 },
  },
  careful_savers: {
    label: "Careful savers",
    share: 0.15,
    description: "45–62, good income, low spending score, very price-sensitive, few interests",
    age: [45, 62],
    income: 68_000,
    spendingScore: [18, 7],
    likert: { fashion_interest: 1.5, tech_interest: 2, home_interest: 2.5, outdoors_interest: 2, price_sensitivity: 4.8 },
    lifestyle: { professional: 50, family: 40, retired: 10 },
  },
  active_retirees: {
    label: "Active retirees",
    share: 0.15,
    description: "65–85, modest income, middle spending score, into outdoors and home, not into tech",
    age: [65, 85],
    income: 31_000,
    spendingScore: [45, 10],
    likert: { fashion_interest: 1.8, tech_interest: 1.3, home_interest: 4, outdoors_interest: 4.7, price_sensitivity: 3.2 },
    lifestyle: { retired: 90, family: 10 },
  },
} as const satisfies Record<string, B2cGroup>;

export type B2cGroupName = keyof typeof B2C_GROUPS;

interface B2bGroup {
  label: string;
  share: number;
  description: string;
  industry: Record<string, number>;
  employees: Record<string, number>;
  channel: Record<string, number>;
  /** Median annual spend (£) per category. */
  spend: Record<(typeof B2B_SPEND)[number], number>;
  products: [mean: number, sd: number];
}

/** The planted account groups (shares of b2b-accounts.csv rows, exact). */
export const B2B_GROUPS = {
  horeca: {
    label: "Hotels, restaurants and cafés",
    share: 0.35,
    description: "Horeca channel, hospitality, small teams; high fresh, frozen and delicatessen spend",
    industry: { Hospitality: 85, Education: 5, Healthcare: 5, Retail: 5 },
    employees: { "1-9": 50, "10-49": 40, "50-249": 10 },
    channel: { Horeca: 88, Direct: 6, Online: 3, Partner: 3 },
    spend: { fresh_spend: 24_000, milk_spend: 3_500, grocery_spend: 4_000, frozen_spend: 6_000, detergents_paper_spend: 600, delicatessen_spend: 2_500 },
    products: [4, 1.5],
  },
  retail_grocers: {
    label: "Retail grocers",
    share: 0.3,
    description: "Retail channel, retail, mostly 10–249 staff; high grocery, milk and detergents & paper spend",
    industry: { Retail: 90, Hospitality: 5, Logistics: 5 },
    employees: { "1-9": 15, "10-49": 50, "50-249": 35 },
    channel: { Retail: 88, Direct: 6, Partner: 4, Online: 2 },
    spend: { fresh_spend: 7_000, milk_spend: 11_000, grocery_spend: 17_000, frozen_spend: 1_500, detergents_paper_spend: 7_500, delicatessen_spend: 1_500 },
    products: [5, 1.5],
  },
  enterprise: {
    label: "Enterprise accounts",
    share: 0.15,
    description: "Direct channel, manufacturing, healthcare, education and logistics, 250+ staff; high spend in every category, many products",
    industry: { Manufacturing: 30, Healthcare: 25, Education: 20, Logistics: 20, Retail: 5 },
    employees: { "50-249": 5, "250-999": 55, "1000+": 40 },
    channel: { Direct: 80, Partner: 15, Online: 5 },
    spend: { fresh_spend: 30_000, milk_spend: 20_000, grocery_spend: 30_000, frozen_spend: 9_000, detergents_paper_spend: 12_000, delicatessen_spend: 6_000 },
    products: [9, 2],
  },
  small_online: {
    label: "Small online buyers",
    share: 0.2,
    description: "Online and partner channels, professional services, under 50 staff; low spend, few products",
    industry: { "Professional services": 60, Retail: 15, Hospitality: 10, Manufacturing: 15 },
    employees: { "1-9": 80, "10-49": 20 },
    channel: { Online: 60, Partner: 30, Direct: 10 },
    spend: { fresh_spend: 2_000, milk_spend: 1_500, grocery_spend: 2_500, frozen_spend: 500, detergents_paper_spend: 900, delicatessen_spend: 400 },
    products: [2, 1],
  },
} as const satisfies Record<string, B2bGroup>;

export type B2bGroupName = keyof typeof B2B_GROUPS;

/** What the generator planted, counted as it went (tests recount them from the rows). */
export interface B2cLedger {
  groups: Record<B2cGroupName, number>;
  blankIncome: number;
  blankBirthYear: number;
  /** Skipped survey questions, per question. */
  skippedAnswers: Record<(typeof B2C_LIKERT)[number], number>;
  /** Incomes typed with an extra zero (ten times the true value). */
  incomeTypos: number;
  /** Birth year 1900, a CRM placeholder. */
  placeholderBirthYears: number;
  genderPreferNotToSay: number;
}

export interface B2bLedger {
  groups: Record<B2bGroupName, number>;
  /** Spend cells left blank (not reported), per category. */
  blankSpend: Record<(typeof B2B_SPEND)[number], number>;
  blankEmployeeBand: number;
  /** Accounts with a one-off bulk order: one category 30 to 50 times its group's usual spend. */
  bulkOrderOutliers: number;
  /** Spend cells that are exactly 0 (a category never bought). */
  zeroSpend: number;
}

export interface CustomersOnlyRows {
  b2c: { rows: string[][]; groupOf: Map<string, B2cGroupName>; ledger: B2cLedger };
  b2b: { rows: string[][]; groupOf: Map<string, B2bGroupName>; ledger: B2bLedger };
}

export interface CustomersOnlyOptions {
  /** Seed for every random choice. Default 20240101 (the transactional sample's). */
  seed?: number;
  /** Rows in b2c-customers.csv. Default 2,000. */
  b2cCustomers?: number;
  /** Rows in b2b-accounts.csv. Default 800. */
  b2bAccounts?: number;
}

export interface CustomersOnlySummary {
  b2cCustomers: number;
  b2bAccounts: number;
  /** Paths written: the two exports and the two truth files. */
  files: string[];
}

// ---------------------------------------------------------------------------------------------

const GEOGRAPHY: { country: string; weight: number; regions: [string, number][] }[] = [
  { country: "United Kingdom", weight: 50, regions: [["London", 30], ["South East", 15], ["North West", 12], ["West Midlands", 10], ["Scotland", 10], ["Yorkshire and the Humber", 9], ["South West", 8], ["Wales", 6]] },
  { country: "Ireland", weight: 10, regions: [["Leinster", 60], ["Munster", 25], ["Connacht", 10], ["Ulster", 5]] },
  { country: "France", weight: 15, regions: [["Île-de-France", 40], ["Auvergne-Rhône-Alpes", 25], ["Occitanie", 20], ["Hauts-de-France", 15]] },
  { country: "Germany", weight: 15, regions: [["Bayern", 30], ["Nordrhein-Westfalen", 35], ["Berlin", 20], ["Hamburg", 15]] },
  { country: "Netherlands", weight: 10, regions: [["Noord-Holland", 40], ["Zuid-Holland", 35], ["Utrecht", 25]] },
];

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const weighted = (r: Random, weights: Record<string, number>) => pick(r, Object.keys(weights), Object.values(weights));

function place(r: Random): { country: string; region: string } {
  const g = pick(r, GEOGRAPHY, GEOGRAPHY.map((c) => c.weight));
  return { country: g.country, region: pick(r, g.regions.map(([name]) => name), g.regions.map(([, w]) => w)) };
}

/** Counts per group by largest remainder, so the shares of `total` add up exactly. */
function apportion<G extends string>(groups: Record<G, { share: number }>, total: number): Record<G, number> {
  const names = Object.keys(groups) as G[];
  const exact = names.map((g) => groups[g].share * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = names.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const i of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return Object.fromEntries(names.map((g, i) => [g, counts[i]])) as Record<G, number>;
}

function shuffle<T>(r: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(r, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Groups in random order, exact counts. */
function groupSequence<G extends string>(r: Random, groups: Record<G, { share: number }>, total: number): G[] {
  const counts = apportion(groups, total);
  const out: G[] = [];
  for (const [group, n] of Object.entries(counts) as [G, number][]) for (let i = 0; i < n; i++) out.push(group);
  return shuffle(r, out);
}

/** Distinct row indices for each quirk, drawn from one shuffled pool so no row carries two of them. */
function quirkRows(r: Random, n: number) {
  const pool = shuffle(r, Array.from({ length: n }, (_, i) => i));
  return (count: number) => new Set(pool.splice(0, Math.min(count, pool.length)));
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const scaled = (count: number, n: number, base: number) => Math.max(1, Math.round((count * n) / base));

function checkOptions(options: CustomersOnlyOptions) {
  const seed = options.seed ?? DEFAULT_CUSTOMERS_ONLY_SEED;
  const b2c = options.b2cCustomers ?? DEFAULT_B2C_CUSTOMERS;
  const b2b = options.b2bAccounts ?? DEFAULT_B2B_ACCOUNTS;
  if (!Number.isSafeInteger(seed)) throw new Error(`sample seed must be an integer, got ${options.seed}`);
  for (const [name, n] of [["b2cCustomers", b2c], ["b2bAccounts", b2b]] as const) {
    if (!Number.isSafeInteger(n) || n < 50 || n > 1_000_000) throw new Error(`sample ${name} must be an integer from 50 to 1,000,000, got ${n}`);
  }
  return { seed, b2c, b2b };
}

/** The consumers export (rows without the header, in B2C_COLUMNS order), its truth and ledger. */
export function generateB2cRows(seed: number, n: number): CustomersOnlyRows["b2c"] {
  // A stream of its own, so the transactional sample's draws are untouched.
  const r = seededRandom((seed ^ 0x62326300) >>> 0);
  const groups = groupSequence(r, B2C_GROUPS, n);
  const next = quirkRows(r, n);
  const blankIncome = next(scaled(60, n, DEFAULT_B2C_CUSTOMERS));
  const blankBirthYear = next(scaled(30, n, DEFAULT_B2C_CUSTOMERS));
  const incomeTypos = next(scaled(5, n, DEFAULT_B2C_CUSTOMERS));
  const placeholderYears = next(scaled(3, n, DEFAULT_B2C_CUSTOMERS));
  const skipped = Object.fromEntries(B2C_LIKERT.map((q) => [q, next(scaled(20, n, DEFAULT_B2C_CUSTOMERS))])) as Record<(typeof B2C_LIKERT)[number], Set<number>>;
  const ledger: B2cLedger = {
    groups: Object.fromEntries(Object.keys(B2C_GROUPS).map((g) => [g, 0])) as Record<B2cGroupName, number>,
    blankIncome: blankIncome.size,
    blankBirthYear: blankBirthYear.size,
    skippedAnswers: Object.fromEntries(B2C_LIKERT.map((q) => [q, skipped[q].size])) as B2cLedger["skippedAnswers"],
    incomeTypos: incomeTypos.size,
    placeholderBirthYears: placeholderYears.size,
    genderPreferNotToSay: 0,
  };
  const width = Math.max(5, String(n).length);
  const rows: string[][] = [];
  const groupOf = new Map<string, B2cGroupName>();
  groups.forEach((group, i) => {
    const g: B2cGroup = B2C_GROUPS[group];
    const id = `P${String(i + 1).padStart(width, "0")}`;
    groupOf.set(id, group);
    ledger.groups[group]++;
    const age = g.age[0] + randomInt(r, g.age[1] - g.age[0] + 1);
    const birthYear = AGE_YEAR - age - (r() < 0.5 ? 1 : 0);
    const genderDraw = pick(r, ["F", "M", "X", "", "Prefer not to say"], [48, 46, 2, 2, 2]);
    if (genderDraw === "Prefer not to say") ledger.genderPreferNotToSay++;
    const { country, region } = place(r);
    const income = Math.round((g.income * Math.exp(randomNormal(r, 0, 0.16))) / 100) * 100;
    const score = Math.round(clamp(randomNormal(r, g.spendingScore[0], g.spendingScore[1]), 1, 100));
    const answers = B2C_LIKERT.map((q) => String(Math.round(clamp(randomNormal(r, g.likert[q], 0.6), 1, 5))));
    const lifestyle = weighted(r, g.lifestyle);
    const signup = formatDay(Date.UTC(2016, 0, 1) + randomInt(r, 9 * 365) * DAY_MS);
    rows.push([
      id,
      blankBirthYear.has(i) ? "" : placeholderYears.has(i) ? "1900" : String(birthYear),
      genderDraw,
      country,
      region,
      blankIncome.has(i) ? "" : String(incomeTypos.has(i) ? income * 10 : income),
      String(score),
      ...answers.map((a, q) => (skipped[B2C_LIKERT[q]].has(i) ? "" : a)),
      lifestyle,
      signup,
    ]);
  });
  return { rows, groupOf, ledger };
}

/** The accounts export (rows without the header, in B2B_COLUMNS order), its truth and ledger. */
export function generateB2bRows(seed: number, n: number): CustomersOnlyRows["b2b"] {
  const r = seededRandom((seed ^ 0x62326200) >>> 0);
  const groups = groupSequence(r, B2B_GROUPS, n);
  const next = quirkRows(r, n);
  const blankEmployees = next(scaled(20, n, DEFAULT_B2B_ACCOUNTS));
  const bulk = next(scaled(3, n, DEFAULT_B2B_ACCOUNTS));
  const blankSpend = Object.fromEntries(B2B_SPEND.map((c) => [c, next(scaled(3, n, DEFAULT_B2B_ACCOUNTS))])) as Record<(typeof B2B_SPEND)[number], Set<number>>;
  const ledger: B2bLedger = {
    groups: Object.fromEntries(Object.keys(B2B_GROUPS).map((g) => [g, 0])) as Record<B2bGroupName, number>,
    blankSpend: Object.fromEntries(B2B_SPEND.map((c) => [c, blankSpend[c].size])) as B2bLedger["blankSpend"],
    blankEmployeeBand: blankEmployees.size,
    bulkOrderOutliers: bulk.size,
    zeroSpend: 0,
  };
  const width = Math.max(5, String(n).length);
  const rows: string[][] = [];
  const groupOf = new Map<string, B2bGroupName>();
  groups.forEach((group, i) => {
    const g: B2bGroup = B2B_GROUPS[group];
    const id = `A${String(i + 1).padStart(width, "0")}`;
    groupOf.set(id, group);
    ledger.groups[group]++;
    const industry = weighted(r, g.industry);
    const employees = weighted(r, g.employees);
    const { country, region } = place(r);
    const channel = weighted(r, g.channel);
    const since = formatDay(Date.UTC(2012, 0, 1) + randomInt(r, 13 * 365) * DAY_MS);
    const products = Math.round(clamp(randomNormal(r, g.products[0], g.products[1]), 1, 12));
    const bulkCategory = randomInt(r, B2B_SPEND.length);
    const spend = B2B_SPEND.map((c, j) => {
      // A one-off bulk order: 30 to 50 times the group's usual spend in one category.
      if (bulk.has(i) && j === bulkCategory) return g.spend[c] * (30 + randomInt(r, 21));
      // Small accounts often never buy frozen food at all.
      if (group === "small_online" && c === "frozen_spend" && r() < 0.15) return 0;
      return Math.round(g.spend[c] * Math.exp(randomNormal(r, 0, 0.55)));
    });
    rows.push([
      id,
      industry,
      blankEmployees.has(i) ? "" : employees,
      country,
      region,
      channel,
      since,
      String(products),
      ...spend.map((x, j) => {
        if (blankSpend[B2B_SPEND[j]].has(i)) return "";
        if (x === 0) ledger.zeroSpend++;
        return String(x);
      }),
    ]);
  });
  return { rows, groupOf, ledger };
}

/** Both exports' rows (pure: the same options give the same rows). */
export function generateCustomersOnlyRows(options: CustomersOnlyOptions = {}): CustomersOnlyRows {
  const { seed, b2c, b2b } = checkOptions(options);
  return { b2c: generateB2cRows(seed, b2c), b2b: generateB2bRows(seed, b2b) };
}

// ---------------------------------------------------------------------------------------------

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: readonly string[], rows: string[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/**
 * Writes the two exports and their truth files to outDir (UTF-8, `\n`, RFC 4180 quoting), each
 * beside its target and renamed into place, so a reader never sees half a file.
 */
export async function writeCustomersOnlySample(outDir: string, options: CustomersOnlyOptions = {}): Promise<CustomersOnlySummary> {
  const { b2c, b2b } = generateCustomersOnlyRows(options);
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    [join(outDir, CUSTOMERS_ONLY_FILES.b2c), csv(B2C_COLUMNS, b2c.rows)],
    [join(outDir, CUSTOMERS_ONLY_FILES.b2cTruth), csv(["customer_id", "group"], [...b2c.groupOf].map(([id, g]) => [id, g]))],
    [join(outDir, CUSTOMERS_ONLY_FILES.b2b), csv(B2B_COLUMNS, b2b.rows)],
    [join(outDir, CUSTOMERS_ONLY_FILES.b2bTruth), csv(["account_id", "group"], [...b2b.groupOf].map(([id, g]) => [id, g]))],
  ];
  for (const [file, text] of files) {
    const partial = `${file}.partial-${process.pid}`;
    try {
      await writeFile(partial, text, "utf-8");
      await rename(partial, file);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
  return { b2cCustomers: b2c.rows.length, b2bAccounts: b2b.rows.length, files: files.map(([file]) => file) };
}
