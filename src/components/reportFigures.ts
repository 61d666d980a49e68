/**
 * Headline figures of the report pages: a label, the value as text, and the raw value in
 * `data-value` (with the figure's name in `data-figure`), so tests compare pages with the CLI's
 * numbers. DOM APIs and textContent only.
 */
import { formatCount, formatDecimal, formatMoney, formatShare } from "../lib/io/format.js";
import { rowsCsv } from "../lib/io/tableCsv.js";
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

/** The figures as CSV: key, label, raw value, note. */
export function figuresCsv(figures: readonly Figure[]): string {
  return rowsCsv(figures, [
    { label: "figure", value: (f) => f.key },
    { label: "label", value: (f) => f.label },
    { label: "value", value: (f) => f.value },
    { label: "note", value: (f) => f.note ?? "" },
  ]);
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

/**
 * A segment page's headline figures: size and value against the whole base, and the change since then.
 * Figures a project cannot have (purchases and an earlier date in a customers-only project, a value
 * without report.valueColumns) are left out, never shown as 0.
 */
export function segmentFigures(data: SegmentPageData): Figure[] {
  const s = data.segment;
  const all = data.everyone;
  const vs = (text: string) => `everyone: ${text}`;
  const money = (x: number) => formatMoney(x, data.currency);
  const valueLabel = data.value?.label ?? "net revenue";
  const Value = data.mode === "customers" ? "Value" : "Revenue";
  const figures: Figure[] = [
    { key: "customers", label: "Customers", value: s.customers, text: formatCount(s.customers), note: `of ${formatCount(data.totals.customers)} customers` },
    { key: "customerShare", label: "Share of customers", value: s.customerShare, text: formatShare(s.customerShare) },
  ];
  if (s.revenue !== null && s.revenueShare !== null && s.revenuePerCustomer !== null && data.totals.revenue !== null) {
    figures.push(
      { key: "revenue", label: Value, value: s.revenue, text: money(s.revenue), note: `of ${money(data.totals.revenue)} ${valueLabel}` },
      { key: "revenueShare", label: `Share of ${Value.toLowerCase()}`, value: s.revenueShare, text: formatShare(s.revenueShare) },
      { key: "revenuePerCustomer", label: `${Value} per customer`, value: s.revenuePerCustomer, text: money(s.revenuePerCustomer), note: all.revenuePerCustomer === null ? undefined : vs(money(all.revenuePerCustomer)) },
    );
  }
  const optional = (key: string, label: string, x: number | null, base: number | null, text: (x: number) => string) => {
    if (x !== null) figures.push({ key, label, value: x, text: text(x), note: base === null ? undefined : vs(text(base)) });
  };
  optional("avgOrderValue", "Average order value", s.avgOrderValue, all.avgOrderValue, money);
  optional("medianRecencyDays", "Median days since last order", s.medianRecencyDays, all.medianRecencyDays, formatDecimal);
  optional("medianFrequency", "Median orders", s.medianFrequency, all.medianFrequency, formatDecimal);
  if (s.previous && s.change) {
    figures.push(
      { key: "previous.customers", label: `Customers on ${data.previousAsOf}`, value: s.previous.customers, text: formatCount(s.previous.customers), note: `${formatShare(s.previous.customerShare)} of customers then` },
      { key: "change.customers", label: "Change in customers", value: s.change.customers, text: formatSignedCount(s.change.customers) },
      { key: "change.customerShare", label: "Change in share of customers", value: s.change.customerShare, text: formatPoints(s.change.customerShare) },
      { key: "change.revenueShare", label: "Change in share of revenue", value: s.change.revenueShare, text: formatPoints(s.change.revenueShare), note: `${formatShare(s.previous.revenueShare)} then` },
    );
  }
  return figures;
}
