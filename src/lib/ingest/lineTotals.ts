/**
 * Are the "unit prices" really line totals? Revenue is quantity × unit price; if the price column holds
 * each line's total, every multi-unit line is counted quantity times over (the CDNOW file read this way
 * gave 4.5 × its true revenue). Two checks, decided here from figures the pipeline measures:
 *
 * - With a line amount as well, each line is compared: |amount − quantity × unit price| > 0.005 disagrees.
 * - With only a unit price, the test statistic is Spearman's rank correlation ρ between quantity and
 *   price over purchase lines (quantity > 0, price > 0), with tied values given their average rank.
 *   A line total grows with the quantity; a unit price does not (bulk buys are, if anything, cheaper
 *   per unit). When the export has product ids, ρ is computed within each product (over products whose
 *   lines have at least two quantities and two prices) and averaged weighted by lines: within one product
 *   a line total is almost exactly proportional to the quantity (ρ near 1), where a unit price is flat or
 *   falls. Without product ids, or when fewer than MIN_LINES lines of products vary in both (one price
 *   per product: then the prices cannot be line totals of varying quantities), over all lines. Ranks make it robust to the huge outlier
 *   lines real exports have, and to any monotone scale. Above 200,000 loaded lines ρ is measured on every
 *   k-th line (by line number: the same file gives the same sample). On the Online Retail export's loaded
 *   lines, ρ within products is −0.36 (−0.37 on the sample ingest uses; −0.41 over all lines); had its
 *   prices been line totals (price × quantity) it would be +0.98 (+0.65 over all lines). The prices are
 *   flagged when ρ ≥ LINE_TOTAL_RHO over at least MIN_LINES lines, or when the column mapped to
 *   unit_price is named like a line total.
 */

/** Tolerance when comparing an amount with quantity × unit price: half a cent (rounding to cents). */
export const AMOUNT_TOLERANCE = 0.005;

/** ρ at or above which prices are flagged as likely line totals. */
export const LINE_TOTAL_RHO = 0.5;

/** Fewer lines than this (with varying quantities and prices) cannot tell. */
export const MIN_LINES = 20;

export interface AmountCheck {
  amountColumn: string;
  quantityColumn: string;
  unitPriceColumn: string;
  /** Loaded lines compared, and those where |amount − quantity × unit price| > AMOUNT_TOLERANCE. */
  linesCompared: number;
  linesDisagreeing: number;
  /** linesDisagreeing / linesCompared (0 when none were compared), to 4 decimals. */
  share: number;
  /** The first disagreeing lines. */
  examples: { source_file: string; source_line: number; quantity: number; unit_price: number; amount: number }[];
}

export interface LineTotalCheck {
  unitPriceColumn: string;
  quantityColumn: string;
  /** "product": ρ within products, weighted by lines; "all lines": ρ over every purchase line. */
  scope: "product" | "all lines";
  /** Spearman's ρ between quantity and unit price; null when too few lines vary to tell. */
  rho: number | null;
  /** Purchase lines the statistic used. */
  lines: number;
  /** The unit_price column is named like a line total (amount, line_total, dollar_value, …). */
  nameLikeLineTotal: boolean;
  /** The verdict: the prices look like line totals. */
  flagged: boolean;
}

/** The verdict on a measured ρ and the column's name. */
export function pricesLookLikeLineTotals(rho: number | null, lines: number, nameLikeLineTotal: boolean): boolean {
  return nameLikeLineTotal || (rho !== null && lines >= MIN_LINES && rho >= LINE_TOTAL_RHO);
}

/** The one-line warning for a flagged unit price, naming the column and the keys that fix it (the file is said by whoever shows it). */
export function lineTotalWarning(check: LineTotalCheck): string {
  const why = [
    check.rho !== null && check.rho >= LINE_TOTAL_RHO && check.lines >= MIN_LINES
      ? `price rises with quantity (Spearman ρ = ${check.rho.toFixed(2)} ${check.scope === "product" ? "within products" : "over all lines"}, ${check.lines} lines; unit prices give ρ near 0 or below)`
      : null,
    check.nameLikeLineTotal ? `the column is named like a line total` : null,
  ].filter(Boolean);
  return (
    `the unit_price column "${check.unitPriceColumn}" looks like line totals: ${why.join(", and ")}. ` +
    `Revenue is quantity × unit price and would count each line's total quantity times over. ` +
    `If the column holds line totals, set columns.transactions.amount to "${check.unitPriceColumn}" (and remove columns.transactions.unit_price).`
  );
}

/** The one-line warning for amounts that disagree with quantity × unit price. */
export function amountWarning(check: AmountCheck): string {
  const e = check.examples[0];
  const example = e ? ` (e.g. line ${e.source_line}: ${e.quantity} × ${e.unit_price} ≠ ${e.amount})` : "";
  return (
    `on ${check.linesDisagreeing} of ${check.linesCompared} lines (${(check.share * 100).toFixed(1)}%) "${check.amountColumn}" ≠ "${check.quantityColumn}" × "${check.unitPriceColumn}"${example}. ` +
    `Revenue uses "${check.amountColumn}"; check which column is the line total (a unit price that holds line totals disagrees on every multi-unit line).`
  );
}
