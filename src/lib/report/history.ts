/**
 * Segments over time (report.history), from what the pipeline measured at each snapshot: the
 * customers' categories (today's segments through today's model, then any labelled group), the
 * period's figures per category (historySql.ts) and the drift of a refit (historyDrift.ts). Pure:
 * sections/history.ts runs the SQL and the models and hands the results here.
 *
 * Every figure is checked where two measurements meet: the sizes of a snapshot sum to its customers,
 * and the members the SQL counted per category equal the sizes counted here. A mismatch stops the
 * report (it would mean the assignments and the transactions disagree), never rounds it away.
 */
import type { HistoryConfig } from "../config/config.js";
import { migrationCounts } from "../segments/migration.js";
import { round } from "../segments/summary.js";
import type { HistoryCategory, HistoryReview, HistorySection, HistorySnapshot, PeriodKpis, SnapshotDrift } from "./types.js";

/** One date's customers and their categories (indexes into the history's categories). */
export interface SnapshotAssignment {
  asOf: string;
  ids: ArrayLike<string>;
  labels: ArrayLike<number>;
}

/** How a snapshot's customers came from the previous one's (see HistorySnapshot). */
export interface Transitions {
  sizes: number[];
  newCustomers: number;
  added: number[];
  dropped: number[];
  stayed: number;
  moved: number;
  matrix: number[][];
}

/** Sizes and moves between two consecutive snapshots over `categories` categories. */
export function transitions(previous: SnapshotAssignment, current: SnapshotAssignment, categories: number): Transitions {
  const sizes = new Array<number>(categories).fill(0);
  for (let i = 0; i < current.labels.length; i++) {
    const c = current.labels[i];
    if (!(Number.isInteger(c) && c >= 0 && c < categories)) throw new Error(`snapshot ${current.asOf}: customer ${current.ids[i]} has category ${c}; there are ${categories}`);
    sizes[c]++;
  }
  const counts = migrationCounts(current, previous, categories);
  const { matrix } = counts;
  // Column c: everyone in c now; row c: everyone in c then (the last column, "not in the base", included).
  const added = sizes.map((size, c) => size - matrix[c][c]);
  const dropped = sizes.map((_, c) => matrix[c].reduce((s, x) => s + x, 0) - matrix[c][c]);
  return { sizes, newCustomers: counts.newCustomers, added, dropped, stayed: counts.stayed, moved: counts.moved, matrix };
}

/** The period's figures of one category's members at a snapshot (historySql.ts: periodFiguresSql). */
export interface PeriodFigures {
  snapshot: number;
  category: number;
  customers: number;
  revenue: number;
  active: number;
  /** Active members who were customers at the period's start too. */
  returning: number;
  orders: number;
  gross: number;
}

/** A category's members at a snapshot's period start and how many of them ordered in the period (historySql.ts: retentionSql). */
export interface RetentionFigures {
  snapshot: number;
  category: number;
  members: number;
  retained: number;
}

/** Per snapshot: all revenue in the period, and that of customers with no purchase before its end (historySql.ts: periodTotalsSql). */
export interface PeriodTotals {
  snapshot: number;
  revenue: number;
  otherCustomers: number;
  otherRevenue: number;
}

export interface HistoryInput {
  config: HistoryConfig;
  categories: HistoryCategory[];
  /** The history's dates (historyDates.ts): count + 1 of them; snapshot i is dates[i]. */
  dates: string[];
  /** transitions(snapshot i − 1, snapshot i) for i = 1 … count, in order. */
  transitions: Transitions[];
  /** Drift at each snapshot 1 … count. */
  drift: SnapshotDrift[];
  figures: PeriodFigures[];
  retention: RetentionFigures[];
  totals: PeriodTotals[];
  /** Why the dates start later than asked (HistorySection.historyNote). */
  note?: string | null;
}

const rate = (part: number, whole: number) => (whole > 0 ? round(part / whole, 4) : null);

