/**
 * The feature table of a customers-only project (no transactions): one row per customer of the
 * customers export, its non-personal attributes as ingest typed them (numbers, dates, text), and
 * what they give: a birth year gives `age` and `age_band`, a signup date `tenure_days`, each at the
 * as-of date. Kept apart from featureSql.ts (the transactional features and their dialects); the
 * SQL sticks to what DuckDB (native and WASM) and PostgreSQL share, except the birth year's reading
 * of text, which only a text birth-year column needs (TRY_CAST, as featureSql's age band).
 *
 * The as-of date is features.asOf, or else the day after the latest date in the export's date
 * columns (a signup on 2024-12-30 makes it 2024-12-31), or else none: then there is no age or
 * tenure, and the pipeline says so. Never the clock: the same export gives the same features.
 */
import { ageBandOfAgeSql, ageSql } from "./age.js";
import { customerAttributes, FEATURE_COLUMNS } from "./featureSql.js";
import { quoteIdent, quoteLiteral } from "../io/sql.js";

/** Date columns read as a signup date, giving tenure_days (compared lower-case without separators), in order of preference. */
export const SIGNUP_DATE_COLUMNS: readonly string[] = [
  "signupdate", "signup", "signedup", "customersince", "membersince", "joindate", "joined", "joinedon", "registrationdate", "registered",
  "registeredon", "createdat", "createddate", "accountcreated", "firstseen", "startdate", "since",
];

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A column as the feature query sees it: its name and the engine's type (DuckDB's: VARCHAR, DOUBLE, DATE, …). */
export interface TypedColumn {
  name: string;
  type: string;
}

const isDate = (type: string) => /^(DATE|TIMESTAMP)/i.test(type);

export interface CustomersOnlyColumns {
  /** Attributes carried as they are (not personal data, not the birth year). */
  attributes: string[];
  /** The birth-year column (gives age, age_band), or null. */
  birthYear: string | null;
  /** The signup-date column (gives tenure_days), or null. */
  signupDate: string | null;
  /** Every date column of the export, for the default as-of date. */
  dateColumns: string[];
  /** Attribute names that collide with a derived column (age, age_band, tenure_days, as_of): carried under `<name>_export`. */
  renamed: Record<string, string>;
}

/** Derived columns a customers-only feature table adds. */
const DERIVED = ["age", "age_band", "tenure_days", "as_of"] as const;

/** Which of a customers table's columns are carried, and which give age and tenure. */
export function customersOnlyColumns(columns: readonly TypedColumn[], pii: readonly string[]): CustomersOnlyColumns {
  const { attributes, birthYear } = customerAttributesWithDerived(columns.map((c) => c.name), pii);
  const typeOf = (name: string) => columns.find((c) => c.name === name)?.type ?? "VARCHAR";
  const dateColumns = attributes.filter((name) => isDate(typeOf(name)));
  let signupDate: string | null = null;
  for (const wanted of SIGNUP_DATE_COLUMNS) {
    signupDate = dateColumns.find((name) => normalise(name) === wanted) ?? null;
    if (signupDate) break;
  }
  const renamed: Record<string, string> = {};
  for (const name of attributes) if ((DERIVED as readonly string[]).includes(name)) renamed[name] = `${name}_export`;
  return { attributes, birthYear, signupDate, dateColumns, renamed };
}

/**
 * customerAttributes (featureSql.ts), except that transactional feature names are free to use: a
 * customers-only table has no recency_days of its own, so an export column of that name is kept.
 */
function customerAttributesWithDerived(names: readonly string[], pii: readonly string[]): { attributes: string[]; birthYear: string | null } {
  const reserved = new Set(Object.keys(FEATURE_COLUMNS));
  // customerAttributes drops reserved names; put back the ones only a transactions project computes.
  const { attributes, birthYear } = customerAttributes(names, pii);
  const kept = new Set(attributes);
  const personal = new Set(pii.map(normalise));
  return {
    attributes: names.filter((n) => kept.has(n) || (reserved.has(n) && n !== "customer_id" && n !== birthYear && !personal.has(normalise(n)))),
    birthYear,
  };
}

export interface CustomersOnlyOptions {
  /** The clean customers table (customer_id and typed attributes). */
  table: string;
  columns: CustomersOnlyColumns;
  /** Types of the table's columns (the birth year's decides how it is read). */
  types: readonly TypedColumn[];
  /** YYYY-MM-DD, or null for the day after the latest date in `columns.dateColumns` (none without date columns). */
  asOf: string | null;
}

/** The as-of date expression of a customers-only table (see the module comment). */
export function customersOnlyAsOfSql(options: Pick<CustomersOnlyOptions, "table" | "columns" | "asOf">): string {
  if (options.asOf) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf) || Number.isNaN(Date.parse(`${options.asOf}T00:00:00Z`))) throw new Error(`as-of date must be a YYYY-MM-DD date, got "${options.asOf}"`);
    return `DATE ${quoteLiteral(options.asOf)}`;
  }
  const dates = options.columns.dateColumns;
  if (!dates.length) return "CAST(NULL AS DATE)";
  const latest = dates.map((d) => `SELECT max(CAST(${quoteIdent(d)} AS DATE)) AS d FROM ${quoteIdent(options.table)}`).join(" UNION ALL ");
  return `(SELECT CAST(max(d) + 1 AS DATE) FROM (${latest}) wb_dates)`;
}

/** One row per customer of the customers table, ordered by customer_id (see the module comment). */
export function customersOnlyFeatureSql(options: CustomersOnlyOptions): string {
  const { columns, types } = options;
  const typeOf = (name: string) => types.find((c) => c.name === name)?.type ?? "VARCHAR";
  const carried = columns.attributes.map((name) => (columns.renamed[name] ? `cu.${quoteIdent(name)} AS ${quoteIdent(columns.renamed[name])}` : `cu.${quoteIdent(name)}`));
  const derived: string[] = [];
  if (columns.birthYear) {
    const age = ageSql(`cu.${quoteIdent(columns.birthYear)}`, "p.as_of", typeOf(columns.birthYear));
    derived.push(`${age} AS age`, `${ageBandOfAgeSql(age)} AS age_band`);
  }
  if (columns.signupDate) {
    const signup = `CAST(cu.${quoteIdent(columns.signupDate)} AS DATE)`;
    // A signup on or after the as-of date has no tenure yet: blank, not negative.
    derived.push(`CAST(CASE WHEN ${signup} < p.as_of THEN p.as_of - ${signup} END AS INTEGER) AS tenure_days`);
  }
  return `WITH wb_params AS (SELECT ${customersOnlyAsOfSql(options)} AS as_of)
SELECT
  ${["cu.customer_id", ...carried, ...derived, "p.as_of"].join(",\n  ")}
FROM ${quoteIdent(options.table)} cu CROSS JOIN wb_params p
ORDER BY cu.customer_id`;
}
