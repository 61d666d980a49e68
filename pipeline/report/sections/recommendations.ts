/**
 * What each segment over-indexes on, for every labelling the report acts on (k-means segments, RFM
 * segments, audiences): products and categories by lift with the config's floors
 * (src/lib/actions/recommendations.ts), and co-purchase rules over the segment's orders
 * (copurchase.ts). An audience's lift is against every customer (actions.ts).
 */
import { pairRulesSql, type PairRule } from "../../../src/lib/actions/copurchase.js";
import { recommendationsSql, type Recommendation, type RecommendationFloors } from "../../../src/lib/actions/recommendations.js";
import type { RecommendationsSection, SegmentRecommendations } from "../../../src/lib/report/types.js";
import { reportActions, type Labelling } from "../actions.js";
import type { ReportContext } from "../context.js";

/** The rows of one segment, without the segment column (they sit under it in the report). */
function of<T extends { segment: string | number }>(rows: readonly T[], key: string | number): Omit<T, "segment">[] {
  return rows.filter((r) => r.segment === key).map(({ segment: _, ...rest }) => rest);
}

export async function recommendationsSection(ctx: ReportContext): Promise<RecommendationsSection> {
  if (!ctx.transactions) return { recommendations: null, segments: ctx.segmentation.segments.map(() => ({ recommendations: null })) };
  const actions = reportActions(ctx);
  const { minSupport, minCustomers, minLift, top, pairs: pairFloors } = ctx.config.recommendations;
  const floors: RecommendationFloors = { minSupport, minCustomers, minLift, top };
  const categories = await actions.hasCategory();
  const recommend = async (labelling: Labelling): Promise<SegmentRecommendations[]> => {
    if (labelling.groups.length === 0) return [];
    const products = await actions.all<Recommendation>(recommendationsSql({ ...labelling.source, level: "product", ...floors }));
    const byCategory = categories ? await actions.all<Recommendation>(recommendationsSql({ ...labelling.source, level: "category", ...floors })) : null;
    const rules = await actions.all<PairRule>(pairRulesSql({ ...labelling.source, level: "product", ...pairFloors }));
    // For a segment that lists nothing: its best item without the lift floor (customers who buy less
    // than the base does under-index on nearly everything, and the page says so with this).
    const best = async (level: "product" | "category", listed: Recommendation[]) => {
      const empty = labelling.groups.filter(({ key }) => !listed.some((r) => r.segment === key));
      if (!empty.length) return () => null;
      const rows = await actions.all<Recommendation>(recommendationsSql({ ...labelling.source, level, ...floors, minLift: 0, top: 1 }));
      return (key: string | number) => (empty.some((g) => g.key === key) ? (of(rows, key)[0] ?? null) : null);
    };
    const bestProduct = await best("product", products);
    const bestCategory = byCategory ? await best("category", byCategory) : () => null;
    return labelling.groups.map(({ key }) => ({
      products: of(products, key),
      categories: byCategory ? of(byCategory, key) : null,
      pairs: of(rules, key),
      bestUnderLiftFloor: { products: bestProduct(key), categories: bestCategory(key) },
    }));
  };
  const named = (labelling: Labelling, lists: SegmentRecommendations[]) => lists.map((list, i) => ({ name: labelling.groups[i].name, ...list }));
  const [clusters, rfm, audiences] = [await actions.clusters(), await actions.rfm(), (await actions.audiences()).labelling];
  return {
    recommendations: { floors, pairFloors, rfm: named(rfm, await recommend(rfm)), audiences: named(audiences, await recommend(audiences)) },
    segments: (await recommend(clusters)).map((recommendations) => ({ recommendations })),
  };
}
