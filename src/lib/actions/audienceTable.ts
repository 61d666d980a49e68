/**
 * The customer table audiences are defined over, the same in the report (native DuckDB) and on the
 * audience page (DuckDB-WASM), so a rule written in the config and one edited on the page read the
 * same columns: every column of the feature table (features, RFM scores and segment, category
 * shares, the customers export's non-personal attributes) and the published segment, `segment`
 * (its number, 0 = the largest) and `segment_name`. Predicted values join here once they exist.
 */
import { ConfigError } from "../config/errors.js";
import { quoteIdent } from "../io/sql.js";

/** The columns the audience table adds to the feature table: the published segment. */
export const PUBLISHED_SEGMENT_COLUMNS = ["segment", "segment_name"] as const;

/** What an audience is worth by default: net revenue. */
export const AUDIENCE_VALUE_COLUMN = "monetary";

/**
 * A feature table column named like a published segment column would be shadowed in rules: stop,
 * naming the column (it comes from the customers export) and the fix.
 */
export function assertNoSegmentColumns(featureColumns: readonly string[], source = "workbench.config.json"): void {
  const clash = featureColumns.find((c) => (PUBLISHED_SEGMENT_COLUMNS as readonly string[]).includes(c));
  if (clash) {
    throw new ConfigError(
      source,
      "audiences",
      `the customers export has a column ${JSON.stringify(clash)}, which the audience table uses for the published segment; rename that column in the customers export`,
    );
  }
}

/**
 * A view `name` over the feature table `features` and a table `assignments` (customer_id, segment,
 * segment_name: the published segmentation), one row per customer of the feature table.
 */
export function audienceTableSql(name: string, features: string, assignments: string): string {
  const added = PUBLISHED_SEGMENT_COLUMNS.map((c) => `a.${quoteIdent(c)}`).join(", ");
  // Not TEMP: Framework's DuckDBClient may run each query on a new connection, which would not see it.
  return `CREATE OR REPLACE VIEW ${quoteIdent(name)} AS
SELECT f.*, ${added}
FROM ${quoteIdent(features)} f
LEFT JOIN ${quoteIdent(assignments)} a ON a.customer_id = f.customer_id`;
}
