/** What a feature column is, in words, for tables and chart subtitles (data page, customer lookup). */
import { FEATURE_COLUMNS } from "./featureSql.js";

export function describeFeature(name: string): string {
  if (Object.hasOwn(FEATURE_COLUMNS, name)) return FEATURE_COLUMNS[name as keyof typeof FEATURE_COLUMNS];
  return name.startsWith("share_") ? `Share of product purchase revenue in ${name.slice(6).replaceAll("_", " ")}` : "";
}
