/**
 * Per-customer features and RFM segments as of an analysis date, as one SQL definition that runs
 * unchanged on native DuckDB (loaders, CLI; 1.5) and DuckDB-WASM (pages; 1.1), and through the
 * PostgreSQL dialect (src/lib/io/dialect.ts) in a PostgreSQL database holding the transactions: the
 * SQL sticks to what every engine has, rounds money before comparing or dividing it, and orders
 * every result (text in byte order).
 *
 * Input: a clean transactions table as written by ingestion (customer_id, order_id, order_ts,
 * product_id, category, quantity, amount, is_cancellation, is_return, is_product) and optionally
 * the clean customers table (customer_id plus text attributes).
 *
 * Building the query takes two looks at the data (planFeatureSql): the customers table's columns
 * (to carry its non-personal attributes) and the top categories by revenue (one share_<slug>
 * column each). Both go through a caller-supplied query function, so each engine plans and runs
 * the same SQL.
 */
import type { RfmConfig } from "../config/config.js";
import { CLASSIC_RFM_RULES, DEFAULT_PII, DEFAULT_TOP_CATEGORIES, RFM_OTHER } from "../config/constants.js";
import { rfmScoreSql, rfmSegmentSql } from "./rfm.js";
import { dialect, type Dialect, type SqlDialect } from "../io/dialect.js";
import { quoteIdent, quoteLiteral } from "../io/sql.js";
import { AGE_BANDS, MAX_AGE } from "./age.js";

export { AGE_BANDS };

/** Numeric feature columns the workbench can cluster on (always present, never NULL), with what they mean. */
export const NUMERIC_FEATURES = {
  recency_days: "Days from the last purchase to the as-of date",
  frequency: "Distinct orders that are not cancellations or returns",
  monetary: "Net revenue: all line amounts, returns included (negative)",
  tenure_days: "Days from the first purchase to the as-of date",
  avg_order_value: "Gross purchase revenue per order",
  items_per_order: "Units bought per order",
  return_rate: "Share of purchased units returned or cancelled",
  distinct_products: "Distinct products bought",
} as const;
export type NumericFeature = keyof typeof NUMERIC_FEATURES;

/** Every column of the feature table, in output order, with what it means. */
export const FEATURE_COLUMNS = {
  customer_id: "Customer id",
  recency_days: NUMERIC_FEATURES.recency_days,
  frequency: NUMERIC_FEATURES.frequency,
  monetary: NUMERIC_FEATURES.monetary,
  r_score: "Recency score 1–5 (5 = most recent), by quintile of rank; ties share a score",
  f_score: "Frequency score 1–5 (5 = most orders)",
  m_score: "Monetary score 1–5 (5 = most net revenue)",
  rfm_segment: "Named RFM segment: the first rfm.segments rule the scores match, else rfm.other",
  tenure_days: NUMERIC_FEATURES.tenure_days,
  avg_order_value: NUMERIC_FEATURES.avg_order_value,
  items_per_order: NUMERIC_FEATURES.items_per_order,
  return_rate: NUMERIC_FEATURES.return_rate,
  distinct_products: NUMERIC_FEATURES.distinct_products,
  distinct_categories: "Distinct categories bought (only when the export has categories)",
  mean_days_between_orders: "(last − first purchase date) / (orders − 1); NULL with one order",
  first_purchase: "Date of the first order",
  last_purchase: "Date of the last order",
  as_of: "The analysis date: transactions on or after it are ignored",
  "share_<category>": "Share of product purchase revenue in each top category (only when the export has categories)",
  age: "Age in years from the customers export's birth year, at the as-of year (only when it has one; blank beyond 0–120)",
  age_band: "Age band from the customers export's birth year, at the as-of year (only when it has one)",
} as const;

/** Customer export columns read as a birth year (compared lower-case without separators). */
export const BIRTH_YEAR_COLUMNS = ["birthyear", "yearofbirth", "yob", "birthyr"];

