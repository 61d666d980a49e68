/**
 * What the report's action sections (recommendations, KPIs, audiences, RFM plays, scorecard) share,
 * computed once per report: the tables their SQL runs over and the three labellings they act on.
 *
 * - clusters: the committed k-means segmentation (ctx.segmentTable(), segment numbers);
 * - rfm: each customer's RFM segment from the feature table, by name, in rule order then rfm.other;
 * - audiences: the config's audiences over the audience table (src/lib/actions/audienceTable.ts:
 *   the feature table and the published segment), one row per membership, so a customer may be in
 *   several; their base is every customer, not only those in some audience.
 *
 * And the earlier snapshot (report.previousAsOfDays before the as-of date, as the migration section
 * uses it): each labelling then, aligned with today's customers, for the scorecard's stability.
 *
 * Customers kept out of the clustering (net returners, …) have label k + g: they are in every
 * labelling's base (everyone, the audience table with their group's label as segment_name) but in
 * no k-means group here, so no section acts on them as a segment.
 *
 * Memoised per report context, so the sections that need a table or labelling make it once.
 */
import { relative } from "node:path";
import { listValue } from "@duckdb/node-api";
import type { WorkbenchConfig } from "../../src/lib/config/config.js";
import { audienceMembershipSql, assertAudiences, type AudienceTable } from "../../src/lib/actions/audiences.js";
import { tableColumnsSql, type ColumnInfo } from "../../src/lib/actions/audienceRule.js";
import { assertNoSegmentColumns, AUDIENCE_VALUE_COLUMN, audienceTableSql } from "../../src/lib/actions/audienceTable.js";
import type { BoundSql } from "../../src/lib/actions/params.js";
import { contactColumns } from "../../src/lib/actions/reachability.js";
import { rfmPlays, type RfmSegmentPlay } from "../../src/lib/actions/rfmPlays.js";
import type { SegmentSource } from "../../src/lib/actions/segmentPurchases.js";
import { daysBefore } from "../../src/lib/io/dates.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { profiledColumns } from "../../src/lib/report/profiles.js";
import { assignCustomers } from "../../src/lib/segments/customerSegmentation.js";
import { configPath } from "../config.js";
import type { Database } from "../duckdb.js";
import { parquetColumnTypes, readColumns } from "../parquet.js";
import { featuresAt } from "../run.js";
import type { ReportContext } from "./context.js";

export type LabellingKind = "clusters" | "rfm" | "audiences";

/** One labelling of the customers, as the actions' SQL and the scorecard take it. */
export interface Labelling {
  kind: LabellingKind;
  /** The segment table and how to read it (for recommendationsSql, pairRulesSql, kpiSql, nextBestSql). */
  source: SegmentSource;
  /** Its segments in report order: the value of the segment column, and the name shown. */
  groups: { key: string | number; name: string }[];
  /** Each group's members, as row indices into ctx.customerIds. */
  rows: number[][];
}

export interface AudienceData {
  /** The config's audiences (name, rule, play). */
  definitions: WorkbenchConfig["audiences"];
  table: AudienceTable;
  labelling: Labelling;
}

export interface PreviousSnapshot {
  asOf: string;
  /** Per current customer, their k-means segment then (assigned with today's model), -1 if not a customer then. */
  clusters: Int32Array;
  /** Per current customer, their RFM segment then (index into rfm groups), -1 if not a customer then. */
  rfm: Int32Array;
  /** Per audience, its members then, as current row indices. */
  audiences: Set<number>[];
}

export interface ReportActions {
  /**
   * The config's audience rules and contact columns against the customer table: run at the start of
   * the report, so that a bad rule stops the build with one line naming its key before anything else.
   */
  check(): Promise<void>;
  /** The clean transactions (a view over transactions.parquet). */
  transactions(): Promise<string>;
  /** Whether any transaction line has a category. */
  hasCategory(): Promise<boolean>;
  /** A table of every customer (customer_id), the base of every labelling. */
  everyone(): Promise<string>;
  clusters(): Promise<Labelling>;
  /** With each customer's RFM segment as an index into groups, and each segment's play. */
  rfm(): Promise<Labelling & { labels: Int32Array; plays: RfmSegmentPlay[] }>;
  audiences(): Promise<AudienceData>;
  previous(): Promise<PreviousSnapshot>;
  /** Consent or contact channel columns of the customer table (configured, or found by name). */
  contactColumns(): string[];
  /** The columns complete data needs a value in: the segmentation features and the customer attributes. */
  completeColumns(): string[];
  /** Runs a bound query on the report's database. */
  all<T = Record<string, unknown>>(bound: BoundSql): Promise<T[]>;
}

const memo = new WeakMap<ReportContext, ReportActions>();

