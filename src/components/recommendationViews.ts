/**
 * A segment's recommendations on its page: the products and categories it over-indexes on (by lift,
 * with the floors they passed and the cross-sell audience), and its co-purchase rules. Tables of
 * textContent cells with CSV downloads of the unformatted values; product names from the export are
 * shown as text.
 */
import type { PairFloors } from "../lib/actions/copurchase.js";
import type { RecommendationFloors } from "../lib/actions/recommendations.js";
import { formatCount, formatShare } from "../lib/io/format.js";
import type { ReportPairRule, ReportRecommendation } from "../lib/report/types.js";
import { downloadTable, type DownloadColumn } from "./download.js";

/** Lift to two decimals: 2.31. */
export function formatLift(x: number): string {
  return x.toFixed(2);
}

/** The floors an item passed, in words. */
export function floorsText(floors: RecommendationFloors): string {
  return `bought by at least ${formatCount(floors.minCustomers)} of its customers and ${formatShare(floors.minSupport)} of them, with a lift of at least ${formatLift(floors.minLift)}`;
}

function note(text: string, testId?: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.className = "muted";
  if (testId) p.dataset.testid = testId;
  p.textContent = text;
  return p;
}

/**
 * The items a segment over-indexes on, or why there are none: `best` is the highest-lift item that
 * passes the buyer and support floors (the report's bestUnderLiftFloor).
 */
export function recommendationTable(
  rows: readonly ReportRecommendation[],
  options: { label: string; name: string; floors: RecommendationFloors; best?: ReportRecommendation | null; showId?: boolean },
): HTMLElement {
  const what = options.label.toLowerCase();
  if (!rows.length) {
    const best = options.best;
    return note(
      best
        ? `No ${what} passes the floors: of those enough of its customers bought, none is bought by them ${formatLift(options.floors.minLift)} times as often as by everyone. The closest is ${best.item_name ?? best.item}, bought by ${formatShare(best.support)} of them against ${formatShare(best.base_share)} of everyone (lift ${formatLift(best.lift)}, under ${formatLift(options.floors.minLift)}).`
        : `No ${what} is bought by ${formatCount(options.floors.minCustomers)} or more of this segment's customers and ${formatShare(options.floors.minSupport)} of them.`,
      "no-recommendations",
    );
  }
  const columns: DownloadColumn<ReportRecommendation>[] = [
    { label: "#", numeric: true, value: (r) => r.rank },
    { label: options.label, value: (r) => r.item_name ?? r.item },
    ...(options.showId ? [{ label: "Code", value: (r: ReportRecommendation) => r.item }] : []),
    { label: "Lift", numeric: true, value: (r) => formatLift(r.lift), csv: (r) => r.lift },
    { label: "Segment buys", numeric: true, value: (r) => formatShare(r.support), csv: (r) => r.support },
    { label: "Everyone buys", numeric: true, value: (r) => formatShare(r.base_share), csv: (r) => r.base_share },
    { label: "Buyers", numeric: true, value: (r) => `${formatCount(r.segment_buyers)} of ${formatCount(r.segment_customers)}`, csv: (r) => r.segment_buyers },
    { label: "Not yet bought (cross-sell)", numeric: true, value: (r) => formatCount(r.cross_sell), csv: (r) => r.cross_sell },
  ];
  const table = downloadTable(rows, columns, { name: options.name, className: "recommendation-table" });
  table.dataset.testid = `recommendations-${what}`;
  return table;
}

/** Co-purchase rules: if an order holds the first item, how often it holds the second. */
export function pairTable(rules: readonly ReportPairRule[], options: { name: string; floors: PairFloors }): HTMLElement {
  if (!rules.length) {
    return note(
      `No pair of products is bought together in ${formatCount(options.floors.minOrders)} or more of this segment's orders (${formatShare(options.floors.minSupport)} of them) with a confidence of ${formatShare(options.floors.minConfidence)} and a lift of ${formatLift(options.floors.minLift)} or more.`,
      "no-pairs",
    );
  }
  const columns: DownloadColumn<ReportPairRule>[] = [
    { label: "#", numeric: true, value: (r) => r.rank },
    { label: "In an order with", value: (r) => r.antecedent_name ?? r.antecedent, csv: (r) => r.antecedent_name ?? r.antecedent },
    { label: "also", value: (r) => r.consequent_name ?? r.consequent },
    { label: "Confidence", numeric: true, value: (r) => formatShare(r.confidence), csv: (r) => r.confidence },
    { label: "Lift", numeric: true, value: (r) => formatLift(r.lift), csv: (r) => r.lift },
    { label: "Orders with both", numeric: true, value: (r) => `${formatCount(r.both_orders)} of ${formatCount(r.segment_orders)}`, csv: (r) => r.both_orders },
  ];
  const table = downloadTable(rules, columns, { name: options.name, className: "pair-table" });
  table.dataset.testid = "pair-rules";
  return table;
}
