/**
 * Each customer's country from their transaction lines (the transactions export's country role,
 * Online Retail's `Country`), as SQL every engine of the feature query runs alike (native DuckDB,
 * DuckDB-WASM, PostgreSQL).
 *
 * A customer is placed in the country of most of their lines before the as-of date (returns and
 * cancellations included: a line names where the customer bought from, whatever it was). A tie goes
 * to the country of their latest line, then to the first country in byte order, so the same lines
 * always give the same country. Lines without a country are not counted; a customer with none has
 * no country ("(missing)" in the report). How many countries a customer's lines name is kept, so the
 * report can say how many were placed by majority.
 *
 * A customers export with a country attribute wins: its column is the customer's country and the
 * lines' is not computed (countryFromLines).
 */
import { geographyColumns } from "../report/geography.js";
import { dialect, type SqlDialect } from "../io/dialect.js";
import { quoteIdent, quoteLiteral } from "../io/sql.js";

/** The feature column (and the clean lines' column) holding the country. */
export const COUNTRY_COLUMN = "country";

/**
 * Whether the feature table's country comes from the lines: the clean lines have a country column,
 * and the customers export carries no attribute the report reads as a country (that one wins).
 */
export function countryFromLines(lineColumns: readonly string[], attributes: readonly string[]): boolean {
  return lineColumns.includes(COUNTRY_COLUMN) && geographyColumns(attributes).country === null;
}

/**
 * Common table expressions over `lines` (a relation with customer_id, country and order_ts, already
 * cut at the as-of date) ending in `wb_countries`: one row per customer with a country on a line
 * (customer_id, country, countries: how many distinct countries their lines name).
 */
export function customerCountryCtes(lines: string, dialectName: SqlDialect = "duckdb"): string {
  const d = dialect(dialectName);
  return `wb_country_lines AS (
  SELECT customer_id, country, count(*) AS lines, max(order_ts) AS latest
  FROM ${lines} WHERE country IS NOT NULL GROUP BY customer_id, country
),
wb_country_ranked AS (
  SELECT customer_id, country,
    CAST(count(*) OVER (PARTITION BY customer_id) AS INTEGER) AS countries,
    row_number() OVER (PARTITION BY customer_id ORDER BY lines DESC, latest DESC, ${d.byteOrder("country")}) AS rank
  FROM wb_country_lines
),
wb_countries AS (
  SELECT customer_id, country, countries FROM wb_country_ranked WHERE rank = 1
)`;
}

/**
 * Every customer's country and how many countries their lines name, from a clean transactions table
 * with a country column, lines before the as-of date `asOf` (YYYY-MM-DD, the feature table's), by customer_id.
 */
export function customerCountrySql(options: { transactions: string; asOf: string; dialect?: SqlDialect }): string {
  const d = dialect(options.dialect);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) throw new Error(`as-of date must be a YYYY-MM-DD date, got "${options.asOf}"`);
  return `WITH wb_dated AS (
  SELECT customer_id, country, order_ts FROM ${quoteIdent(options.transactions)}
  WHERE order_ts < CAST(DATE ${quoteLiteral(options.asOf)} AS TIMESTAMP)
),
${customerCountryCtes("wb_dated", d.name)}
SELECT customer_id, country, countries FROM wb_countries ORDER BY ${d.byteOrder("customer_id")}`;
}
