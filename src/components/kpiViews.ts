/**
 * KPIs per segment on the report pages: a segment's KPIs against everyone's (figure cards) and every
 * segment's in one table, with the raw values in data-value and in the CSV.
 */
import { formatDecimal, formatShare, moneyFormatter } from "../lib/io/format.js";
import type { ReportKpis } from "../lib/report/types.js";
import { downloadTable } from "./download.js";
import type { Figure } from "./reportFigures.js";

type KpiKey = "repeat_rate" | "avg_order_value" | "purchase_frequency" | "return_share" | "median_days_between_orders";

/** The KPIs shown, money in `currency` (ISO 4217, or null when unknown). */
export function kpiColumns(currency: string | null = null): { key: KpiKey; label: string; text: (x: number) => string }[] {
  return [
    { key: "repeat_rate", label: "Repeat rate", text: formatShare },
    { key: "avg_order_value", label: "Average order value", text: moneyFormatter(currency) },
    { key: "purchase_frequency", label: "Orders per customer", text: formatDecimal },
    { key: "return_share", label: "Revenue returned", text: formatShare },
    { key: "median_days_between_orders", label: "Days between orders (median)", text: formatDecimal },
  ];
}

const shown = (x: number | null, text: (x: number) => string) => (x === null ? "–" : text(x));

/** A segment's KPIs as figure cards, each with everyone's for comparison. */
export function kpiFigures(kpis: ReportKpis | null, everyone: ReportKpis, options: { currency?: string | null } = {}): Figure[] {
  return kpiColumns(options.currency ?? null).map(({ key, label, text }) => {
    const value = kpis ? kpis[key] : null;
    return { key: `kpi.${key}`, label, value: value ?? NaN, text: shown(value, text), note: `everyone: ${shown(everyone[key], text)}` };
  });
}

/** Every group's KPIs, then everyone's, in one table. */
export function kpiTable(rows: readonly { name: string; kpis: ReportKpis | null }[], everyone: ReportKpis, options: { name: string; currency?: string | null }): HTMLElement {
  const all = [...rows, { name: "Everyone", kpis: everyone }];
  const table = downloadTable(
    all,
    [
      { label: "Segment", value: (r) => r.name },
      { label: "Customers", numeric: true, value: (r) => (r.kpis ? r.kpis.customers.toLocaleString("en-GB") : "0"), csv: (r) => r.kpis?.customers ?? 0 },
      ...kpiColumns(options.currency ?? null).map(({ key, label, text }) => ({
        label,
        numeric: true,
        value: (r: (typeof all)[number]) => shown(r.kpis ? r.kpis[key] : null, text),
        csv: (r: (typeof all)[number]) => (r.kpis ? r.kpis[key] : null),
      })),
    ],
    { name: options.name, className: "segment-table kpi-table" },
  );
  table.dataset.testid = "kpi-table";
  return table;
}
