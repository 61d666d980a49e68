/**
 * Rule-based audiences over a customer table (one row per customer: features, attributes, RFM
 * scores and segment, the published segment, later predicted values): who is in each, each
 * audience's size and value, how they overlap, and the memberships for the CRM export and for the
 * per-segment actions (an audience is a segment that may overlap: recommendations.ts and kpis.ts
 * take the membership table as their segment table).
 *
 * Rules are checked against the table's columns (audienceRule.ts) before any SQL is built, and the
 * SQL binds every value (audience names included) as a parameter, so names and values from the
 * config or a page stay data on both engines.
 */
import { ConfigError } from "../config/errors.js";
import { closestKey } from "../config/suggest.js";
import { quoteIdent } from "../io/sql.js";
import { assertRule, columnKind, compileRule, type ColumnInfo, type Rule } from "./audienceRule.js";
import { Params, type BoundSql } from "./params.js";

export interface AudienceDefinition {
  name: string;
  rule: Rule;
}

export interface AudienceTable {
  /** The customer table (or view). */
  table: string;
  /** Its columns and types (run tableColumnsSql from audienceRule.ts). */
  columns: readonly ColumnInfo[];
  /** Default "customer_id". */
  idColumn?: string;
  /** The value an audience is worth: a number column (net revenue, or a customers-only project's value measure). Default "monetary"; null for none. */
  valueColumn?: string | null;
}

function idColumn(table: AudienceTable): string {
  return table.idColumn ?? "customer_id";
}

function valueColumn(table: AudienceTable): string | null {
  return table.valueColumn === undefined ? "monetary" : table.valueColumn;
}

/**
 * Checks every audience's rule, the id column and the value column against the table; throws a
 * ConfigError naming the first problem's key (`audiences[1].rule.all[0].column: unknown column
 * "recencydays"; did you mean recency_days?`). `key` is where the list sits in the config.
 */
export function assertAudiences(audiences: readonly AudienceDefinition[], table: AudienceTable, options: { source?: string; key?: string; valueKey?: string } = {}): void {
  const { source = "workbench.config.json", key = "audiences", valueKey = "the value column" } = options;
  const names = table.columns.map((c) => c.name);
  const id = idColumn(table);
  if (!names.includes(id)) throw new ConfigError(source, key, `the customer table ${JSON.stringify(table.table)} has no ${JSON.stringify(id)} column`);
  const value = valueColumn(table);
  if (value !== null) {
    const column = table.columns.find((c) => c.name === value);
    if (!column) {
      const near = closestKey(value, names);
      throw new ConfigError(source, valueKey, `unknown column ${JSON.stringify(value)}${near ? `; did you mean ${near}?` : ""}`);
    }
    if (columnKind(column.type) !== "number") throw new ConfigError(source, valueKey, `expected a number column, got ${JSON.stringify(value)} (${column.type})`);
  }
  audiences.forEach((audience, i) => assertRule(audience.rule, table.columns, `${key}[${i}].rule`, source));
}

/** `wb_flags (customer_id, value, a0, a1, …)`: one row per customer, TRUE/FALSE per audience. */
function flagsCte(audiences: readonly AudienceDefinition[], table: AudienceTable, params: Params): string {
  const value = valueColumn(table);
  const flags = audiences.map((a, i) => `${compileRule(a.rule, table.columns, params)} AS a${i}`);
  return `wb_flags AS (
  SELECT t.${quoteIdent(idColumn(table))} AS customer_id,
    ${value === null ? "CAST(NULL AS DOUBLE)" : `CAST(t.${quoteIdent(value)} AS DOUBLE)`} AS value${flags.map((f) => `,\n    ${f}`).join("")}
  FROM ${quoteIdent(table.table)} t
  WHERE t.${quoteIdent(idColumn(table))} IS NOT NULL
)`;
}

