/**
 * What the report profiles from the feature table and how it labels each profile: every numeric
 * feature present, and every customer attribute (text columns the customers export passed through;
 * a date-like attribute by year). The distributions themselves are src/lib/segments/profile.ts's.
 */
import { FEATURE_COLUMNS, NUMERIC_FEATURES, type NumericFeature } from "../features/featureSql.js";
import { attributeGroup, humanise, isDateLike, profileCategorical, profileNumeric } from "../segments/profile.js";
import type { ProfiledAttribute, ProfiledFeature } from "./types.js";

export interface ColumnType {
  name: string;
  /** The engine's type name (DuckDB's: VARCHAR, DOUBLE, …). */
  type: string;
}

/**
 * The feature table's columns the report profiles: the numeric features it has (in NUMERIC_FEATURES
 * order) and its customer attributes (text columns that are neither features nor category shares;
 * age_band, derived from a birth year, is an attribute), in table order.
 */
export function profiledColumns(columns: readonly ColumnType[]): { features: string[]; attributes: string[]; dates: string[] } {
  const present = new Set(columns.map((c) => c.name));
  const reserved = new Set<string>([...Object.keys(FEATURE_COLUMNS), "customer_id"].filter((c) => c !== "age_band" && c !== "age"));
  // With transactions, the purchase features; then the customers export's numeric attributes (age, income, a score).
  const purchase = (Object.keys(NUMERIC_FEATURES) as NumericFeature[]).filter((f) => present.has(f));
  const numericAttributes = columns.filter((c) => !reserved.has(c.name) && !c.name.startsWith("share_") && !purchase.includes(c.name as NumericFeature) && NUMERIC.test(c.type)).map((c) => c.name);
  const attributes = columns.filter((c) => !reserved.has(c.name) && !c.name.startsWith("share_") && (c.type === "VARCHAR" || DATE.test(c.type))).map((c) => c.name);
  const dates = columns.filter((c) => attributes.includes(c.name) && DATE.test(c.type)).map((c) => c.name);
  // A customers-only table's tenure_days (from a signup date) is a purchase feature's name but an attribute's meaning.
  return { features: [...purchase, ...numericAttributes], attributes, dates };
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL)/;
const DATE = /^(DATE|TIMESTAMP)/;

/** A numeric feature's or attribute's distribution in each segment and in everyone (blanks counted apart), with its label and meaning. */
export function profileFeature(feature: string, values: ArrayLike<number | null>, labels: ArrayLike<number>, k: number): ProfiledFeature {
  const description = Object.hasOwn(NUMERIC_FEATURES, feature) ? NUMERIC_FEATURES[feature as NumericFeature] : Object.hasOwn(FEATURE_COLUMNS, feature) ? FEATURE_COLUMNS[feature as keyof typeof FEATURE_COLUMNS] : "From the customers export";
  return { ...profileNumeric(feature, values, labels, k), label: humanise(feature), description };
}

/** An attribute's make-up of each segment and of everyone; dates (signup_date) by year ("Signup year"). */
export function profileAttribute(attribute: string, values: ArrayLike<string | null>, labels: ArrayLike<number>, k: number): ProfiledAttribute {
  const raw = Array.from(values);
  const dates = isDateLike(raw);
  const profiled = dates ? raw.map((v) => (v ? String(v).slice(0, 4) : v)) : raw;
  const label = dates ? `${humanise(attribute.replace(/_?date$/i, "") || attribute)} year` : humanise(attribute);
  return { ...profileCategorical(attribute, profiled, labels, k), label, group: attributeGroup(attribute) };
}