/** The review note when a refit at an earlier snapshot agrees with today's model below the threshold, else null. */
export function reviewOf(snapshots: readonly Pick<HistorySnapshot, "asOf" | "drift">[], threshold: number): HistoryReview | null {
  // The last snapshot is the as-of date: its refit is today's model itself.
  const compared = snapshots.slice(0, -1).filter((s): s is typeof s & { drift: { ari: number } } => "ari" in s.drift);
  const below = compared.filter((s) => s.drift.ari < threshold);
  if (below.length === 0) return null;
  const latest = below[below.length - 1];
  const { ari } = latest.drift;
  return {
    asOf: latest.asOf,
    ari,
    below: below.length,
    compared: compared.length,
    note:
      `Review the segmentation: refitted on the customers of ${latest.asOf}, k-means with the same settings agrees with today's model ` +
      `only to an adjusted Rand index of ${ari.toFixed(2)}, below report.history.reviewBelowAri (${threshold}); ` +
      `${below.length} of ${compared.length} earlier snapshots are below it. Segment names and plays written for earlier segments may no longer fit their customers.`,
  };
}

/** The history section: the snapshots with their figures, the review note and each segment's trend. */
export function composeHistory(input: HistoryInput): HistorySection {
  const { config, categories, dates } = input;
  const n = categories.length;
  const count = dates.length - 1;
  if (input.transitions.length !== count || input.drift.length !== count) {
    throw new Error(`history: ${count} snapshots but ${input.transitions.length} transitions and ${input.drift.length} drift measurements`);
  }
  const figure = new Map(input.figures.map((f) => [`${f.snapshot}:${f.category}`, f]));
  const retained = new Map(input.retention.map((r) => [`${r.snapshot}:${r.category}`, r]));
  const totals = new Map(input.totals.map((t) => [t.snapshot, t]));
  const segmentCount = categories.filter((c) => c.segment !== null).length;
  const trends: PeriodKpis[][] = Array.from({ length: segmentCount }, () => []);
  const snapshots: HistorySnapshot[] = input.transitions.map((t, index) => {
    const snapshot = index + 1;
    const asOf = dates[snapshot];
    const customers = t.sizes.reduce((s, x) => s + x, 0);
    const previousSizes = t.matrix.slice(0, n).map((row) => row.reduce((s, x) => s + x, 0));
    const revenue = categories.map((_, c) => {
      const f = figure.get(`${snapshot}:${c}`);
      const members = f?.customers ?? 0;
      if (members !== t.sizes[c]) {
        throw new Error(`history at ${asOf}: ${categories[c].label} has ${t.sizes[c]} customers but the period's figures count ${members}`);
      }
      const r = retained.get(`${snapshot}:${c}`);
      if ((r?.members ?? 0) !== previousSizes[c]) {
        throw new Error(`history at ${asOf}: ${categories[c].label} had ${previousSizes[c]} customers at ${dates[index]} but the retention figures count ${r?.members ?? 0}`);
      }
      const segment = categories[c].segment;
      if (segment !== null) {
        trends[segment].push({
          asOf,
          periodStart: dates[index],
          customers: members,
          added: t.added[c],
          dropped: t.dropped[c],
          active: f?.active ?? 0,
          orders: f?.orders ?? 0,
          repeatRate: rate(f?.returning ?? 0, f?.active ?? 0),
          previousCustomers: previousSizes[c],
          retention: rate(r?.retained ?? 0, previousSizes[c]),
          revenue: round(f?.revenue ?? 0),
          avgOrderValue: f && f.orders > 0 ? round(f.gross / f.orders) : null,
        });
      }
      return round(f?.revenue ?? 0);
    });
    const total = totals.get(snapshot);
    return {
      asOf,
      periodStart: dates[index],
      customers,
      sizes: t.sizes,
      revenue,
      periodRevenue: round(total?.revenue ?? 0),
      otherRevenue: { customers: total?.otherCustomers ?? 0, revenue: round(total?.otherRevenue ?? 0) },
      newCustomers: t.newCustomers,
      added: t.added,
      dropped: t.dropped,
      stayed: t.stayed,
      moved: t.moved,
      matrix: t.matrix,
      drift: input.drift[index],
    };
  });
  return {
    history: {
      every: config.every,
      count: config.count,
      reviewBelowAri: config.reviewBelowAri,
      categories,
      snapshots,
      review: reviewOf(snapshots, config.reviewBelowAri),
    },
    historyNote: input.note ?? null,
    segments: trends.map((trend) => ({ trend })),
  };
}

/** The section's part when report.history is null: no history, no trend on any segment. */
export function noHistory(segments: number, historyNote: string | null = null): HistorySection {
  return { history: null, historyNote, segments: Array.from({ length: segments }, () => ({ trend: null })) };
}