/** `wb_audiences (audience, name)` and `wb_members (customer_id, value, audience)`: one row per membership. */
function membersCtes(audiences: readonly AudienceDefinition[], params: Params): string {
  const list = audiences.map((a, i) => `(${i}, ${params.text(a.name)})`).join(", ");
  const which = audiences.map((_, i) => `WHEN ${i} THEN f.a${i}`).join(" ");
  return `wb_audiences AS (
  SELECT * FROM (VALUES ${list}) v(audience, name)
),
wb_members AS (
  SELECT f.customer_id, f.value, a.audience
  FROM wb_flags f JOIN wb_audiences a ON (CASE a.audience ${which} END)
)`;
}

/** Money-like sums to cents, so that engines adding in another order agree; -0 becomes 0. */
function cents(sum: string): string {
  return `CASE WHEN round(${sum}, 2) = 0 THEN 0.0 ELSE round(${sum}, 2) END`;
}

function requireAudiences(audiences: readonly AudienceDefinition[]): void {
  if (audiences.length === 0) throw new Error("no audiences given");
}

/** The customer ids in the audience of `rule`, in order. */
export function audienceMembersSql(rule: Rule, table: AudienceTable): BoundSql {
  const params = new Params();
  const id = quoteIdent(idColumn(table));
  const sql = `SELECT t.${id} AS customer_id
FROM ${quoteIdent(table.table)} t
WHERE t.${id} IS NOT NULL AND ${compileRule(rule, table.columns, params)}
ORDER BY t.${id}`;
  return params.bound(sql);
}

/**
 * Every membership as (customer_id, audience name), ordered by customer then audience order: the
 * segment table of overlapping audiences for the CRM export, recommendations and KPIs.
 */
export function audienceMembershipSql(audiences: readonly AudienceDefinition[], table: AudienceTable): BoundSql {
  requireAudiences(audiences);
  const params = new Params();
  const sql = `WITH ${flagsCte(audiences, table, params)},
${membersCtes(audiences, params)}
SELECT m.customer_id, a.name AS audience
FROM wb_members m JOIN wb_audiences a ON a.audience = m.audience
ORDER BY m.customer_id, m.audience`;
  return params.bound(sql);
}

/** A row of audienceSummarySql's result. */
export interface AudienceSummary {
  /** Index in the list given (config order). */
  audience: number;
  name: string;
  customers: number;
  /** Sum of the value column over its members, to cents (0 with no value column). */
  value: number;
  /** Members whose value is blank (left out of `value`: never counted as 0). */
  value_missing: number;
  customer_share: number;
  /** value ÷ the whole table's value; NULL when that is not positive. */
  value_share: number | null;
  base_customers: number;
  base_value: number;
}

/** Each audience's size and value against the whole table, in the order given (the live count of a rule being edited is this with one audience). */
export function audienceSummarySql(audiences: readonly AudienceDefinition[], table: AudienceTable): BoundSql {
  requireAudiences(audiences);
  const params = new Params();
  const sql = `WITH ${flagsCte(audiences, table, params)},
${membersCtes(audiences, params)},
wb_base AS (
  SELECT count(*) AS base_customers, ${cents("COALESCE(sum(value), 0)")} AS base_value FROM wb_flags
),
wb_sizes AS (
  SELECT audience, count(*) AS customers, ${cents("COALESCE(sum(value), 0)")} AS value, count(*) FILTER (WHERE value IS NULL) AS value_missing
  FROM wb_members GROUP BY audience
)
SELECT a.audience, a.name,
  CAST(COALESCE(s.customers, 0) AS INTEGER) AS customers,
  CAST(COALESCE(s.value, 0) AS DOUBLE) AS value,
  CAST(COALESCE(s.value_missing, 0) AS INTEGER) AS value_missing,
  CASE WHEN b.base_customers > 0 THEN CAST(COALESCE(s.customers, 0) AS DOUBLE) / CAST(b.base_customers AS DOUBLE) ELSE 0 END AS customer_share,
  CASE WHEN b.base_value > 0 THEN CAST(COALESCE(s.value, 0) AS DOUBLE) / CAST(b.base_value AS DOUBLE) END AS value_share,
  CAST(b.base_customers AS INTEGER) AS base_customers,
  CAST(b.base_value AS DOUBLE) AS base_value
FROM wb_audiences a
CROSS JOIN wb_base b
LEFT JOIN wb_sizes s ON s.audience = a.audience
ORDER BY a.audience`;
  return params.bound(sql);
}

