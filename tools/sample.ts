/**
 * The bundled sample: a deterministic, synthetic customers export and transactions export for a
 * small European homeware retailer, two fixed years (2023-01-01 .. 2024-12-31), with planted
 * behavioural groups for segmentation to find and the quirks of a real export for ingestion to
 * clean. Every random choice draws from one seeded generator (src/lib/stats/random.ts), and nothing
 * depends on the clock, so the same options give byte-identical files.
 *
 * Group membership is not written to the files; `generateSampleRows` returns it so tests can check
 * that segmentation recovers it. data/sample/README.md describes the columns, groups and quirks.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomGamma } from "../src/lib/clv/simulate.js";
import { pick, randomInt, randomNormal, seededRandom, type Random } from "../src/lib/stats/random.js";

export interface SampleOptions {
  /** Seed for every random choice. Default 20240101. */
  seed?: number;
  /** Rows in customers.csv. Default 5,000. */
  customers?: number;
}

export interface SampleSummary {
  /** Rows in customers.csv (header excluded). */
  customers: number;
  /** Rows in transactions.csv (header excluded). */
  transactionLines: number;
  /** Paths of the files written: customers.csv, transactions.csv. */
  files: string[];
}

export const DEFAULT_SAMPLE_SEED = 20240101;
export const DEFAULT_SAMPLE_CUSTOMERS = 5000;

/** The fixed window every order falls in; the default as-of date is the day after it. */
export const SAMPLE_WINDOW = { first: "2023-01-01", last: "2024-12-31" } as const;

export const CUSTOMER_COLUMNS = [
  "customer_id", "first_name", "last_name", "email", "phone", "signup_date",
  "birth_year", "gender", "city", "region", "country", "acquisition_channel",
] as const;

export const TRANSACTION_COLUMNS = [
  "order_id", "customer_id", "order_timestamp", "product_id", "product_name", "category", "quantity", "unit_price",
] as const;

/**
 * The planted behavioural groups, with their share of customers.csv rows. `never` customers are in
 * customers.csv but have no orders; the customers missing from customers.csv belong to ordering groups.
 */
export const SAMPLE_GROUPS = {
  loyal: {
    label: "Loyal high spenders",
    share: 0.1,
    description: "14-30 orders across both years, last one in the final 30 days, 1-6 lines of pricier products, about £100 an order every time",
  },
  regular: {
    label: "Regulars",
    share: 0.22,
    description: "6-16 orders, last one in the final 4 months, 1-4 lines of mid-priced products",
  },
  bargain: {
    label: "Bargain hunters",
    share: 0.15,
    description: "10-24 small orders (1-3 lines, about £20 every time), mostly the Sale category, many in sale weeks, last one in the final 60 days",
  },
  new: {
    label: "New customers",
    share: 0.1,
    description: "signed up and first ordered in the last 90 days of the window; 1-3 orders",
  },
  lapsed: {
    label: "Lapsed",
    share: 0.2,
    description: "3-8 orders, all in 2023 (a return may follow into early 2024); nothing in 2024",
  },
  one_off: {
    label: "One-off buyers",
    share: 0.2,
    description: "a single order of 1-3 lines, between 2023-01-01 and 2024-10-02",
  },
  never: {
    label: "Never ordered",
    share: 0.03,
    description: "in customers.csv with no orders at all",
  },
} as const;

export type SampleGroup = keyof typeof SAMPLE_GROUPS;

/** What the generator planted, counted as it went (the tests count the rows independently). */
export interface SampleLedger {
  customersInFile: number;
  /** Distinct customer ids in transactions.csv that are not in customers.csv. */
  customersNotInFile: number;
  /** Lines of the customers missing from customers.csv. */
  linesOfCustomersNotInFile: number;
  groups: Record<SampleGroup, number>;
  purchaseOrders: number;
  purchaseLines: number;
  returnOrders: number;
  returnLines: number;
  cancellationOrders: number;
  cancellationLines: number;
  postageLines: number;
  missingCustomerIdLines: number;
  unparseableTimestampLines: number;
  nonNumericQuantityLines: number;
  duplicateLines: number;
  transactionLines: number;
}

export interface SampleRows {
  /** customers.csv rows, header excluded, in CUSTOMER_COLUMNS order. */
  customers: string[][];
  /** transactions.csv rows, header excluded, in TRANSACTION_COLUMNS order. */
  transactions: string[][];
  /** Planted group of every customer id in either file. */
  groupOf: Map<string, SampleGroup>;
  ledger: SampleLedger;
}

// ---------------------------------------------------------------------------------------------
// Product catalogue: fixed, independent of the seed, with stable prices (in pence).

export interface SampleProduct {
  id: string;
  name: string;
  category: string;
  pence: number;
}

type Item = [name: string, pence: number, variants?: (string | [string, number])[]];

