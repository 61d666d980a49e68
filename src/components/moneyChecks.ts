/**
 * The Data quality page's account of the money: where revenue comes from, its currency and time zone,
 * exact duplicate lines, the ingest warnings, and the two line-total checks (amount against quantity ×
 * unit price; unit prices that look like line totals) with their figures. Built with DOM APIs and
 * textContent: column names and warnings from exports are shown as text.
 */
import type { TransactionQuality } from "../lib/ingest/quality.js";
import { formatCount, formatShare } from "../lib/io/format.js";
import { downloadTable } from "./download.js";

function paragraph(text: string, testid?: string): HTMLParagraphElement {
  const p = document.createElement("p");
  p.textContent = text;
  if (testid) p.dataset.testid = testid;
  return p;
}

function revenueLine(t: TransactionQuality): string {
  const from =
    t.revenueFrom === "amount"
      ? `Revenue is each line's amount ("${t.mapping.amount}")`
      : `Revenue is quantity × unit price ("${t.mapping.quantity}" × "${t.mapping.unit_price}")`;
  const units = t.quantityAssumed ? "; there is no quantity column, so each line counts as one unit" : "";
  const currency = t.currency ? `, in ${t.currency}` : ", in a currency not given (set report.currency)";
  return `${from}${currency}${units}. Times without an offset are read in ${t.timezone}${t.skippedLocalTimes ? ` (${formatCount(t.skippedLocalTimes)} fall in an hour the clocks skip)` : ""}.`;
}

function duplicatesLine(t: TransactionQuality): string {
  const d = t.duplicates;
  if (!d.lines) return "No line repeats an earlier one exactly.";
  const policy = d.policy === "auto" ? `ingest.dropDuplicates "auto", ${d.dropped ? "an order id is mapped" : "no order id"}` : `ingest.dropDuplicates ${d.policy}`;
  return `${formatCount(d.lines)} lines repeat an earlier line exactly: ${d.dropped ? "dropped as duplicates" : "kept as repeat purchases"} (${policy}).`;
}

export function moneyChecks(t: TransactionQuality): HTMLElement {
  const root = document.createElement("div");
  root.dataset.testid = "money-checks";
  root.append(paragraph(revenueLine(t)), paragraph(duplicatesLine(t)));
  if (t.warnings.length) {
    const list = document.createElement("ul");
    list.dataset.testid = "warnings";
    for (const warning of t.warnings) {
      const item = document.createElement("li");
      item.textContent = warning;
      list.append(item);
    }
    root.append(paragraph("Warnings:"), list);
  } else {
    root.append(paragraph("No warnings.", "warnings"));
  }
  const a = t.amountCheck;
  if (a) {
    const line = `"${a.amountColumn}" against "${a.quantityColumn}" × "${a.unitPriceColumn}": ${formatCount(a.linesDisagreeing)} of ${formatCount(a.linesCompared)} lines (${formatShare(a.share)}) differ by more than half a cent.`;
    const p = paragraph(line, "amount-check");
    p.dataset.share = String(a.share);
    root.append(p);
    if (a.examples.length) {
      root.append(
        downloadTable(
          a.examples,
          [
            { label: "File", value: (d) => d.source_file },
            { label: "Line", value: (d) => d.source_line, numeric: true },
            { label: "Quantity", value: (d) => d.quantity, numeric: true },
            { label: "Unit price", value: (d) => d.unit_price, numeric: true },
            { label: "Amount", value: (d) => d.amount, numeric: true },
          ],
          { name: "Lines where the amount is not quantity × unit price", caption: "The first lines whose amount is not quantity × unit price" },
        ),
      );
    }
  }
  const l = t.lineTotalCheck;
  if (l) {
    const rho = l.rho === null ? `cannot be measured (too few lines with varying quantities and prices)` : `is ${l.rho.toFixed(2)} over ${formatCount(l.lines)} lines`;
    const verdict = l.flagged ? `the unit prices look like line totals: set columns.transactions.amount to "${l.unitPriceColumn}"` : "the unit prices behave like unit prices";
    const p = paragraph(`Spearman's ρ between "${l.quantityColumn}" and "${l.unitPriceColumn}" ${l.scope === "product" ? "within products" : "over all lines"} ${rho}${l.nameLikeLineTotal ? "; the column is named like a line total" : ""}: ${verdict}.`, "line-total-check");
    p.dataset.flagged = String(l.flagged);
    root.append(p);
  }
  return root;
}