/** Lower case, letters and digits only: "First Name" and "first_name" are the same column. */
function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The customers export's columns that may pass into features: not customer_id, not personal data
 * (config pii, matched ignoring case and separators), not a feature column's name. A birth-year
 * column is not carried itself: it becomes age_band. If it is listed in pii, there is no age band.
 */
export function customerAttributes(columns: readonly string[], pii: readonly string[]): { attributes: string[]; birthYear: string | null } {
  const personal = new Set(pii.map(normaliseName));
  const reserved = new Set(Object.keys(FEATURE_COLUMNS));
  const allowed = columns.filter((c) => c !== "customer_id" && !personal.has(normaliseName(c)) && !reserved.has(c) && !c.startsWith("share_"));
  const birthYear = allowed.find((c) => BIRTH_YEAR_COLUMNS.includes(normaliseName(c))) ?? null;
  return { attributes: allowed.filter((c) => c !== birthYear), birthYear };
}

/** share_<slug> column names for categories, in order: lower-case ASCII, "_" between words, de-duplicated. */
export function categoryColumns(categories: readonly string[]): string[] {
  const used = new Set<string>();
  return categories.map((category) => {
    const slug =
      category
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "_")
        .replace(/^_+|_+$/g, "") || "category";
    let name = `share_${slug}`;
    for (let i = 2; used.has(name); i++) name = `share_${slug}_${i}`;
    used.add(name);
    return name;
  });
}

export interface FeatureSqlOptions {
  /** Table (or view) of clean transactions. */
  transactions?: string;
  /** YYYY-MM-DD; transactions on or after this date are ignored. Default: the day after the last transaction. */
  asOf?: string | null;
  /**
   * Categories that get a share column, in column order; null when the export has no categories
   * (then there is no distinct_categories column either).
   */
  categories?: readonly string[] | null;
  /** The customers table and which of its columns to carry (see customerAttributes). */
  customers?: { table: string; attributes: readonly string[]; birthYear: string | null } | null;
  /** Segment rules; default the built-in classic scheme. */
  rfm?: RfmConfig;
  /** The engine the SQL is for; default DuckDB (native and WASM alike). */
  dialect?: SqlDialect;
}

/** The as-of date expression: a literal date, or the day after the last transaction. */
export function asOfSql({ transactions = "transactions", asOf }: FeatureSqlOptions = {}): string {
  if (asOf) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
      throw new Error(`as-of date must be a YYYY-MM-DD date, got "${asOf}"`);
    }
    return `DATE ${quoteLiteral(asOf)}`;
  }
  return `(SELECT CAST(max(order_ts) AS DATE) + 1 FROM ${quoteIdent(transactions)})`;
}

/**
 * A money sum rounded to cents, so engines that add in a different order agree; -0 (a sum that is
 * a hair below zero) becomes 0. Engines are then comparable value for value, and ties are real.
 */
function cents(sum: string, d: Dialect): string {
  return `CASE WHEN ${d.round(sum, 2)} = 0 THEN 0.0 ELSE ${d.round(sum, 2)} END`;
}

/** Product purchase lines before the as-of date: what category revenue and shares are measured on. */
function purchaseLinesSql(options: FeatureSqlOptions): string {
  return `SELECT t.customer_id, t.category, t.amount
  FROM ${quoteIdent(options.transactions ?? "transactions")} t
  WHERE t.order_ts < CAST(${asOfSql(options)} AS TIMESTAMP)
    AND t.is_product AND NOT (t.is_cancellation OR t.is_return)`;
}

/** Categories by product purchase revenue before the as-of date, largest first (ties by name), at most `limit`. */
export function topCategoriesSql(options: FeatureSqlOptions & { limit: number }): string {
  const d = dialect(options.dialect);
  return `WITH wb_purchases AS (${purchaseLinesSql(options)}),
wb_by_category AS (
  SELECT category, ${cents("sum(amount)", d)} AS revenue FROM wb_purchases WHERE category IS NOT NULL GROUP BY category
)
SELECT category, CAST(revenue AS ${d.double}) AS revenue
FROM wb_by_category
ORDER BY revenue DESC, ${d.byteOrder("category")}
LIMIT ${Math.max(0, Math.trunc(options.limit))}`;
}

