/** What the feature table's columns are: a feature's description in words, and which columns are customers' attributes. */
import { CLV_FEATURE_COLUMNS } from "../clv/features.js";
import { FEATURE_COLUMNS } from "./featureSql.js";

export function describeFeature(name: string): string {
  if (Object.hasOwn(FEATURE_COLUMNS, name)) return FEATURE_COLUMNS[name as keyof typeof FEATURE_COLUMNS];
  // The CLV step's columns (pipeline/clv/features.ts), joined when clv.enabled.
  if (Object.hasOwn(CLV_FEATURE_COLUMNS, name)) return CLV_FEATURE_COLUMNS[name as keyof typeof CLV_FEATURE_COLUMNS];
  return name.startsWith("share_") ? `Share of product purchase revenue in ${name.slice(6).replaceAll("_", " ")}` : "";
}

/**
 * The feature table's columns that are customers' attributes (from the customers export, personal
 * data already dropped): neither a feature, a CLV prediction nor a category share; age and age_band (from a birth year) included.
 */
export function customerAttributeColumns(columns: readonly string[]): string[] {
  return columns.filter(
    (name) => DERIVED_ATTRIBUTES.includes(name) || (!Object.hasOwn(FEATURE_COLUMNS, name) && !Object.hasOwn(CLV_FEATURE_COLUMNS, name) && !name.startsWith("share_")),
  );
}

/** Feature-table columns computed from a customer's attributes, not from their purchases. */
export const DERIVED_ATTRIBUTES: readonly string[] = ["age", "age_band"];

/**
 * Whether a feature-table column describes purchase behaviour (computed from transactions): the
 * numeric features, category shares and CLV predictions, not the customers export's attributes.
 */
export function isBehaviourFeature(name: string): boolean {
  if (name.startsWith("share_") || Object.hasOwn(CLV_FEATURE_COLUMNS, name)) return true;
  return Object.hasOwn(FEATURE_COLUMNS, name) && !DERIVED_ATTRIBUTES.includes(name) && name !== "customer_id" && name !== "as_of";
}
