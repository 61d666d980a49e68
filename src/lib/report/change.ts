/**
 * Change since an earlier as-of date, from the customers' segments at both dates: the migration
 * between them and, per segment, its size and value then, now minus then, and where its customers
 * came from and went. Pure: the pipeline gives it the labels (the earlier ones assigned with the
 * current model, src/lib/segments/migration.ts: assignToModel) and the summaries at both dates.
 */
import { migrationCounts, segmentFlows } from "../segments/migration.js";
import { round, type SegmentSummary } from "../segments/summary.js";
import { totalsOf } from "./base.js";
import type { MigrationSection, SegmentChange, ShareOfBase } from "./types.js";

/** One date's segmentation: customer ids, their segments and the segments' summaries (by number). */
export interface Snapshot {
  asOf: string;
  ids: ArrayLike<string>;
  labels: ArrayLike<number>;
  summaries: readonly SegmentSummary[];
}

export function shareOfBase(s: ShareOfBase): ShareOfBase {
  return { customers: s.customers, customerShare: s.customerShare, revenue: s.revenue, revenueShare: s.revenueShare };
}

/** Now minus then (shares in fractions, rounded to 4 places; revenue to 2). */
export function changeOf(now: ShareOfBase, then: ShareOfBase): ShareOfBase {
  return {
    customers: now.customers - then.customers,
    customerShare: round(now.customerShare - then.customerShare, 4),
    revenue: round(now.revenue - then.revenue),
    revenueShare: round(now.revenueShare - then.revenueShare, 4),
  };
}

/**
 * The migration from `previous` to `current` (same segments: same k, same names) and each segment's
 * change. `names` and the summaries are by label code: the `segments` segments, then the groups kept
 * out of the clustering (src/lib/segments/outside.ts), which get their size then and their change.
 */
export function changeSince(current: Snapshot, previous: Snapshot, names: readonly string[], days: number, segmentCount = names.length): MigrationSection {
  const codes = names.length;
  if (current.summaries.length !== codes || previous.summaries.length !== codes) {
    throw new Error(`changeSince: ${codes} segment and group names but ${current.summaries.length} segments and groups now and ${previous.summaries.length} then`);
  }
  const counts = migrationCounts(current, previous, codes);
  const changes = current.summaries.map((s, code) => {
    const then = shareOfBase(previous.summaries[code]);
    return { previous: then, change: changeOf(shareOfBase(s), then) };
  });
  const segments: SegmentChange[] = changes.slice(0, segmentCount).map((c, s) => ({ ...c, flows: segmentFlows(counts.matrix, names, s) }));
  return {
    migration: {
      asOf: current.asOf,
      previousAsOf: previous.asOf,
      days,
      names: [...names],
      ...counts,
      previousTotals: totalsOf(previous.summaries),
      groups: changes.slice(segmentCount),
    },
    segments,
  };
}