/**
 * One row per customer with at least one purchase (an order that is not a cancellation or return)
 * before the as-of date, ordered by customer_id. Counts and scores are INTEGER and money DOUBLE
 * (not BIGINT/HUGEINT), so Arrow hands JS numbers, not bigints, to the pages.
 */
export function featureSql(options: FeatureSqlOptions = {}): string {
  const d = dialect(options.dialect);
  const tx = quoteIdent(options.transactions ?? "transactions");
  const asOf = asOfSql(options);
  const categories = options.categories ?? null;
  const shareNames = categories ? categoryColumns(categories) : [];
  const rfm = options.rfm ?? { segments: [...CLASSIC_RFM_RULES], other: RFM_OTHER };
  const customers = options.customers ?? null;
  const categoryLines = categories
    ? [
        `CAST(count(DISTINCT category) FILTER (WHERE is_product AND NOT is_reversal) AS INTEGER) AS distinct_categories`,
        ...categories.map(
          (c, i) => `${cents(`sum(amount) FILTER (WHERE is_product AND NOT is_reversal AND category = ${quoteLiteral(c)})`, d)} AS category_${i}`,
        ),
      ]
    : [];
  const categoryOut = categories
    ? [
        `l.distinct_categories`,
        ...shareNames.map(
          (name, i) =>
            `CAST(CASE WHEN l.product_revenue > 0 THEN ${d.round(`COALESCE(l.category_${i}, 0) / l.product_revenue`, 4)} ELSE 0 END AS ${d.double}) AS ${quoteIdent(name)}`,
        ),
      ]
    : [];
  const attributeOut = customers ? attributeColumns(customers, "cu", "s.as_of", d.name) : [];
  const columns = [
    "s.customer_id",
    "s.recency_days",
    "s.frequency",
    "s.monetary",
    "s.r_score",
    "s.f_score",
    "s.m_score",
    `${rfmSegmentSql(rfm, { r: "s.r_score", f: "s.f_score", m: "s.m_score" })} AS rfm_segment`,
    "s.tenure_days",
    "s.avg_order_value",
    "s.items_per_order",
    "s.return_rate",
    "s.distinct_products",
    ...(categories ? ["s.distinct_categories"] : []),
    "s.mean_days_between_orders",
    "s.first_purchase",
    "s.last_purchase",
    "s.as_of",
    ...shareNames.map((name) => `s.${quoteIdent(name)}`),
    ...attributeOut,
  ];
  return `WITH wb_params AS (SELECT ${asOf} AS as_of),
wb_lines AS (
  SELECT t.customer_id, t.order_id, t.order_ts, t.product_id, t.category, t.quantity, t.amount, t.is_product,
         (t.is_cancellation OR t.is_return) AS is_reversal
  FROM ${tx} t, wb_params
  WHERE t.order_ts < CAST(wb_params.as_of AS TIMESTAMP)
),
wb_orders AS (
  SELECT customer_id, order_id, min(order_ts) AS order_ts,
         bool_or(is_reversal) AS is_reversal,
         sum(amount) AS amount,
         sum(CASE WHEN is_product THEN quantity ELSE 0 END) AS items
  FROM wb_lines GROUP BY customer_id, order_id
),
wb_per_customer AS (
  SELECT customer_id,
    CAST(min(order_ts) FILTER (WHERE NOT is_reversal) AS DATE) AS first_purchase,
    CAST(max(order_ts) FILTER (WHERE NOT is_reversal) AS DATE) AS last_purchase,
    count(*) FILTER (WHERE NOT is_reversal) AS frequency,
    ${cents("sum(amount)", d)} AS monetary,
    ${cents("sum(amount) FILTER (WHERE NOT is_reversal)", d)} AS gross,
    sum(items) FILTER (WHERE NOT is_reversal) AS items
  FROM wb_orders GROUP BY customer_id
),
wb_per_customer_lines AS (
  SELECT customer_id,
    sum(CASE WHEN is_reversal AND is_product THEN -quantity ELSE 0 END) AS returned_units,
    sum(CASE WHEN NOT is_reversal AND is_product THEN quantity ELSE 0 END) AS bought_units,
    count(DISTINCT product_id) FILTER (WHERE is_product AND NOT is_reversal) AS distinct_products,
    ${cents("sum(amount) FILTER (WHERE is_product AND NOT is_reversal)", d)} AS product_revenue${categoryLines.map((l) => `,\n    ${l}`).join("")}
  FROM wb_lines GROUP BY customer_id
),
wb_base AS (
  SELECT
    c.customer_id,
    CAST(${d.daysBetween("c.last_purchase", "p.as_of")} AS INTEGER) AS recency_days,
    CAST(c.frequency AS INTEGER) AS frequency,
    CAST(c.monetary AS ${d.double}) AS monetary,
    CAST(${d.daysBetween("c.first_purchase", "p.as_of")} AS INTEGER) AS tenure_days,
    CAST(${d.round(d.divide("c.gross", "c.frequency"), 2)} AS ${d.double}) AS avg_order_value,
    CAST(${d.round(d.divide("c.items", "c.frequency"), 2)} AS ${d.double}) AS items_per_order,
    CAST(CASE WHEN l.bought_units > 0 THEN ${d.round(`least(${d.divide("l.returned_units", "l.bought_units")}, 1)`, 4)} ELSE 0 END AS ${d.double}) AS return_rate,
    CAST(l.distinct_products AS INTEGER) AS distinct_products,
    CAST(CASE WHEN c.frequency > 1 THEN ${d.round(d.divide(d.daysBetween("c.first_purchase", "c.last_purchase"), "(c.frequency - 1)"), 2)} END AS ${d.double}) AS mean_days_between_orders,
    c.first_purchase,
    c.last_purchase,
    p.as_of${categoryOut.map((l) => `,\n    ${l}`).join("")}
  FROM wb_per_customer c
  JOIN wb_per_customer_lines l USING (customer_id)
  CROSS JOIN wb_params p
  WHERE c.frequency > 0
),
wb_scored AS (
  SELECT wb_base.*, ${rfmScoreSql("r", undefined, d.name)} AS r_score, ${rfmScoreSql("f", undefined, d.name)} AS f_score, ${rfmScoreSql("m", undefined, d.name)} AS m_score
  FROM wb_base
)
SELECT
  ${columns.join(",\n  ")}
FROM wb_scored s${customers ? `\nLEFT JOIN ${quoteIdent(customers.table)} cu ON cu.customer_id = s.customer_id` : ""}
ORDER BY ${d.byteOrder("s.customer_id")}`;
}

