/**
 * Segments over time (report.history): at each snapshot date (historyDates.ts) the features are
 * recomputed from the same transactions (featuresAt, cached beside the current ones) and every
 * customer with a purchase before the date is assigned to today's segments through today's model, as
 * the migration does for its one earlier date; the last snapshot is the as-of date, today's
 * segmentation itself. Between consecutive snapshots: sizes, moves, new customers; per period, from
 * the transactions (historySql.ts): revenue and each segment's KPIs. At each earlier snapshot the
 * segmentation is also refitted on that date's customers with the committed settings and compared
 * with today's model (historyDrift.ts), for the review note.
 *
 * Snapshots are read one at a time and only the previous one is kept in memory; the assignments go
 * into a DuckDB table for the period SQL.
 */
import { listValue } from "@duckdb/node-api";
import { composeHistory, noHistory, transitions, type PeriodFigures, type PeriodTotals, type RetentionFigures, type SnapshotAssignment, type Transitions } from "../../../src/lib/report/history.js";
import { historyDates } from "../../../src/lib/report/historyDates.js";
import { compareWithRefit } from "../../../src/lib/report/historyDrift.js";
import { customerPeriodSql, periodFiguresSql, periodTotalsSql, retentionSql } from "../../../src/lib/report/historySql.js";
import type { HistoryCategory, HistorySection, SnapshotDrift } from "../../../src/lib/report/types.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { assignCustomers, segmentCustomers } from "../../../src/lib/segments/customerSegmentation.js";
import { readColumns } from "../../parquet.js";
import { PredictionsRefusedError } from "../../clv/features.js";
import { featuresAt } from "../../run.js";
import type { ReportContext } from "../context.js";
import { CUSTOMERS_ONLY_REASONS } from "./segments.js";

/** Why a k-prototypes segmentation's history has no drift figures. */
const REFIT_SKIPPED = "k-prototypes segmentation: drift is measured between k-means refits' centroids, so snapshots are assigned with today's model and not refitted";

const TABLES = { transactions: "history_transactions", assignments: "history_assignments", customerPeriod: "history_customer_period" };

/** The columns a refit reads (runSegmentation: the features, and what its summaries and names use). */
const REFIT_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "tenure_days"];

