/**
 * The audience page's database: DuckDB-WASM over the feature table (the bytes the page already
 * has), the transactions, and the published segmentation computed in the page (as the SQL page
 * does), with the audience table the report's audiences are defined over (src/lib/actions/
 * audienceTable.ts). Every query is the report's own SQL with bound parameters
 * (DuckDBClient.query(sql, params)), so a rule counts the same customers here as in the build.
 */
import { tableColumnsSql, type ColumnInfo, type Rule } from "../lib/actions/audienceRule.js";
import { audienceMembershipSql, audienceOverlapSql, audienceRowsSql, audienceSummarySql, type AudienceDefinition, type AudienceOverlap, type AudienceSummary, type AudienceTable } from "../lib/actions/audiences.js";
import { assertNoSegmentColumns, audienceTableSql } from "../lib/actions/audienceTable.js";
import { crmExportColumns } from "../lib/actions/crmExport.js";
import { nextBestColumns, nextBestSql } from "../lib/actions/nextBest.js";
import type { BoundSql } from "../lib/actions/params.js";
import type { RecommendationFloors } from "../lib/actions/recommendations.js";
import { tableRecords, type TableLike } from "../lib/io/arrowColumns.js";
import { toCsv, type CsvValue } from "../lib/io/csv.js";
import { assignmentsIpc, type LabelsWithNames } from "../lib/segments/assignments.js";
import { arrowBytesSource, type FeatureData, type FileLike } from "./workbenchData.js";

/** Framework's DuckDBClient, as far as this module uses it. */
export interface DuckDBClientLike {
  query(sql: string, params?: unknown[]): Promise<TableLike>;
}
export interface DuckDBClientClass {
  of(sources: Record<string, unknown>): Promise<DuckDBClientLike>;
}

/** What the audience page knows about the committed config (src/data/audiences.json.ts). */
export interface AudienceSettings {
  asOf: string;
  valueColumn: string | null;
  /** ISO 4217 code of the money, or null when unknown. */
  currency: string | null;
  audiences: (AudienceDefinition & { play?: unknown })[];
  recommendations: Omit<RecommendationFloors, "top"> & { nextBest: number };
  /** report.publishExport: whether the page may download member lists (the CRM export). */
  publishExport: boolean;
}

export type Row = Record<string, string | number | boolean | null>;

export interface AudienceDatabase {
  table: AudienceTable;
  columns: ColumnInfo[];
  /** Size and value of each audience, in order. */
  summary(audiences: readonly AudienceDefinition[]): Promise<AudienceSummary[]>;
  overlap(audiences: readonly AudienceDefinition[]): Promise<AudienceOverlap[]>;
  /** The first members of a rule's audience, with these columns. */
  preview(rule: Rule, columns: readonly string[], limit?: number): Promise<Row[]>;
  /** The CRM export of an audience: customer_id, audience and the next best products, formulas neutralised. */
  crmCsv(audience: AudienceDefinition): Promise<string>;
}

export async function openAudienceDatabase(
  DuckDBClient: DuckDBClientClass,
  files: { features: FileLike; transactions: FileLike },
  features: FeatureData,
  /** The published segmentation: labels, names by code (segments, then the groups kept out), and how many are segments. */
  published: LabelsWithNames,
  settings: AudienceSettings,
): Promise<AudienceDatabase> {
  assertNoSegmentColumns(features.names);
  // A customers-only project has no RFM segments (no purchases): the column is there, blank.
  const rfmSegments = features.names.includes("rfm_segment") ? features.text("rfm_segment") : new Array<string | null>(features.numRows).fill(null);
  const db = await DuckDBClient.of({
    features: features.duckdbSource(files.features),
    transactions: files.transactions,
    assignments: arrowBytesSource("assignments.arrow", assignmentsIpc(features.text("customer_id"), published, rfmSegments, null)),
  });
  await db.query(audienceTableSql("audience_base", "features", "assignments"));
  const all = async (bound: BoundSql) => tableRecords(await db.query(bound.sql, bound.params));
  const columns = tableRecords(await db.query(tableColumnsSql("audience_base"))).map((r) => ({ name: String(r.name), type: String(r.type) }));
  const table: AudienceTable = { table: "audience_base", columns, valueColumn: settings.valueColumn };
  const { nextBest, minSupport, minCustomers, minLift } = settings.recommendations;
  return {
    table,
    columns,
    summary: async (audiences) => (await all(audienceSummarySql(audiences, table))) as unknown as AudienceSummary[],
    overlap: async (audiences) => (await all(audienceOverlapSql(audiences, table))) as unknown as AudienceOverlap[],
    preview: (rule, shown, limit = 100) => all(audienceRowsSql(rule, table, shown, limit)),
    async crmCsv(audience) {
      const members = audienceMembershipSql([audience], table);
      await db.query(`CREATE OR REPLACE TABLE draft_members AS ${members.sql}`, members.params);
      const rows = await all({ sql: "SELECT customer_id, audience FROM draft_members ORDER BY customer_id", params: [] });
      const next = new Map<string, CsvValue[]>();
      if (nextBest > 0) {
        // Lift against every customer (the assignments table holds them all), as the CLI's export.
        const bound = nextBestSql({ transactions: "transactions", assignments: "draft_members", segmentColumn: "audience", base: "assignments", asOf: settings.asOf, count: nextBest, minSupport, minCustomers, minLift });
        for (const r of await all(bound)) next.set(String(r.customer_id), nextBestColumns(nextBest).map((c) => r[c] as CsvValue));
      }
      return toCsv(
        crmExportColumns(nextBest, "audience"),
        rows.map((r) => [r.customer_id as string, r.audience as string, ...(nextBest > 0 ? next.get(String(r.customer_id))! : [])]),
      );
    },
  };
}