const CATALOGUE: Record<string, Item[]> = {
  Kitchen: [
    ["Ceramic Mug", 850, ["Blue", "Green", "Cream", "Charcoal", "Mustard"]],
    ["Espresso Cups, Set of 4", 1650],
    ["Enamel Colander", 1800, ["Red", "White"]],
    ["Stoneware Dinner Plate", 1200, ["Sage", "Oatmeal", "Slate"]],
    ["Glass Storage Jar, 1L", 700],
    ["Bamboo Chopping Board", 1500, ["Small", ["Large", 2100]]],
    ["Cast Iron Casserole, 24cm", 6500],
    ["Teapot, 1.2L", 2800, ["Speckled", "Matte Black"]],
    ["Café au Lait Bowl", 900],
    ["Olive Wood Salad Servers", 1400],
    ["Linen Napkins, Set of 4", 1600, ["Natural", "Indigo"]],
    ["Butter Dish", 1300],
  ],
  "Home Decor": [
    ["Scented Candle", 1600, ["Fig & Cassis", "Sea Salt", "Amber"]],
    ["Glass Vase", 2200, ["Tall", ["Short", 1700]]],
    ["Wall Clock, Station Style", 3500],
    ['Framed Print "Summer Meadow", A3', 2800],
    ['Framed Print "City at Night", A3', 2800],
    ["Brass Photo Frame", 1300, ["4x6", ["5x7", 1600]]],
    ["Rattan Storage Basket", 2400, [["Small", 1800], "Medium", ["Large", 3200]]],
    ["Table Lamp, Linen Shade", 4800],
    ["Round Mirror, 60cm", 5500],
    ["Hanging Planter", 1100, ["Terracotta", "White"]],
    ["Doorstop, Hedgehog", 1900],
    ["Candle Holder", 1200, ["Brass", "Glass"]],
  ],
  Textiles: [
    ["Wool Throw", 4500, ["Mustard", "Grey", "Teal"]],
    ["Cushion Cover", 1500, ["Velvet Rose", "Linen Natural", "Bouclé Cream", "Cord Green"]],
    ["Cotton Bath Towel", 1200, ["White", "Stone", "Navy"]],
    ["Waffle Bath Robe", 3900, ["S/M", "L/XL"]],
    ["Linen Duvet Cover, Double", 7500],
    ["Linen Duvet Cover, King", 8900],
    ["Picnic Blanket, Waterproof", 3200],
    ["Knitted Pouffe", 6000],
    ["Draught Excluder, Dachshund", 2200],
    ["Table Runner", 1800, ["Ochre", "Indigo"]],
  ],
  Stationery: [
    ["Dot Grid Notebook", 900, ["A5 Black", "A5 Kraft", ["A4 Black", 1200]]],
    ["Fountain Pen", 2500, ["Black", "Burgundy"]],
    ["Ink Cartridges, Pack of 6", 450],
    ["Weekly Planner", 1400, ["Linen", "Floral"]],
    ["Greeting Card, Birthday", 350],
    ["Greeting Card, Thank You", 350],
    ["Desk Organiser, Oak", 2900],
    ["Washi Tape Set", 600],
    ["Brass Paper Clips, Box of 100", 400],
    ["Sketchbook, A4", 1100],
    ["Graphite Pencils, Set of 12", 800],
    ["Wrapping Paper Roll", 500, ["Botanical", "Kraft", "Stars"]],
  ],
  Garden: [
    ["Terracotta Pot", 800, ["12cm", ["18cm", 1200], ["24cm", 1800]]],
    ["Garden Gloves", 950, ["S", "M", "L"]],
    ["Watering Can, Galvanised 5L", 2600],
    ["Seed Tin, Herbs", 1200],
    ["Bird Feeder", 1800],
    ["Solar Lantern", 2200],
    ["Pruning Shears", 1900],
    ["Outdoor Cushion", 2000, ["Olive", "Stripe"]],
    ["Potting Apron", 1700],
    ["Bee Hotel", 2100],
    ["Herb Kit, Windowsill", 1500],
  ],
  "Toys & Games": [
    ["Wooden Building Blocks, 50 pcs", 2400],
    ["Jigsaw Puzzle 1000 pcs", 1800, ["Map of Europe", "Botanical Garden", "Harbour"]],
    ["Plush Bear", 1500, ["Small", ["Large", 2600]]],
    ['Card Game "Fox & Hound"', 1200],
    ["Kite, Rainbow", 1600],
    ["Marble Run", 3400],
    ["Colouring Book", 600, ["Animals", "Oceans"]],
    ["Chess Set, Walnut", 4900],
    ["Spinning Top", 450],
    ["Wooden Train Set", 3800],
    ["Skipping Rope", 700],
  ],
  "Bath & Body": [
    ["Hand Soap", 700, ["Lavender", "Lime & Basil", "Unscented"]],
    ["Bath Salts, 500g", 1100],
    ["Body Lotion", 1300, ["Rose", "Neroli"]],
    ["Shower Gel", 800, ["Eucalyptus", "Citrus"]],
    ["Bamboo Toothbrush, Pack of 4", 600],
    ["Konjac Sponge", 500],
    ["Reed Diffuser", 2200, ["Cedar", "Jasmine"]],
    ['Gift Set "Spa Night"', 3200],
    ["Lip Balm", 350, ["Mint", "Honey"]],
    ["Face Cloths, Set of 3", 900],
  ],
  Sale: [
    ["Clearance Mug, Assorted", 250],
    ["Seconds Dinner Plate", 300, ["Sage", "Slate"]],
    ["Tea Towel, Last Season", 200],
    ["Christmas Crackers, Box of 6", 400],
    ["Advent Calendar, Wooden", 900],
    ["Candle Ends Bundle", 150],
    ["Notebook, Discontinued", 200, ["Black", "Red"]],
    ["Wrapping Paper, Old Design", 100],
    ["Odd Cushion Cover", 400],
    ["Greeting Cards, Pack of 10", 300],
    ["Mini Soap Trio", 250],
    ["Bath Bomb", 150, ["Rose", "Citrus", "Mint"]],
    ["Garden Twine, Seconds", 180],
    ["Jigsaw Puzzle, Damaged Box", 350],
    ["Plant Labels, Set of 20", 120],
    ["Coasters, Set of 4", 280, ["Cork", "Slate"]],
    ["Spinning Top, Seconds", 150],
    ["Hand Soap, Old Label", 300, ["Lavender", "Unscented"]],
  ],
};

