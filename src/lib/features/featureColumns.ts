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
 * data already dropped): neither a feature, a CLV prediction nor a category share, age_band included.
 */
export function customerAttributeColumns(columns: readonly string[]): string[] {
  return columns.filter(
    (name) => name === "age_band" || (!Object.hasOwn(FEATURE_COLUMNS, name) && !Object.hasOwn(CLV_FEATURE_COLUMNS, name) && !name.startsWith("share_")),
  );
}
