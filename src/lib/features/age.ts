/**
 * Age from a birth year, in SQL: the one reading the transactional features (featureSql.ts) and the
 * customers-only features (attributeSql.ts) share.
 */
import { quoteLiteral } from "../io/sql.js";

/** Age bands: [lowest age, label], ascending. Ages are as-of year − birth year. */
export const AGE_BANDS: readonly (readonly [number, string])[] = [
  [0, "under 18"],
  [18, "18-24"],
  [25, "25-34"],
  [35, "35-44"],
  [45, "45-54"],
  [55, "55-64"],
  [65, "65+"],
];

/** The oldest age read from a birth year; beyond it (a placeholder such as 1900) the age is blank. */
export const MAX_AGE = 120;

const isText = (type: string) => /^(VARCHAR|TEXT|CHARACTER VARYING|STRING)/i.test(type);

/**
 * Age in whole years at the as-of date from a birth year (a number, or text holding one: `type` is
 * the column's engine type): the as-of year minus the birth year; NULL when blank, unreadable,
 * negative or over MAX_AGE.
 */
export function ageSql(birthYear: string, asOf: string, type = "DOUBLE"): string {
  const year = isText(type) ? `TRY_CAST(${birthYear} AS DOUBLE)` : `CAST(${birthYear} AS DOUBLE)`;
  const age = `(CAST(EXTRACT(YEAR FROM ${asOf}) AS INTEGER) - CAST(floor(${year}) AS INTEGER))`;
  return `CAST(CASE WHEN ${age} BETWEEN 0 AND ${MAX_AGE} THEN ${age} END AS INTEGER)`;
}

/** Age band of an age expression (AGE_BANDS); NULL when the age is. */
export function ageBandOfAgeSql(age: string): string {
  const whens = [...AGE_BANDS]
    .reverse()
    .map(([lowest, label]) => `WHEN ${age} >= ${lowest} THEN ${quoteLiteral(label)}`)
    .join(" ");
  return `CASE WHEN ${age} IS NULL THEN NULL ${whens} END`;
}