/** The customers table's columns a feature row carries (see customerAttributes), from table alias `alias`. */
function attributeColumns(customers: NonNullable<FeatureSqlOptions["customers"]>, alias: string, asOf: string, dialectName: SqlDialect): string[] {
  return [
    ...customers.attributes.map((c) => `${alias}.${quoteIdent(c)}`),
    ...(customers.birthYear
      ? [`${ageOfBirthYearSql(`${alias}.${quoteIdent(customers.birthYear)}`, asOf, dialectName)} AS age`, `${ageBandSql(`${alias}.${quoteIdent(customers.birthYear)}`, asOf, dialectName)} AS age_band`]
      : []),
  ];
}

/** Age in whole years from a birth-year value (any type) at the as-of year: NULL when unreadable or outside 0 … MAX_AGE (as ageSql). */
export function ageOfBirthYearSql(birthYear: string, asOf: string, dialectName: SqlDialect = "duckdb"): string {
  const d = dialect(dialectName);
  // In doubles until the range check: a year too large for an integer (1e300) is no age, not a failed query.
  const age = `(${d.year(asOf)} - floor(${d.finiteDouble(`CAST(${birthYear} AS ${d.text})`)}))`;
  return `CAST(CASE WHEN ${age} BETWEEN 0 AND ${MAX_AGE} THEN ${age} END AS INTEGER)`;
}

