import { describe, expect, it } from "vitest";
import { amountWarning, LINE_TOTAL_RHO, lineTotalWarning, MIN_LINES, pricesLookLikeLineTotals } from "../../../src/lib/ingest/lineTotals.js";

describe("pricesLookLikeLineTotals", () => {
  it("flags ρ at or above the threshold over enough lines, or a line-total name", () => {
    expect(pricesLookLikeLineTotals(LINE_TOTAL_RHO, MIN_LINES, false)).toBe(true);
    expect(pricesLookLikeLineTotals(0.93, 400_000, false)).toBe(true);
    expect(pricesLookLikeLineTotals(-0.47, 400_000, false)).toBe(false);
    expect(pricesLookLikeLineTotals(0.99, MIN_LINES - 1, false)).toBe(false);
    expect(pricesLookLikeLineTotals(null, 0, false)).toBe(false);
    expect(pricesLookLikeLineTotals(null, 0, true)).toBe(true);
  });

  it("warns in one line naming the column and the key that fixes it", () => {
    const warning = lineTotalWarning({ unitPriceColumn: "Price", quantityColumn: "Qty", scope: "product", rho: 0.95, lines: 120, nameLikeLineTotal: false, flagged: true });
    expect(warning).not.toContain("\n");
    expect(warning).toContain('the unit_price column "Price" looks like line totals: price rises with quantity (Spearman ρ = 0.95 within products, 120 lines');
    expect(warning).toContain('set columns.transactions.amount to "Price"');
    const named = lineTotalWarning({ unitPriceColumn: "total", quantityColumn: "qty", scope: "all lines", rho: 0.1, lines: 120, nameLikeLineTotal: true, flagged: true });
    expect(named).toContain("looks like line totals: the column is named like a line total.");
  });

  it("words an amount disagreement with its first example", () => {
    const warning = amountWarning({
      amountColumn: "total", quantityColumn: "qty", unitPriceColumn: "price", linesCompared: 8, linesDisagreeing: 2, share: 0.25,
      examples: [{ source_file: "t.csv", source_line: 5, quantity: 4, unit_price: 2.25, amount: 8.1 }],
    });
    expect(warning).toBe('on 2 of 8 lines (25.0%) "total" ≠ "qty" × "price" (e.g. line 5: 4 × 2.25 ≠ 8.1). Revenue uses "total"; check which column is the line total (a unit price that holds line totals disagrees on every multi-unit line).');
  });
});