/** The catalogue in a fixed order, ids P1001.. . */
export const SAMPLE_PRODUCTS: readonly SampleProduct[] = (() => {
  const products: SampleProduct[] = [];
  for (const [category, items] of Object.entries(CATALOGUE)) {
    for (const [base, pence, variants] of items) {
      for (const variant of variants ?? [null]) {
        const [suffix, price] = variant === null ? [null, pence] : typeof variant === "string" ? [variant, pence] : variant;
        products.push({ id: `P${1001 + products.length}`, name: suffix ? `${base}, ${suffix}` : base, category, pence: price });
      }
    }
  }
  return products;
})();

const POSTAGE = { id: "POST", name: "Postage" } as const;

/** A fixed popularity per product (a few bestsellers, a long tail), not random. */
const POPULARITY = SAMPLE_PRODUCTS.map((_, i) => 1 + ((i * 7) % 11) + (i % 5 === 0 ? 6 : 0));

type Taste = "standard" | "premium" | "bargain";
const TASTE_WEIGHTS: Record<Taste, number[]> = {
  standard: SAMPLE_PRODUCTS.map((p, i) => POPULARITY[i] * (p.category === "Sale" ? 0.15 : 1)),
  premium: SAMPLE_PRODUCTS.map((p, i) => (p.category === "Sale" ? 0 : POPULARITY[i] * Math.sqrt(p.pence / 1000))),
  bargain: SAMPLE_PRODUCTS.map((p, i) => (p.category === "Sale" ? POPULARITY[i] * 12 : POPULARITY[i] * Math.min(1, (500 / p.pence) ** 2))),
};
const PRODUCT_INDEXES = SAMPLE_PRODUCTS.map((_, i) => i);

// ---------------------------------------------------------------------------------------------
// People and places.

interface Place { city: string; region: string; weight: number }
interface Country { name: string; weight: number; places: Place[]; lastNames: string[]; postagePence: number; phone: (r: Random) => string }

const digits = (r: Random, n: number) => Array.from({ length: n }, () => String(randomInt(r, 10))).join("");