/** The config file as its errors name it (as loadConfig names it for the schema's errors). */
function configSource(configFile?: string): string {
  const file = configPath(configFile);
  return relative(process.cwd(), file) || file;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

function groupRows(labels: ArrayLike<number>, k: number): number[][] {
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0 && labels[i] < k) rows[labels[i]].push(i);
  return rows;
}

/**
 * The audience table of a feature file and a labelling of its customers (the published segment), as
 * a view `<prefix>_audience_base`; its columns described for the rules' checks. `names` are by label
 * code (the segments', then the groups'); a customer kept out of the clustering has no segment number
 * (NULL) and its group's label as segment_name, as the pages' assignments table has (assignments.ts).
 */
export async function audienceBase(db: Database, prefix: string, featureFile: string, ids: readonly string[], labels: ArrayLike<number>, names: readonly string[], segments = names.length): Promise<AudienceTable> {
  await db.run(`CREATE OR REPLACE TEMP VIEW ${prefix}_features AS SELECT * FROM read_parquet(${quoteLiteral(featureFile)})`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE ${prefix}_assignments AS
       SELECT customer_id, CASE WHEN code < ${Number(segments)} THEN code END AS segment, segment_name
       FROM (SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::INTEGER[]) AS code, unnest($3::VARCHAR[]) AS segment_name)`,
    [
      listValue([...ids]),
      listValue(Array.from(labels)),
      listValue(
        Array.from(labels, (c) => {
          const name = names[c];
          if (name === undefined) throw new Error(`audience table: label ${c} has no name (${names.length} names)`);
          return name;
        }),
      ),
    ],
  );
  await db.run(audienceTableSql(`${prefix}_audience_base`, `${prefix}_features`, `${prefix}_assignments`));
  const columns = await db.all<ColumnInfo>(tableColumnsSql(`${prefix}_audience_base`));
  return { table: `${prefix}_audience_base`, columns, valueColumn: AUDIENCE_VALUE_COLUMN };
}

/** The report's actions; `configFile` (the one the report was built from) names the file in config errors. */
export function reportActions(ctx: ReportContext, configFile?: string): ReportActions {
  const existing = memo.get(ctx);
  if (existing) return existing;
  const sourceFile = configSource(configFile);
  const { db, outputs, config } = ctx;
  // The action sections run only in a project with transactions (build.ts gives a customers-only report their reasons instead).
  if (outputs.transactions === null || outputs.asOf === null) throw new Error("the report's action sections need transactions; this is a customers-only project (inputs.transactions null)");
  const transactionsFile = outputs.transactions;
  const asOf = outputs.asOf;
  const index = new Map(ctx.customerIds.map((id, i) => [id, i]));
  const featureNames = ctx.featureTypes.map((c) => c.name);

  const transactions = once(async () => {
    await db.run(`CREATE OR REPLACE TEMP VIEW report_transactions AS SELECT * FROM read_parquet(${quoteLiteral(transactionsFile)})`);
    return "report_transactions";
  });
  // An export without a category role has the column, empty: no category recommendations then, rather than empty lists.
  const hasCategory = once(async () => {
    if (!(await parquetColumnTypes(db, transactionsFile)).some((c) => c.name === "category")) return false;
    const [row] = await db.all<{ any: boolean }>(`SELECT count(*) FILTER (WHERE category IS NOT NULL) > 0 AS any FROM read_parquet(${quoteLiteral(transactionsFile)})`);
    return row.any;
  });
  const source = async (assignments: string, extra: Partial<SegmentSource> = {}): Promise<SegmentSource> => ({ transactions: await transactions(), assignments, asOf, ...extra });

  const clusters = once(async (): Promise<Labelling> => ({
    kind: "clusters",
    source: await source(await ctx.segmentTable()),
    // The segments only: customers kept out of the clustering ("Not segmented (missing …)") are in the base, not in a group.
    groups: ctx.names.slice(0, ctx.segmentation.k).map((name, c) => ({ key: c, name })),
    rows: groupRows(ctx.labels, ctx.segmentation.k),
  }));

  const rfm = once(async () => {
    const plays = rfmPlays(config.rfm, config.playbook);
    const position = new Map(plays.map((p, i) => [p.name, i]));
    const { rfm_segment } = await ctx.featureColumns(["rfm_segment"]);
    const labels = Int32Array.from(rfm_segment, (name, i) => {
      const at = position.get(String(name));
      // The feature SQL names every customer from these rules: anything else is a bug, not a segment.
      if (at === undefined) throw new Error(`customer ${JSON.stringify(ctx.customerIds[i])} has RFM segment ${JSON.stringify(name)}, which is no rfm.segments rule nor rfm.other`);
      return at;
    });
    await db.run(`CREATE OR REPLACE TEMP TABLE report_rfm AS SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::VARCHAR[]) AS segment`, [
      listValue(ctx.customerIds),
      listValue(Array.from(rfm_segment, String)),
    ]);
    return {
      kind: "rfm" as const,
      source: await source("report_rfm"),
      groups: plays.map((p) => ({ key: p.name, name: p.name })),
      rows: groupRows(labels, plays.length),
      labels,
      plays,
    };
  });

  const audiences = once(async (): Promise<AudienceData> => {
    assertNoSegmentColumns(featureNames, sourceFile);
    const table = await audienceBase(db, "report", outputs.features, ctx.customerIds, ctx.labels, ctx.labelNames, ctx.names.length);
    const definitions = config.audiences;
    assertAudiences(definitions, table, { source: sourceFile });
    const rows: number[][] = definitions.map(() => []);
    if (definitions.length) {
      const { sql, params } = audienceMembershipSql(definitions, table);
      await db.run(`CREATE OR REPLACE TEMP TABLE report_audience_members AS ${sql}`, params);
      const members = await db.all<{ customer_id: string; audience: string }>(`SELECT customer_id, audience FROM report_audience_members`);
      const position = new Map(definitions.map((a, i) => [a.name, i]));
      for (const m of members) rows[position.get(m.audience)!].push(index.get(m.customer_id)!);
      for (const r of rows) r.sort((a, b) => a - b);
    } else {
      await db.run(`CREATE OR REPLACE TEMP TABLE report_audience_members (customer_id VARCHAR, audience VARCHAR)`);
    }
    return {
      definitions,
      table,
      labelling: {
        kind: "audiences",
        source: await source("report_audience_members", { segmentColumn: "audience", base: await ctx.segmentTable() }),
        groups: definitions.map((a) => ({ key: a.name, name: a.name })),
        rows,
      },
    };
  });

  const previous = once(async (): Promise<PreviousSnapshot> => {
    const previousAsOf = daysBefore(asOf, config.report.previousAsOfDays);
    const file = await featuresAt(db, outputs, previousAsOf);
    const { features } = config.segmentation;
    const then = await readColumns(db, file, [...new Set(["customer_id", "rfm_segment", "monetary", ...features])]);
    const ids = (then.customer_id as unknown[]).map(String);
    // Assigned with today's model, the same rules (net returners) and its blank handling (segmentation.missing).
    let assigned;
    try {
      assigned = assignCustomers(ctx.segmentation, then, { ids });
    } catch (error) {
      throw new Error(`at the earlier date ${previousAsOf} (report.previousAsOfDays before the as-of date): ${(error as Error).message}`);
    }
    const k = ctx.segmentation.k;
    // Every label code then: a group kept out then (net returners, "Not segmented …") is a code ≥ k,
    // its label in namesThen (a group new since then after the current ones).
    const labelsThen = assigned.labels;
    const namesThen = [...ctx.names.slice(0, k), ...assigned.groupLabels];
    const { plays } = await rfm();
    const rfmPosition = new Map(plays.map((p, i) => [p.name, i]));
    const clusterThen = new Int32Array(ctx.customerIds.length).fill(-1);
    const rfmThen = new Int32Array(ctx.customerIds.length).fill(-1);
    ids.forEach((id, j) => {
      const i = index.get(id);
      // Features are cumulative: a customer then is a customer now (the migration section reports it otherwise).
      if (i === undefined) return;
      clusterThen[i] = labelsThen[j];
      rfmThen[i] = rfmPosition.get(String(then.rfm_segment[j])) ?? -1;
    });
    const { definitions } = await audiences();
    const audiencesThen = definitions.map(() => new Set<number>());
    if (definitions.length) {
      const table = await audienceBase(db, "report_then", file, ids, assigned.labels, namesThen, k);
      try {
        assertAudiences(definitions, table, { source: sourceFile });
      } catch (error) {
        throw new Error(`at the earlier date ${previousAsOf} (report.previousAsOfDays before the as-of date): ${(error as Error).message}`);
      }
      const { sql, params } = audienceMembershipSql(definitions, table);
      const position = new Map(definitions.map((a, i) => [a.name, i]));
      for (const m of await db.all<{ customer_id: string; audience: string }>(sql, params)) {
        const i = index.get(m.customer_id);
        if (i !== undefined) audiencesThen[position.get(m.audience)!].add(i);
      }
    }
    return { asOf: previousAsOf, clusters: clusterThen, rfm: rfmThen, audiences: audiencesThen };
  });

  const contacts = () => contactColumns(featureNames, config.scorecard.contactColumns, sourceFile);
  const actions: ReportActions = {
    async check() {
      contacts();
      await audiences();
    },
    transactions,
    hasCategory,
    everyone: () => ctx.segmentTable(),
    clusters,
    rfm,
    audiences,
    previous,
    contactColumns: contacts,
    completeColumns: () => [...new Set([...config.segmentation.features, ...profiledColumns(ctx.featureTypes).attributes])],
    all: (bound) => db.all(bound.sql, bound.params),
  };
  memo.set(ctx, actions);
  return actions;
}
