/**
 * The segment scorecard for every labelling the report acts on (src/lib/actions/scorecard.ts: the
 * criteria, verdicts and reasons), from real measures:
 *
 * - measurable: size and revenue, and the customers with a value in every segmentation feature and
 *   customer attribute (actions.completeColumns);
 * - substantial: shares of customers and revenue against the config's floors;
 * - distinct: k-means and RFM segments by their members' mean silhouette in the space k-means ran in
 *   (the prepared segmentation features), with the nearest segment and the share of the F statistic
 *   (separation.ts); an audience by the largest share of its customers in one other audience;
 * - stable: k-means segments by the Jaccard index against their best match in k-means runs from
 *   seeds seed + 1 … seed + 3 (one start each, as the workbench's stability) and, for every
 *   labelling, against the same segment at the earlier date (report.previousAsOfDays before; today's
 *   customers who were customers then);
 * - accessible: the share reachable through the customer table's consent or contact columns;
 * - actionable: the segment's play (k-means: the config's playbook and actions; RFM: rfmPlays.ts;
 *   an audience: its play in the config).
 */
import { audienceOverlapSql, audienceSummarySql, largestOverlaps, type AudienceOverlap, type AudienceSummary } from "../../../src/lib/actions/audiences.js";
import { reachOf } from "../../../src/lib/actions/reachability.js";
import { playFromOverride } from "../../../src/lib/actions/rfmPlays.js";
import { scorecard, type SegmentFacts } from "../../../src/lib/actions/scorecard.js";
import { seedStability, segmentJaccard } from "../../../src/lib/actions/segmentStability.js";
import { segmentSeparation } from "../../../src/lib/actions/separation.js";
import { isMissing } from "../../../src/lib/cluster/missing.js";
import { kmeans } from "../../../src/lib/cluster/kmeans.js";
import { kprototypes } from "../../../src/lib/cluster/kprototypes.js";
import { silhouette } from "../../../src/lib/cluster/metrics.js";
import type { ScorecardSection } from "../../../src/lib/report/types.js";
import { resolvePlay } from "../../../src/lib/segments/playbook.js";
import { round } from "../../../src/lib/segments/summary.js";
import { reportActions, type Labelling } from "../actions.js";
import type { ReportContext } from "../context.js";

/** Runs from other seeds each k-means segment is matched against (as describe.ts's stability). */
const SEED_RUNS = 3;

/** |A ∩ B| ÷ |A ∪ B|, or null when both are empty. */
function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number | null {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  const union = a.size + b.size - both;
  return union > 0 ? both / union : null;
}

/**
 * Per segment of a partition, the Jaccard index of its members now against its members at the
 * earlier date (segmentJaccard "same": the segment means the same on both dates), over today's
 * customers who were customers then; null when it has no such member on either date.
 */
function againstThen(now: ArrayLike<number>, then: Int32Array, groups: number): (number | null)[] {
  const counted = new Float64Array(groups);
  for (let i = 0; i < then.length; i++) {
    if (then[i] < 0) continue;
    counted[now[i]]++;
    counted[then[i]]++;
  }
  return segmentJaccard(now, then, groups, "same").map((j, g) => (counted[g] > 0 ? j.jaccard : null));
}