const COUNTRIES: Country[] = [
  {
    name: "United Kingdom",
    weight: 45,
    postagePence: 395,
    places: [
      { city: "London", region: "London", weight: 30 },
      { city: "Manchester", region: "North West", weight: 9 },
      { city: "Birmingham", region: "West Midlands", weight: 9 },
      { city: "Leeds", region: "Yorkshire and the Humber", weight: 7 },
      { city: "Glasgow", region: "Scotland", weight: 6 },
      { city: "Edinburgh", region: "Scotland", weight: 5 },
      { city: "Bristol", region: "South West", weight: 6 },
      { city: "Brighton", region: "South East", weight: 5 },
      { city: "Newcastle upon Tyne", region: "North East", weight: 4 },
      { city: "Cardiff", region: "Wales", weight: 4 },
      { city: "Belfast", region: "Northern Ireland", weight: 3 },
    ],
    lastNames: ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Davies", "Thomas", "Roberts",
      "Walker", "Wright", "Hughes", "Campbell", "Patel", "Khan", "Ahmed", "O'Brien", "Clarke", "Turner", "Hall", "Wood"],
    // Ofcom's ranges reserved for drama: 07700 900xxx, 020 7946 0xxx, 0161 496 0xxx.
    phone: (r) => pick(r, [`+44 7700 900${digits(r, 3)}`, `+44 20 7946 0${digits(r, 3)}`, `+44 161 496 0${digits(r, 3)}`], [6, 2, 1]),
  },
  {
    name: "Germany",
    weight: 18,
    postagePence: 795,
    places: [
      { city: "Berlin", region: "Berlin", weight: 10 },
      { city: "Hamburg", region: "Hamburg", weight: 6 },
      { city: "München", region: "Bayern", weight: 6 },
      { city: "Köln", region: "Nordrhein-Westfalen", weight: 4 },
      { city: "Düsseldorf", region: "Nordrhein-Westfalen", weight: 3 },
      { city: "Frankfurt am Main", region: "Hessen", weight: 3 },
      { city: "Stuttgart", region: "Baden-Württemberg", weight: 3 },
      { city: "Leipzig", region: "Sachsen", weight: 2 },
    ],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer", "Koch", "Richter"],
    phone: (r) => `+49 15${digits(r, 1)} ${digits(r, 4)} ${digits(r, 4)}`,
  },
  {
    name: "France",
    weight: 15,
    postagePence: 795,
    places: [
      { city: "Paris", region: "Île-de-France", weight: 12 },
      { city: "Lyon", region: "Auvergne-Rhône-Alpes", weight: 4 },
      { city: "Marseille", region: "Provence-Alpes-Côte d'Azur", weight: 4 },
      { city: "Toulouse", region: "Occitanie", weight: 3 },
      { city: "Bordeaux", region: "Nouvelle-Aquitaine", weight: 3 },
      { city: "Nantes", region: "Pays de la Loire", weight: 2 },
      { city: "Lille", region: "Hauts-de-France", weight: 2 },
    ],
    lastNames: ["Martin", "Bernard", "Dubois", "Durand", "Robert", "Petit", "Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau"],
    // ARCEP's ranges reserved for fiction: 01 99 00 xx xx, 06 39 98 xx xx.
    phone: (r) => pick(r, [`+33 6 39 98 ${digits(r, 2)} ${digits(r, 2)}`, `+33 1 99 00 ${digits(r, 2)} ${digits(r, 2)}`]),
  },
  {
    name: "Netherlands",
    weight: 8,
    postagePence: 795,
    places: [
      { city: "Amsterdam", region: "Noord-Holland", weight: 6 },
      { city: "Rotterdam", region: "Zuid-Holland", weight: 4 },
      { city: "Den Haag", region: "Zuid-Holland", weight: 3 },
      { city: "Utrecht", region: "Utrecht", weight: 3 },
      { city: "Eindhoven", region: "Noord-Brabant", weight: 2 },
    ],
    lastNames: ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"],
    phone: (r) => `+31 6 ${digits(r, 4)} ${digits(r, 4)}`,
  },
  {
    name: "Spain",
    weight: 10,
    postagePence: 795,
    places: [
      { city: "Madrid", region: "Comunidad de Madrid", weight: 8 },
      { city: "Barcelona", region: "Cataluña", weight: 7 },
      { city: "Valencia", region: "Comunitat Valenciana", weight: 3 },
      { city: "Sevilla", region: "Andalucía", weight: 3 },
      { city: "Málaga", region: "Andalucía", weight: 2 },
      { city: "Bilbao", region: "País Vasco", weight: 2 },
    ],
    lastNames: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz"],
    phone: (r) => `+34 6${digits(r, 2)} ${digits(r, 3)} ${digits(r, 3)}`,
  },
  {
    name: "Ireland",
    weight: 4,
    postagePence: 595,
    places: [
      { city: "Dublin", region: "Leinster", weight: 6 },
      { city: "Cork", region: "Munster", weight: 2 },
      { city: "Galway", region: "Connacht", weight: 1 },
    ],
    lastNames: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Connor", "McCarthy", "Doyle", "Lynch"],
    phone: (r) => `+353 85 ${digits(r, 3)} ${digits(r, 4)}`,
  },
];

const FIRST_NAMES = {
  F: ["Emma", "Olivia", "Sophie", "Charlotte", "Amelia", "Isla", "Hannah", "Grace", "Freya", "Priya", "Aisha", "Zoë",
    "Lea", "Marie", "Anna", "Mia", "Léa", "Chloé", "Camille", "Inès", "Lucía", "María", "Sofía", "Julia",
    "Saoirse", "Aoife", "Niamh", "Lotte", "Femke", "Sanne"],
  M: ["Oliver", "George", "Harry", "Jack", "Noah", "James", "Thomas", "Mohammed", "Arjun", "Kwame", "Lukas", "Jonas",
    "Felix", "Maximilian", "Jürgen", "Lucas", "Hugo", "Louis", "Gabriel", "Mateo", "Pablo", "Javier", "Tomás",
    "Daan", "Sem", "Finn", "Liam", "Conor", "Seán", "Matthias"],
  X: ["Alex", "Sam", "Charlie", "Robin", "Jordan", "Kim", "Noa", "Ariel", "Sasha", "Eden"],
};

const CHANNELS = ["organic search", "paid search", "social", "email", "referral", "marketplace"] as const;
/** Channel mix by group: a mild, realistic association, not a label. */
const CHANNEL_WEIGHTS: Record<SampleGroup, number[]> = {
  loyal: [30, 15, 10, 15, 25, 5],
  regular: [30, 20, 15, 15, 12, 8],
  bargain: [15, 15, 20, 25, 5, 20],
  new: [20, 25, 30, 5, 10, 10],
  lapsed: [25, 25, 20, 10, 8, 12],
  one_off: [20, 25, 20, 5, 5, 25],
  never: [20, 25, 30, 10, 5, 10],
};

// ---------------------------------------------------------------------------------------------
// Dates: day numbers count from 2023-01-01 (day 0); times are seconds from its midnight, UTC.

const EPOCH_MS = Date.UTC(2023, 0, 1);
const LAST_DAY = 730; // 2024-12-31
const DAY_SECONDS = 86400;
const END_SECONDS = (LAST_DAY + 1) * DAY_SECONDS; // exclusive

function formatDay(day: number): string {
  return new Date(EPOCH_MS + day * DAY_SECONDS * 1000).toISOString().slice(0, 10);
}

