/**
 * The customers kept out of the segments (report.outside: "Not segmented (missing income)"), as a
 * table under the segments: label, reason, customers and their share, and value where there is one,
 * so the segments and these rows add up to every customer. DOM APIs and textContent only.
 */
import type { OutsideGroup } from "../lib/segments/customerSegmentation.js";
import { formatCount, formatMoney, formatShare } from "../lib/io/format.js";
import { downloadTable } from "./download.js";

export function outsideTable(groups: readonly OutsideGroup[], options: { currency?: string | null; valueLabel?: string | null } = {}): HTMLElement {
  const money = (x: number | null) => (x === null ? "–" : formatMoney(x, options.currency ?? null));
  const columns = [
    { label: "Group", value: (g: OutsideGroup) => g.label },
    { label: "Customers", numeric: true, value: (g: OutsideGroup) => formatCount(g.customers), csv: (g: OutsideGroup) => g.customers },
    { label: "Share of customers", numeric: true, value: (g: OutsideGroup) => formatShare(g.customerShare), csv: (g: OutsideGroup) => g.customerShare },
    ...(options.valueLabel ? [{ label: options.valueLabel, numeric: true, value: (g: OutsideGroup) => money(g.revenue), csv: (g: OutsideGroup) => g.revenue ?? "" }] : []),
    { label: "Why they are not in a segment", value: (g: OutsideGroup) => `a blank in ${g.features.join(", ")} (segmentation.missing is "exclude")` },
  ];
  const table = downloadTable(groups, columns, { name: "Not segmented" });
  table.dataset.testid = "outside";
  table.dataset.customers = String(groups.reduce((s, g) => s + g.customers, 0));
  return table;
}