export async function scorecardSection(ctx: ReportContext): Promise<ScorecardSection> {
  if (!ctx.transactions) return { scorecard: null, segments: ctx.segmentation.segments.map(() => ({ scorecard: null })) };
  const actions = reportActions(ctx);
  const { config } = ctx;
  const { contactColumns: _, ...thresholds } = config.scorecard;
  // The space the segmentation clustered in (k-means' prepared matrix, k-prototypes' embedding) over the
  // customers it clustered; customers kept out (net returners, "Not segmented (missing …)") are in no segment here.
  const { clustered } = ctx.segmentation;
  const prepared = { data: clustered.data, n: clustered.n, d: clustered.d };
  const k = ctx.segmentation.k;
  const labels = Int32Array.from(ctx.labels, (c) => (c < k ? c : -1));
  const n = ctx.customerIds.length;

  const contacts = actions.contactColumns();
  const contactValues = Object.entries(await ctx.featureColumns(contacts)).map(([name, values]) => ({ name, values }));
  const completeColumns = actions.completeColumns();
  const completeValues = Object.values(await ctx.featureColumns(completeColumns));
  const complete = Uint8Array.from({ length: n }, (_, i) => (completeValues.every((values) => !isMissing(values[i])) ? 1 : 0));
  const monetary = (await ctx.featureColumns(["monetary"])).monetary as number[];
  const previous = await actions.previous();
  const totals = { customers: n, revenue: round(monetary.reduce((s, x) => s + x, 0)) };

  /** What every labelling's groups have in common: size, revenue, complete data, reach. */
  const common = (labelling: Labelling, g: number) => {
    const rows = labelling.rows[g];
    return {
      segment: labelling.groups[g].key,
      name: labelling.groups[g].name,
      customers: rows.length,
      revenue: round(rows.reduce((s, r) => s + monetary[r], 0)),
      completeCustomers: rows.reduce((s, r) => s + complete[r], 0),
      reach: contacts.length ? reachOf(contactValues, rows) : null,
    };
  };
  /** Silhouette and separation of a partition of every customer, in the clustered customers' space. */
  const spread = (labelsOfEveryone: Int32Array, groups: number, names: readonly string[]) => {
    const partition = Int32Array.from(clustered.rows, (row) => labelsOfEveryone[row]);
    const sil = silhouette(prepared.data, prepared.n, prepared.d, partition, groups);
    const sep = segmentSeparation(prepared.data, prepared.n, prepared.d, partition, groups);
    return Array.from({ length: groups }, (_, g) => ({
      silhouette: Number.isFinite(sil.byCluster[g]) ? round(sil.byCluster[g], 4) : null,
      separation: sep[g].nearest === null ? null : { nearest: names[sep[g].nearest!], ratio: sep[g].separation, fContribution: sep[g].fContribution },
    }));
  };
  const previousLabel = `the same segment on ${previous.asOf}`;
  const options = { currency: ctx.outputs.quality.transactions?.currency ?? null };

  const clusters = await actions.clusters();
  const seeds = Array.from({ length: SEED_RUNS }, (_, r) => config.segmentation.seed + r + 1);
  // Runs of the same method from other seeds, one start each.
  const mixed = clustered.mixed;
  const gamma = ctx.segmentation.gamma;
  const runs = seeds.map((seed) =>
    mixed && gamma !== null ? kprototypes(mixed, { k, seed, gamma, nInit: 1 }).labels : kmeans(prepared.data, prepared.n, prepared.d, { k, seed, nInit: 1 }).labels,
  );
  const bySeeds = seedStability(clustered.labels, runs, k);
  // Over every label code (a customer who became a net returner or lost a value left its segment; a
  // group new since then has a code after the current ones); the segments' are the first k.
  let codes = ctx.labelCount;
  for (const c of previous.clusters) if (c >= codes) codes = c + 1;
  const clusterThen = againstThen(ctx.labels, previous.clusters, codes).slice(0, k);
  const clusterSpread = spread(labels, k, ctx.names.slice(0, k));
  const clusterFacts: SegmentFacts[] = ctx.segmentation.segments.map((s, c) => ({
    ...common(clusters, c),
    ...clusterSpread[c],
    stability: { measure: "Jaccard", seeds: bySeeds[c].mean, previous: clusterThen[c], previousLabel },
    // The segment's own play (its archetype's, or for a segmentation on attributes the one it was given), as the report shows it.
    play: s.play,
  }));

  const rfm = await actions.rfm();
  const rfmThen = againstThen(rfm.labels, previous.rfm, rfm.groups.length);
  // In the clustering's space, so over the clustered customers (the net returners keep their RFM segment but have no point there).
  const rfmSpread = spread(rfm.labels, rfm.groups.length, rfm.groups.map((g) => g.name));
  const rfmFacts: SegmentFacts[] = rfm.groups.map((_, g) => ({
    ...common(rfm, g),
    ...rfmSpread[g],
    stability: { measure: "Jaccard", previous: rfmThen[g], previousLabel },
    play: rfm.plays[g].play,
  }));

  const audiences = await actions.audiences();
  const defs = audiences.definitions;
  let audienceFacts: SegmentFacts[] = [];
  let audienceTotals = totals;
  if (defs.length) {
    const summary = await actions.all<AudienceSummary>(audienceSummarySql(defs, audiences.table));
    const overlaps = largestOverlaps(await actions.all<AudienceOverlap>(audienceOverlapSql(defs, audiences.table)));
    audienceTotals = { customers: summary[0].base_customers, revenue: summary[0].base_value };
    audienceFacts = defs.map((def, a) => {
      // Against the earlier date: today's members who were customers then, and the members then.
      const now = new Set(audiences.labelling.rows[a].filter((i) => previous.clusters[i] >= 0));
      return {
        ...common(audiences.labelling, a),
        revenue: summary[a].value,
        overlap: { with: overlaps[a].with, share: overlaps[a].share },
        stability: { measure: "Jaccard", previous: jaccard(now, previous.audiences[a]), previousLabel: `the same rule on ${previous.asOf}` },
        play: playFromOverride(def.play),
      };
    });
  }

  return {
    scorecard: {
      thresholds,
      contactColumns: contacts,
      completeColumns,
      previousAsOf: previous.asOf,
      seeds,
      rfm: scorecard(rfmFacts, totals, thresholds, options),
      audiences: scorecard(audienceFacts, audienceTotals, thresholds, options),
    },
    segments: scorecard(clusterFacts, totals, thresholds, options).map((score) => ({ scorecard: score })),
  };
}