function formatTimestamp(seconds: number): string {
  const iso = new Date(EPOCH_MS + seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Orders by hour of day: quiet nights, a lunchtime bump and an evening peak. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 3.5, 4, 4.5, 5, 5, 4.5, 4, 4, 4.5, 5, 6, 6.5, 6, 4, 2];
const HOURS = HOUR_WEIGHTS.map((_, h) => h);

function timeOn(r: Random, day: number): number {
  return day * DAY_SECONDS + pick(r, HOURS, HOUR_WEIGHTS) * 3600 + randomInt(r, 60) * 60 + randomInt(r, 60);
}

/** Sale weeks (January, early summer, Black Friday) as [first, last] day numbers. */
const SALE_WEEKS: [number, number][] = [[0, 20], [174, 194], [323, 331], [365, 385], [175 + 365, 195 + 365], [694, 702]];

/** An integer in [lo, hi]. */
const between = (r: Random, lo: number, hi: number) => lo + randomInt(r, hi - lo + 1);

// ---------------------------------------------------------------------------------------------
// Generation.

interface Line { product: number; quantity: number }
type OrderKind = "O" | "R" | "C";
interface Order {
  kind: OrderKind;
  seq: number;
  customer: Profile | null;
  seconds: number;
  lines: Line[];
  /** Extra rows written after the lines: postage and dirty rows. */
  extra: string[][];
  id?: string;
}
interface Profile {
  index: number;
  group: SampleGroup;
  inFile: boolean;
  signupDay: number;
  country: Country;
  id?: string;
}

/**
 * How a group spends (Gamma-Gamma, Fader & Hardie 2013), so that the CLV models have something true to
 * find: each customer draws a spend rate ν ~ Gamma(q, rate γ), and each of their orders aims at a value
 * ~ Gamma(p, rate ν), whose mean p/ν is the customer's mean order value; γ is set so that the group's
 * mean order value is `orderValue` (E[p/ν] = pγ/(q − 1)). Settled buyers (loyal, bargain) spend much
 * the same every time, and like each other (large p and q); occasional buyers' orders vary widely (a
 * card one time, a casserole the next), and so do they (small p, smaller q). Together they keep what
 * the model assumes roughly true over the whole base, that spend per order says little about how often
 * a customer buys: the frequent groups sit at both ends of spend, and the occasional groups spread
 * over that range (tests/tools/sample.test.ts fits the model and checks it).
 */
interface Spend {
  /** Mean order value in pounds. */
  orderValue: number;
  p: number;
  q: number;
}

interface Behaviour {
  /** Lines per order: 1.. weights.length. */
  lines: number[];
  /** Quantity values and weights: the habitual basket, before it is fitted to the order's value. */
  quantities: [number[], number[]];
  taste: Taste;
  spend: Spend;
}
const SETTLED = { p: 4, q: 20 } as const;
const OCCASIONAL = { p: 0.4, q: 5 } as const;
const BEHAVIOUR: Record<Exclude<SampleGroup, "never">, Behaviour> = {
  loyal: { lines: [10, 20, 25, 20, 15, 10], quantities: [[1, 2, 3, 4, 6], [40, 30, 15, 10, 5]], taste: "premium", spend: { orderValue: 80, ...SETTLED } },
  regular: { lines: [30, 40, 20, 10], quantities: [[1, 2, 3], [65, 28, 7]], taste: "standard", spend: { orderValue: 70, ...OCCASIONAL } },
  bargain: { lines: [60, 32, 8], quantities: [[1, 2], [70, 30]], taste: "bargain", spend: { orderValue: 24, ...SETTLED } },
  new: { lines: [30, 40, 20, 10], quantities: [[1, 2, 3], [65, 28, 7]], taste: "standard", spend: { orderValue: 70, ...OCCASIONAL } },
  lapsed: { lines: [30, 40, 20, 10], quantities: [[1, 2, 3], [65, 28, 7]], taste: "standard", spend: { orderValue: 75, ...OCCASIONAL } },
  one_off: { lines: [55, 30, 15], quantities: [[1, 2, 3], [70, 25, 5]], taste: "standard", spend: { orderValue: 60, ...OCCASIONAL } },
};

/** Most units of one product in an order. */
const MAX_QUANTITY = 12;

/** One customer's spend rate ν (per pound). */
function spendRate(random: Random, { orderValue, p, q }: Spend): number {
  return randomGamma(random, q, (orderValue * (q - 1)) / p);
}

/**
 * Moves the basket's quantities towards `target` pounds: while one unit more (up to MAX_QUANTITY) or
 * less (never below 1) of some line brings the value closer, such a line, drawn at random, gets it. The
 * products stay, so a basket whose single units cost more than the target stays at one unit each (the
 * products' prices bound what an order can be, which narrows the spend the orders show).
 */
function fitBasket(random: Random, lines: Line[], target: number): void {
  const pence = Math.round(target * 100);
  let value = lines.reduce((sum, l) => sum + l.quantity * SAMPLE_PRODUCTS[l.product].pence, 0);
  for (;;) {
    const gap = pence - value;
    // A unit of price c brings the value closer exactly when c < 2·|gap|.
    const movable = lines.filter((l) => SAMPLE_PRODUCTS[l.product].pence < 2 * Math.abs(gap) && (gap > 0 ? l.quantity < MAX_QUANTITY : l.quantity > 1));
    if (!movable.length) return;
    const line = pick(random, movable);
    const step = gap > 0 ? 1 : -1;
    line.quantity += step;
    value += step * SAMPLE_PRODUCTS[line.product].pence;
  }
}

const LINE_COUNTS = [1, 2, 3, 4, 5, 6];

/** Signup day and order days of one customer, by group. */
function plan(r: Random, group: SampleGroup): { signupDay: number; orderDays: number[] } {
  const spread = (first: number, last: number, n: number, saleBias = 0) => {
    const days = [last];
    for (let i = 1; i < n; i++) {
      // Bargain hunters come back for the sale weeks (those within their active span).
      const sale = saleBias > 0 && r() < saleBias ? pick(r, SALE_WEEKS) : null;
      const inSale = sale && sale[1] >= first && sale[0] <= last ? between(r, Math.max(first, sale[0]), Math.min(last, sale[1])) : null;
      days.push(inSale ?? between(r, first, last));
    }
    return days.sort((a, b) => a - b);
  };
  // Customers who signed up before the window are active from its start; later ones a few days after signing up.
  const activeFrom = (signupDay: number, delay: number) => (signupDay < 0 ? 0 : signupDay + randomInt(r, delay));
  switch (group) {
    case "loyal": {
      const signupDay = between(r, -1800, 120);
      const first = activeFrom(signupDay, 15);
      return { signupDay, orderDays: spread(first, LAST_DAY - randomInt(r, 30), between(r, 14, 30)) };
    }
    case "regular": {
      const signupDay = between(r, -1200, 360);
      const first = activeFrom(signupDay, 30);
      return { signupDay, orderDays: spread(first, LAST_DAY - randomInt(r, 120), between(r, 6, 16)) };
    }
    case "bargain": {
      const signupDay = between(r, -1200, 360);
      const first = activeFrom(signupDay, 30);
      return { signupDay, orderDays: spread(first, LAST_DAY - randomInt(r, 60), between(r, 10, 24), 0.45) };
    }
    case "new": {
      const signupDay = LAST_DAY - randomInt(r, 90);
      const first = Math.min(LAST_DAY, signupDay + (r() < 0.7 ? 0 : randomInt(r, 8)));
      const n = between(r, 1, 3);
      const days = [first];
      for (let i = 1; i < n; i++) days.push(between(r, first, LAST_DAY));
      return { signupDay, orderDays: days.sort((a, b) => a - b) };
    }
    case "lapsed": {
      const signupDay = between(r, -1000, 200);
      const first = activeFrom(signupDay, 10);
      const last = Math.max(first, between(r, 150, 364));
      return { signupDay, orderDays: spread(first, last, between(r, 3, 8)) };
    }
    case "one_off": {
      const day = between(r, 0, LAST_DAY - 90);
      return { signupDay: r() < 0.6 ? day : day - randomInt(r, 700), orderDays: [day] };
    }
    case "never":
      return { signupDay: between(r, -900, LAST_DAY), orderDays: [] };
  }
}

function basketFor(r: Random, taste: Taste, n: number, quantities: [number[], number[]]): Line[] {
  const lines: Line[] = [];
  const used = new Set<number>();
  while (lines.length < n) {
    const product = pick(r, PRODUCT_INDEXES, TASTE_WEIGHTS[taste]);
    if (used.has(product)) continue;
    used.add(product);
    lines.push({ product, quantity: pick(r, quantities[0], quantities[1]) });
  }
  return lines;
}

/** Counts per group by largest remainder, so shares of `total` add up exactly. */
function apportion(total: number): Record<SampleGroup, number> {
  const groups = Object.keys(SAMPLE_GROUPS) as SampleGroup[];
  const exact = groups.map((g) => SAMPLE_GROUPS[g].share * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = groups.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
  for (const i of order) {
    if (left-- <= 0) break;
    counts[i]++;
  }
  return Object.fromEntries(groups.map((g, i) => [g, counts[i]])) as Record<SampleGroup, number>;
}

/** Fisher–Yates, in place. */
function shuffle<T>(r: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(r, i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function asciiLocal(name: string): string {
  return name.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
}

const BAD_TIMESTAMPS = ["2024-13-45 25:00:00", "not a date", "2023-02-30 12:00:00", "2024-06-31 10:00:00", "0000-00-00 00:00:00", "yesterday"];
const BAD_QUANTITIES = ["two", "three", "1 box", "x2", "ten", "n/a"];

const money = (pence: number) => `${Math.trunc(pence / 100)}.${String(Math.abs(pence) % 100).padStart(2, "0")}`;

function checkOptions(options: SampleOptions): { seed: number; customers: number } {
  const seed = options.seed ?? DEFAULT_SAMPLE_SEED;
  const customers = options.customers ?? DEFAULT_SAMPLE_CUSTOMERS;
  if (!Number.isSafeInteger(seed)) throw new Error(`sample seed must be an integer, got ${options.seed}`);
  if (!Number.isSafeInteger(customers) || customers < 20 || customers > 1_000_000) {
    throw new Error(`sample customers must be an integer from 20 to 1,000,000, got ${options.customers}`);
  }
  return { seed, customers };
}

/**
 * Generates the sample's rows (pure: the same options give the same rows). Quirk counts scale with
 * the number of customers: at the default 5,000 there are 20 of each dirty kind, 30 postage lines
 * and 5 customers missing from customers.csv.
 */
export function generateSampleRows(options: SampleOptions = {}): SampleRows {
  const { seed, customers: customerRows } = checkOptions(options);
  const r = seededRandom(seed);
  // Order values (BEHAVIOUR's spend): a stream of their own, so every other draw (days, products,
  // people) is what it would be without them.
  const spend = seededRandom((seed ^ 0x5350454e) >>> 0);
  const scale = customerRows / DEFAULT_SAMPLE_CUSTOMERS;
  const scaled = (n: number) => Math.max(1, Math.round(n * scale));
  const dirtyEach = scaled(20);
  const postageLines = scaled(30);
  const notInFile = scaled(5);

  // Customers: groups by exact shares, shuffled; then a few extra customers who order but are
  // missing from customers.csv (accounts deleted from the CRM).
  const counts = apportion(customerRows);
  const groups: SampleGroup[] = [];
  for (const [group, n] of Object.entries(counts) as [SampleGroup, number][]) for (let i = 0; i < n; i++) groups.push(group);
  shuffle(r, groups);
  const ordering = (Object.keys(SAMPLE_GROUPS) as SampleGroup[]).filter((g) => g !== "never");
  for (let i = 0; i < notInFile; i++) groups.push(pick(r, ordering, ordering.map((g) => SAMPLE_GROUPS[g].share)));

  const profiles: Profile[] = [];
  const orders: Order[] = [];
  let seq = 0;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index];
    const { signupDay, orderDays } = plan(r, group);
    const profile: Profile = { index, group, inFile: index < customerRows, signupDay, country: pick(r, COUNTRIES, COUNTRIES.map((c) => c.weight)) };
    profiles.push(profile);
    if (group === "never") continue;
    const behaviour = BEHAVIOUR[group];
    const rate = spendRate(spend, behaviour.spend);
    for (const day of orderDays) {
      const n = pick(r, LINE_COUNTS.slice(0, behaviour.lines.length), behaviour.lines);
      const seconds = timeOn(r, day);
      const lines = basketFor(r, behaviour.taste, n, behaviour.quantities);
      fitBasket(spend, lines, randomGamma(spend, behaviour.spend.p, rate));
      orders.push({ kind: "O", seq: seq++, customer: profile, seconds, lines, extra: [] });
    }
  }

  // Customer ids follow signup order, as a CRM would assign them.
  const bySignup = [...profiles].sort((a, b) => a.signupDay - b.signupDay || a.index - b.index);
  const width = Math.max(5, String(bySignup.length).length);
  bySignup.forEach((p, i) => (p.id = `C${String(i + 1).padStart(width, "0")}`));

  // Guest checkouts: orders with no customer id, exactly `dirtyEach` lines in all.
  let guestLines = 0;
  while (guestLines < dirtyEach) {
    const n = Math.min(dirtyEach - guestLines, between(r, 1, 3));
    orders.push({ kind: "O", seq: seq++, customer: null, seconds: timeOn(r, between(r, 0, LAST_DAY)), lines: basketFor(r, "standard", n, BEHAVIOUR.regular.quantities), extra: [] });
    guestLines += n;
  }

  // Cancellations (the whole order, minutes to hours later) and returns (some lines, days later).
  const purchases = orders.filter((o) => o.kind === "O" && o.customer);
  for (const order of purchases) {
    if (r() < 0.011) {
      const seconds = order.seconds + between(r, 600, 4 * 3600);
      if (seconds < END_SECONDS) {
        orders.push({ kind: "C", seq: seq++, customer: order.customer, seconds, lines: order.lines.map((l) => ({ product: l.product, quantity: -l.quantity })), extra: [] });
      }
      continue;
    }
    const returned = order.lines.filter(() => r() < 0.022);
    if (returned.length === 0) continue;
    const day = Math.floor(order.seconds / DAY_SECONDS) + between(r, 3, 45);
    if (day > LAST_DAY) continue;
    orders.push({ kind: "R", seq: seq++, customer: order.customer, seconds: timeOn(r, day), lines: returned.map((l) => ({ product: l.product, quantity: -between(r, 1, l.quantity) })), extra: [] });
  }

  // The export lists orders by time; order numbers are one sequence, prefixed by kind.
  orders.sort((a, b) => a.seconds - b.seconds || a.seq - b.seq);
  const orderWidth = Math.max(6, String(orders.length).length);
  orders.forEach((o, i) => (o.id = `${o.kind}${String(i + 1).padStart(orderWidth, "0")}`));

  const lineRow = (o: Order, line: Line, timestamp = formatTimestamp(o.seconds), quantity = String(line.quantity)): string[] => {
    const p = SAMPLE_PRODUCTS[line.product];
    return [o.id!, o.customer?.id ?? "", timestamp, p.id, p.name, p.category, quantity, money(p.pence)];
  };
  const otherProduct = (o: Order) => {
    for (;;) {
      const product = pick(r, PRODUCT_INDEXES, TASTE_WEIGHTS.standard);
      if (!o.lines.some((l) => l.product === product)) return product;
    }
  };

  // Postage and dirty rows go on distinct customers' purchase orders with room for a line (≤ 6).
  const eligible = shuffle(r, orders.filter((o) => o.kind === "O" && o.customer && o.lines.length < 6));
  const take = (n: number) => eligible.splice(0, Math.min(n, eligible.length));
  const postage = take(postageLines);
  for (const o of postage) {
    const pence = o.customer!.country.postagePence;
    o.extra.push([o.id!, o.customer!.id!, formatTimestamp(o.seconds), POSTAGE.id, POSTAGE.name, "", "1", money(pence)]);
  }
  const badTimestamps = take(dirtyEach);
  for (const o of badTimestamps) o.extra.push(lineRow(o, { product: otherProduct(o), quantity: 1 }, pick(r, BAD_TIMESTAMPS)));
  const badQuantities = take(dirtyEach);
  for (const o of badQuantities) o.extra.push(lineRow(o, { product: otherProduct(o), quantity: 0 }, undefined, pick(r, BAD_QUANTITIES)));
  const duplicated = take(dirtyEach);
  for (const o of duplicated) o.extra.push(lineRow(o, pick(r, o.lines)));

  const transactions: string[][] = [];
  const ledger: SampleLedger = {
    customersInFile: customerRows,
    customersNotInFile: notInFile,
    linesOfCustomersNotInFile: 0,
    groups: Object.fromEntries(Object.keys(SAMPLE_GROUPS).map((g) => [g, 0])) as Record<SampleGroup, number>,
    purchaseOrders: 0,
    purchaseLines: 0,
    returnOrders: 0,
    returnLines: 0,
    cancellationOrders: 0,
    cancellationLines: 0,
    postageLines: postage.length,
    missingCustomerIdLines: guestLines,
    unparseableTimestampLines: badTimestamps.length,
    nonNumericQuantityLines: badQuantities.length,
    duplicateLines: duplicated.length,
    transactionLines: 0,
  };
  for (const o of orders) {
    for (const line of o.lines) transactions.push(lineRow(o, line));
    transactions.push(...o.extra);
    if (o.customer && !o.customer.inFile) ledger.linesOfCustomersNotInFile += o.lines.length + o.extra.length;
    if (o.kind === "O" && o.customer) {
      ledger.purchaseOrders++;
      ledger.purchaseLines += o.lines.length;
    } else if (o.kind === "R") {
      ledger.returnOrders++;
      ledger.returnLines += o.lines.length;
    } else if (o.kind === "C") {
      ledger.cancellationOrders++;
      ledger.cancellationLines += o.lines.length;
    }
  }
  ledger.transactionLines = transactions.length;

  // customers.csv, in id order; the demographic draws come after all behaviour draws.
  const customers: string[][] = [];
  const groupOf = new Map<string, SampleGroup>();
  const emails = new Set<string>();
  for (const p of bySignup) {
    groupOf.set(p.id!, p.group);
    ledger.groups[p.group]++;
    const gender = pick(r, ["F", "M", "X", ""] as const, [48, 46, 2, 4]);
    const firstName = pick(r, gender === "F" || gender === "M" ? FIRST_NAMES[gender] : pick(r, [FIRST_NAMES.F, FIRST_NAMES.M, FIRST_NAMES.X], [2, 2, 3]));
    const lastName = pick(r, p.country.lastNames);
    const place = pick(r, p.country.places, p.country.places.map((c) => c.weight));
    const domain = pick(r, ["example.com", "example.org", "example.net"], [6, 2, 2]);
    let email = "";
    for (let attempt = 0; !email || emails.has(email); attempt++) {
      email = `${asciiLocal(firstName)}.${asciiLocal(lastName)}${between(r, 1, attempt < 5 ? 99 : 9999)}@${domain}`;
    }
    emails.add(email);
    const phone = r() < 0.08 ? "" : p.country.phone(r);
    const birthYear = r() < 0.04 ? "" : String(Math.round(Math.min(2006, Math.max(1940, randomNormal(r, 1983, 13)))));
    const channel = pick(r, CHANNELS, CHANNEL_WEIGHTS[p.group]);
    if (!p.inFile) continue;
    customers.push([p.id!, firstName, lastName, email, phone, formatDay(p.signupDay), birthYear, gender, place.city, place.region, p.country.name, channel]);
  }
  return { customers, transactions, groupOf, ledger };
}

// ---------------------------------------------------------------------------------------------
// Writing.

/** RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: readonly string[], rows: string[][]): string {
  const parts: string[] = [header.map(csvField).join(",")];
  for (const row of rows) parts.push(row.map(csvField).join(","));
  return parts.join("\n") + "\n";
}

/**
 * Writes outDir/customers.csv and outDir/transactions.csv (UTF-8, `\n`, RFC 4180 quoting). Each file
 * is written beside its target and renamed into place, so a reader never sees half a file.
 */
export async function writeSample(outDir: string, options: SampleOptions = {}): Promise<SampleSummary> {
  const rows = generateSampleRows(options);
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    [join(outDir, "customers.csv"), csv(CUSTOMER_COLUMNS, rows.customers)],
    [join(outDir, "transactions.csv"), csv(TRANSACTION_COLUMNS, rows.transactions)],
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
  return { customers: rows.customers.length, transactionLines: rows.transactions.length, files: files.map(([file]) => file) };
}