/**
 * Feature rows computed without a customers table (featureSql with customers null, in the database
 * that holds the transactions) with the customers' attributes added: the columns and values featureSql
 * gives with the customers table, for engines where the two tables are in different databases.
 */
export function withAttributesSql(features: string, customers: NonNullable<FeatureSqlOptions["customers"]>, dialectName: SqlDialect = "duckdb"): string {
  const d = dialect(dialectName);
  return `SELECT f.*${attributeColumns(customers, "cu", "f.as_of", d.name).map((c) => `, ${c}`).join("")}
FROM ${quoteIdent(features)} f
LEFT JOIN ${quoteIdent(customers.table)} cu ON cu.customer_id = f.customer_id
ORDER BY ${d.byteOrder("f.customer_id")}`;
}

/** Age band of a birth-year value (any type; unparseable, not finite or implausible → NULL) at the as-of year. */
export function ageBandSql(birthYear: string, asOf: string, dialectName: SqlDialect = "duckdb"): string {
  const d = dialect(dialectName);
  // In doubles: a year too large for an integer (1e300) is an implausible age, not a failed query.
  const age = `(${d.year(asOf)} - floor(${d.finiteDouble(`CAST(${birthYear} AS ${d.text})`)}))`;
  const whens = [...AGE_BANDS]
    .reverse()
    .map(([lowest, label]) => `WHEN ${age} >= ${lowest} THEN ${quoteLiteral(label)}`)
    .join(" ");
  return `CASE WHEN ${age} IS NULL OR ${age} < 0 OR ${age} > ${MAX_AGE} THEN NULL ${whens} END`;
}

/** Runs SQL on some engine (native DuckDB, DuckDB-WASM) and returns rows as plain objects. */
export type QueryRows = (sql: string) => Promise<Record<string, unknown>[]>;

export interface PlanOptions {
  transactions?: string;
  /** Customers table, if any. */
  customers?: string | null;
  asOf?: string | null;
  /** How many top categories get a share column. Default 5. */
  topCategories?: number;
  /** Customer columns never carried (personal data). */
  pii?: readonly string[];
  rfm?: RfmConfig;
  /** The engine `query` runs on; default DuckDB. */
  dialect?: SqlDialect;
}

export interface FeaturePlan {
  sql: string;
  /** Top categories with a share column; null when the export has no categories. */
  categories: string[] | null;
  /** Customer attributes carried (age_band comes from birthYear). */
  attributes: string[];
  birthYear: string | null;
}

/**
 * Looks at the data (customer columns, top categories) with `query` and returns the feature SQL.
 * Every engine that plans with its own query function gets the same SQL for the same data.
 */
export async function planFeatureSql(query: QueryRows, options: PlanOptions = {}): Promise<FeaturePlan> {
  const transactions = options.transactions ?? "transactions";
  const d = dialect(options.dialect);
  const top = await query(topCategoriesSql({ transactions, asOf: options.asOf, limit: options.topCategories ?? DEFAULT_TOP_CATEGORIES, dialect: d.name }));
  // With limit 0 the query returns no rows even when categories exist; ask again for just the count.
  const hasCategories =
    top.length > 0 ||
    ((options.topCategories ?? DEFAULT_TOP_CATEGORIES) === 0 && (await query(topCategoriesSql({ transactions, asOf: options.asOf, limit: 1, dialect: d.name }))).length > 0);
  const categories = hasCategories ? top.map((row) => String(row.category)) : null;
  let customers: { table: string; attributes: string[]; birthYear: string | null } | null = null;
  if (options.customers) {
    const names = (await query(d.columnsQuery(options.customers))).map((r) => String(r.name));
    customers = { table: options.customers, ...customerAttributes(names, options.pii ?? DEFAULT_PII) };
  }
  const sql = featureSql({ transactions, asOf: options.asOf, categories, customers, rfm: options.rfm, dialect: d.name });
  return { sql, categories, attributes: customers?.attributes ?? [], birthYear: customers?.birthYear ?? null };
}