/** A cell of the overlap matrix. */
export interface AudienceOverlap {
  a: number;
  a_name: string;
  b: number;
  b_name: string;
  /** Customers in both (on the diagonal: the audience's size). */
  customers: number;
  /** customers ÷ size of a (NULL when a is empty): how much of a is also in b. */
  share_of_a: number | null;
}

/** The overlap matrix: every ordered pair of audiences (the diagonal included), row by row. */
export function audienceOverlapSql(audiences: readonly AudienceDefinition[], table: AudienceTable): BoundSql {
  requireAudiences(audiences);
  const params = new Params();
  const sql = `WITH ${flagsCte(audiences, table, params)},
${membersCtes(audiences, params)},
wb_sizes AS (SELECT audience, count(*) AS customers FROM wb_members GROUP BY audience),
wb_both AS (
  SELECT x.audience AS a, y.audience AS b, count(*) AS customers
  FROM wb_members x JOIN wb_members y ON y.customer_id = x.customer_id
  GROUP BY x.audience, y.audience
)
SELECT p.audience AS a, p.name AS a_name, q.audience AS b, q.name AS b_name,
  CAST(COALESCE(w.customers, 0) AS INTEGER) AS customers,
  CASE WHEN s.customers > 0 THEN CAST(COALESCE(w.customers, 0) AS DOUBLE) / CAST(s.customers AS DOUBLE) END AS share_of_a
FROM wb_audiences p
CROSS JOIN wb_audiences q
LEFT JOIN wb_both w ON w.a = p.audience AND w.b = q.audience
LEFT JOIN wb_sizes s ON s.audience = p.audience
ORDER BY p.audience, q.audience`;
  return params.bound(sql);
}

/**
 * For the scorecard's "distinct" of overlapping audiences: per audience, the other audience that
 * holds the largest share of its customers (null when no other holds any), from the overlap matrix.
 */
export function largestOverlaps(matrix: readonly AudienceOverlap[]): { audience: number; with: string | null; share: number }[] {
  const byAudience = new Map<number, { with: string | null; share: number }>();
  for (const cell of matrix) {
    const current = byAudience.get(cell.a) ?? { with: null, share: 0 };
    if (cell.a !== cell.b && cell.share_of_a !== null && cell.share_of_a > current.share) byAudience.set(cell.a, { with: cell.b_name, share: cell.share_of_a });
    else byAudience.set(cell.a, current);
  }
  return [...byAudience.entries()].sort(([a], [b]) => a - b).map(([audience, o]) => ({ audience, ...o }));
}

/**
 * The first `limit` members of the audience of `rule`, with `columns` of the table, by customer id:
 * the audience page's preview of who is in it.
 */
export function audienceRowsSql(rule: Rule, table: AudienceTable, columns: readonly string[], limit = 100): BoundSql {
  const known = new Set(table.columns.map((c) => c.name));
  const missing = columns.find((c) => !known.has(c));
  if (missing !== undefined) throw new Error(`unknown column ${JSON.stringify(missing)} in ${JSON.stringify(table.table)}`);
  if (!(Number.isInteger(limit) && limit >= 1)) throw new Error(`limit must be a whole number ≥ 1, got ${limit}`);
  const params = new Params();
  const id = quoteIdent(idColumn(table));
  const list = [idColumn(table), ...columns.filter((c) => c !== idColumn(table))].map((c) => `t.${quoteIdent(c)}`).join(", ");
  const sql = `SELECT ${list}
FROM ${quoteIdent(table.table)} t
WHERE t.${id} IS NOT NULL AND ${compileRule(rule, table.columns, params)}
ORDER BY t.${id}
LIMIT ${params.integer(limit)}`;
  return params.bound(sql);
}
