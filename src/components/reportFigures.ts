/**
 * Headline figures of the report pages: a label, the value as text, and the raw value in
 * `data-value` (with the figure's name in `data-figure`), so tests compare pages with the CLI's
 * numbers. DOM APIs and textContent only.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import type { SegmentPageData } from "../lib/report/types.js";

const MINUS = "\u2212";

function signed(x: number, text: (abs: number) => string): string {
  if (x === 0 || Object.is(x, -0)) return text(0);
  return `${x > 0 ? "+" : MINUS}${text(Math.abs(x))}`;
}

/** 147 → "+147", -103 → "−103". */
export function formatSignedCount(x: number): string {
  return signed(x, formatCount);
}

/** 2541.5 → "+2,542" ("+£2,542" in GBP). */
export function formatSignedMoney(x: number, currency: string | null = null): string {
  return signed(Math.round(x), (abs) => formatMoney(abs, currency));
}

/** A change of share in percentage points: 0.0079 → "+0.8 pp". */
export function formatPoints(x: number): string {
  const points = Math.round(x * 1000) / 10;
  return `${signed(points, formatDecimal)} pp`;
}

export interface Figure {
  /** Name for data-figure (tests look figures up by it). */
  key: string;
  label: string;
  value: number;
  text: string;
  /** A line under the value: context such as share of the base or the comparison. */
  note?: string;
}

/** One card per figure, in a grid. */
export function figureCards(figures: readonly Figure[], options: { columns?: number; className?: string } = {}): HTMLElement {
  const grid = document.createElement("div");
  grid.className = `grid grid-cols-${options.columns ?? 4} ${options.className ?? "report-figures"}`;
  for (const f of figures) {
    const card = document.createElement("div");
    card.className = "card report-figure";
    const h = document.createElement("h2");
    h.textContent = f.label;
    const value = document.createElement("span");
    value.className = "big";
    value.dataset.figure = f.key;
    value.dataset.value = String(f.value);
    value.textContent = f.text;
    card.append(h, value);
    if (f.note) {
      const note = document.createElement("div");
      note.className = "muted";
      note.textContent = f.note;
      card.append(note);
    }
    grid.append(card);
  }
  return grid;
}

/** A segment page's headline figures: size and value against the whole base, and the change since then. */
export function segmentFigures(data: SegmentPageData): Figure[] {
  const s = data.segment;
  const all = data.everyone;
  const vs = (text: string) => `everyone: ${text}`;
  const money = (x: number) => formatMoney(x, data.currency);
  return [
    { key: "customers", label: "Customers", value: s.customers, text: formatCount(s.customers), note: `of ${formatCount(data.totals.customers)} customers` },
    { key: "customerShare", label: "Share of customers", value: s.customerShare, text: formatShare(s.customerShare) },
    { key: "revenue", label: "Revenue", value: s.revenue, text: money(s.revenue), note: `of ${money(data.totals.revenue)} net revenue` },
    { key: "revenueShare", label: "Share of revenue", value: s.revenueShare, text: formatShare(s.revenueShare) },
    { key: "revenuePerCustomer", label: "Revenue per customer", value: s.revenuePerCustomer, text: money(s.revenuePerCustomer), note: vs(money(all.revenuePerCustomer)) },
    { key: "avgOrderValue", label: "Average order value", value: s.avgOrderValue, text: money(s.avgOrderValue), note: vs(money(all.avgOrderValue)) },
    { key: "medianRecencyDays", label: "Median days since last order", value: s.medianRecencyDays, text: formatDecimal(s.medianRecencyDays), note: vs(formatDecimal(all.medianRecencyDays)) },
    { key: "medianFrequency", label: "Median orders", value: s.medianFrequency, text: formatDecimal(s.medianFrequency), note: vs(formatDecimal(all.medianFrequency)) },
    { key: "previous.customers", label: `Customers on ${data.previousAsOf}`, value: s.previous.customers, text: formatCount(s.previous.customers), note: `${formatShare(s.previous.customerShare)} of customers then` },
    { key: "change.customers", label: "Change in customers", value: s.change.customers, text: formatSignedCount(s.change.customers) },
    { key: "change.customerShare", label: "Change in share of customers", value: s.change.customerShare, text: formatPoints(s.change.customerShare) },
    { key: "change.revenueShare", label: "Change in share of revenue", value: s.change.revenueShare, text: formatPoints(s.change.revenueShare), note: `${formatShare(s.previous.revenueShare)} then` },
  ];
}