export async function historySection(ctx: ReportContext): Promise<HistorySection> {
  const { config, db, outputs, segmentation } = ctx;
  const settings = config.report.history;
  const { features, k } = config.segmentation;
  if (!settings) return noHistory(k);
  // No purchases, so no earlier snapshot to assign: the history says why rather than failing.
  if (!ctx.transactions || outputs.transactions === null || outputs.asOf === null) return noHistory(k, CUSTOMERS_ONLY_REASONS.history);
  const { dates, note } = await availableDates(ctx, historyDates(outputs.asOf, settings.every, settings.count));
  if (dates.length < 2) return noHistory(k, note);
  // Today's segments, then the groups kept out of the clustering (net returners, …) with segment null: codes k + g.
  const categories: HistoryCategory[] = [...ctx.names.map((label, segment) => ({ label, segment })), ...segmentation.groups.map((g) => ({ label: g.label, segment: null }))];
  // Drift is measured between k-means centroids; a k-prototypes segmentation's snapshots are assigned, not refitted.
  const today = segmentation.model.method === "k-means" ? { model: segmentation.model.prepared, centroids: segmentation.model.centroids } : null;

  await db.run(`CREATE OR REPLACE TEMP TABLE ${TABLES.assignments} (snapshot INTEGER, customer_id VARCHAR, category INTEGER)`);
  const moves: Transitions[] = [];
  const drift: SnapshotDrift[] = [];
  let previous: SnapshotAssignment | null = null;
  for (let i = 0; i < dates.length; i++) {
    const asOf = dates[i];
    let current: SnapshotAssignment;
    if (i === dates.length - 1) {
      // The as-of date: today's segmentation (the labels its Lloyd iterations ended with), and its own refit.
      current = { asOf, ids: ctx.customerIds, labels: ctx.labels };
      drift.push(today ? compareWithRefit({ ...today, labels: ctx.labels }, { ...today, labels: ctx.labels }) : { skipped: REFIT_SKIPPED });
    } else {
      const file = await featuresAt(db, outputs, asOf);
      const columns = await readColumns(db, file, [...new Set([...REFIT_COLUMNS, ...features])]);
      const ids = (columns.customer_id as unknown[]).map(String);
      // The groups by the same rules then (net returners, blanks as the model handles them: codes k + g), the rest to the nearest centroid or prototype.
      let labels: Int32Array;
      try {
        const assigned = assignCustomers(segmentation, columns, { ids });
        if (assigned.groupLabels.length > segmentation.groups.length) {
          // A purchase feature can be blank at an earlier date only (one order then: no days between orders).
          const extra = assigned.groupLabels.slice(segmentation.groups.length).map((label, j) => `${assigned.labels.filter((c) => c === k + segmentation.groups.length + j).length} of ${ids.length} customers in "${label}"`);
          throw new Error(`${extra.join(", ")}, a group today's segmentation does not have, so the history cannot count them beside today's segments: choose segmentation.missing "median" or "mode", another feature, or report.history null`);
        }
        labels = assigned.labels;
      } catch (error) {
        throw new Error(`at the history's snapshot ${asOf} (report.history): ${(error as Error).message}`);
      }
      current = { asOf, ids, labels };
      if (i > 0) {
        const clustered = labels.reduce((n, l) => (l < k ? n + 1 : n), 0);
        if (clustered < k) {
          drift.push({ skipped: `${clustered} customers to cluster (${ids.length - clustered} kept out), fewer than segmentation.k (${k}): no refit` });
        } else if (!today) {
          drift.push({ skipped: REFIT_SKIPPED });
        } else {
          const refit = segmentCustomers(columns, config.segmentation, { transactions: true, ids });
          if (refit.model.method !== "k-means") throw new Error(`at the history's snapshot ${asOf}: the refit is ${refit.model.method}, today's segmentation k-means`);
          drift.push(compareWithRefit({ ...today, labels }, { model: refit.model.prepared, centroids: refit.model.centroids, labels: refit.labels }));
        }
      }
    }
    // (A date before every purchase has no customers: nothing to insert, and an empty list has no type to bind.)
    if (current.ids.length > 0) {
      await db.run(`INSERT INTO ${TABLES.assignments} SELECT $1::INTEGER, unnest($2::VARCHAR[]), unnest($3::INTEGER[])`, [
        i,
        listValue(Array.from(current.ids)),
        listValue(Array.from(current.labels)),
      ]);
    }
    if (previous) moves.push(transitions(previous, current, categories.length));
    previous = current;
  }

  await db.run(`CREATE OR REPLACE TEMP VIEW ${TABLES.transactions} AS SELECT * FROM read_parquet(${quoteLiteral(outputs.transactions)})`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ${TABLES.customerPeriod} AS ${customerPeriodSql(TABLES, dates)}`);
  const figures = await db.all<PeriodFigures>(periodFiguresSql(TABLES));
  const retention = await db.all<RetentionFigures>(retentionSql(TABLES, dates.length - 1));
  const totals = (await db.all<{ snapshot: number; revenue: number; other_customers: number; other_revenue: number }>(periodTotalsSql(TABLES))).map(
    (t): PeriodTotals => ({ snapshot: t.snapshot, revenue: t.revenue, otherCustomers: t.other_customers, otherRevenue: t.other_revenue }),
  );
  await db.run(`DROP TABLE ${TABLES.customerPeriod}; DROP TABLE ${TABLES.assignments}; DROP VIEW ${TABLES.transactions}`);
  return composeHistory({ config: settings, categories, dates, transitions: moves, drift, figures, retention, totals, note });
}

/**
 * The snapshot dates whose features can be built. When the segmentation clusters on CLV predictions,
 * an early snapshot may have too few purchases for a fit (or none at all): the history then starts
 * after the last such date, and the note says where and why. Other failures stop the report. The
 * features are cached (featuresAt), so the loop above reads them again for free.
 */
async function availableDates(ctx: ReportContext, asked: string[]): Promise<{ dates: string[]; note: string | null }> {
  let firstUsable = 0;
  let reason = "";
  for (let i = 0; i < asked.length - 1; i++) {
    try {
      await featuresAt(ctx.db, ctx.outputs, asked[i]);
    } catch (error) {
      if (!(error instanceof PredictionsRefusedError)) throw error;
      firstUsable = i + 1;
      reason = error.message;
    }
  }
  if (firstUsable === 0) return { dates: asked, note: null };
  const dates = asked.slice(firstUsable);
  const note =
    dates.length < 2
      ? `No history although report.history asks for ${asked.length - 1} snapshots: ${reason}`
      : `The history starts at ${dates[0]}, not ${asked[0]} as report.history asks: ${reason}`;
  return { dates, note };
}
