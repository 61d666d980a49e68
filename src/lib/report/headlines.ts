/**
 * The report's headline findings: three to five plain sentences a stakeholder reads first, each
 * computed from the composed report (and two customer-level figures the report does not hold), and
 * each carrying the figures it cites, so a page shows them as data (`data-figure`) and a test can
 * hold every number in a sentence against the report.
 *
 * 1. Revenue concentration: the share of net revenue the top TOP_CUSTOMERS share of customers bring.
 * 2. The segment holding most revenue, and the largest segment by customers (one sentence when
 *    they are the same).
 * 3. The fastest-changing segment since the earlier as-of date: the largest move in its share of
 *    customers, in either direction.
 * 4. Revenue held by customers whose recency puts them at risk: AT_RISK_DAYS or more since their
 *    last order (segmented customers only; the groups kept out of the clustering are not counted).
 * 5. Once predictions are published (the report's clv part, read by predictedAtRisk): predicted
 *    value held by the customers the at-risk rule flags (high past value, low P(alive)).
 *
 * Sentences are templates: `{key}` stands for the figure of that key, formatted by its `format`;
 * `text` is the template filled in, for the CLI, PDFs and tests.
 */
import { formatCount, formatMoney, formatShare } from "../io/format.js";
import type { OutsideGroup } from "../segments/outside.js";
import type { ClvReport, FigureFormat, Headline, HeadlineFigure, Migration, ReportSegment, SegmentChange, Totals } from "./types.js";

/** The top fifth of customers by net revenue (the Pareto reading). */
export const TOP_CUSTOMERS = 0.2;
/** A quarter without an order: past this, a customer is at risk of lapsing. */
export const AT_RISK_DAYS = 90;

/** Figures of single customers the report does not hold, computed where the feature table is (sections/headlines.ts). */
export interface CustomerFigures {
  /** The top TOP_CUSTOMERS of customers by net revenue: how many, and their share of everyone's. */
  concentration: { share: number; customers: number; revenue: number; revenueShare: number };
  /** Segmented customers whose last order is AT_RISK_DAYS or more ago. */
  atRisk: { days: number; customers: number; revenue: number; revenueShare: number };
}

/** Predicted value at risk, from the CLV predictions (the clv part, when published: predictedAtRisk). */
export interface PredictedAtRisk {
  /** Customers counted as at risk (e.g. P(alive) under a stated level). */
  customers: number;
  /** Their predicted value over the horizon, and its share of everyone's predicted value. */
  value: number;
  valueShare: number;
  horizonDays: number;
  /** How "at risk" is defined, in words ("P(alive) under 50%"). */
  rule: string;
}

/** What the headlines read from the composed report. */
export interface HeadlineReport {
  asOf: string;
  totals: Totals;
  /** A report with transactions: revenue and the change since the earlier date are known (headlines are not made without them). */
  segments: readonly (Pick<ReportSegment, "segment" | "name" | "customers" | "customerShare"> & { revenue: number; revenueShare: number } & Pick<SegmentChange, "previous" | "change">)[];
  outside: readonly Pick<OutsideGroup, "customers">[];
  migration: Pick<Migration, "previousAsOf">;
}

/**
 * The at-risk customers' predicted value from the report's clv part: everyone's at-risk figures (the
 * clv section's rule), null unless predictions are published.
 */
export function predictedAtRisk(clv: Pick<ClvReport, "status" | "options" | "everyone" | "atRiskRule">): PredictedAtRisk | null {
  const { everyone, atRiskRule } = clv;
  if (clv.status !== "published" || !everyone || !atRiskRule) return null;
  return {
    customers: everyone.atRisk.customers,
    value: everyone.atRisk.clv,
    valueShare: everyone.clv > 0 ? round(everyone.atRisk.clv / everyone.clv, 4) : 0,
    horizonDays: clv.options.horizonDays,
    rule: `past revenue at or above the median customer's and P(alive) under ${formatShare(atRiskRule.maxPAlive)}`,
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A figure as the sentence shows it; money with its currency when known. */
export function formatFigure(value: number, format: FigureFormat, currency: string | null = null): string {
  if (format === "count") return formatCount(value);
  if (format === "money") return formatMoney(value, currency);
  if (format === "share") return formatShare(value);
  return `${formatCount(value)} days`;
}

function filled(key: string, template: string, figures: HeadlineFigure[], currency: string | null): Headline {
  const byKey = new Map(figures.map((f) => [f.key, f]));
  const text = template.replace(/\{([\w.-]+)\}/g, (_, name: string) => {
    const figure = byKey.get(name);
    if (!figure) throw new Error(`headline "${key}": no figure "${name}"`);
    return formatFigure(figure.value, figure.format, currency);
  });
  return { key, template, text, figures };
}

/**
 * The concentration and at-risk figures from every customer's net revenue and recency. `segmented`
 * flags the customers in a segment (not in a group kept out of the clustering).
 */
export function customerFigures(monetary: ArrayLike<number>, recencyDays: ArrayLike<number>, segmented: ArrayLike<boolean>): CustomerFigures {
  const n = monetary.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Number(monetary[i]);
  const sorted = Float64Array.from(monetary, Number).sort().reverse();
  const top = Math.ceil(n * TOP_CUSTOMERS);
  let topRevenue = 0;
  for (let i = 0; i < top; i++) topRevenue += sorted[i];
  let atRiskCustomers = 0;
  let atRiskRevenue = 0;
  for (let i = 0; i < n; i++) {
    if (segmented[i] && Number(recencyDays[i]) >= AT_RISK_DAYS) {
      atRiskCustomers++;
      atRiskRevenue += Number(monetary[i]);
    }
  }
  const share = (x: number) => (total ? round(x / total, 4) : 0);
  return {
    concentration: { share: TOP_CUSTOMERS, customers: top, revenue: round(topRevenue, 2), revenueShare: share(topRevenue) },
    atRisk: { days: AT_RISK_DAYS, customers: atRiskCustomers, revenue: round(atRiskRevenue, 2), revenueShare: share(atRiskRevenue) },
  };
}

/**
 * The headline findings of a report (see the module comment), in order; money in `currency` (the
 * report's quality.transactions.currency) when known.
 */
export function headlines(report: HeadlineReport, customers: CustomerFigures, options: { predicted?: PredictedAtRisk; currency?: string | null } = {}): Headline[] {
  const { predicted, currency = null } = options;
  const headline = (key: string, template: string, figures: HeadlineFigure[]) => filled(key, template, figures, currency);
  const out: Headline[] = [];
  const { segments } = report;
  const c = customers.concentration;
  out.push(
    headline("concentration", "The top {topShare} of customers ({topCustomers} of {customers}) bring {topRevenueShare} of net revenue.", [
      { key: "topShare", label: "Share of customers", value: c.share, format: "share" },
      { key: "topCustomers", label: "Top customers", value: c.customers, format: "count" },
      { key: "customers", label: "Customers", value: report.totals.customers, format: "count" },
      { key: "topRevenueShare", label: "Their share of net revenue", value: c.revenueShare, format: "share" },
    ]),
  );
  if (segments.length) {
    const first = <T>(list: readonly T[], better: (a: T, b: T) => boolean) => list.reduce((best, x) => (better(x, best) ? x : best));
    // Ties go to the lower segment number (the larger one: segments are numbered by size).
    const richest = first(segments, (a, b) => a.revenue > b.revenue);
    const largest = first(segments, (a, b) => a.customers > b.customers);
    const named = (s: (typeof segments)[number]) => s.name.replace(/[{}]/g, "");
    if (richest.segment === largest.segment) {
      out.push(
        headline("top-segment", `${named(richest)} is the largest segment, with {customers} customers ({customerShare}), and holds the most revenue: {revenue}, {revenueShare} of net revenue.`, [
          { key: "customers", label: `${richest.name}: customers`, value: richest.customers, format: "count" },
          { key: "customerShare", label: `${richest.name}: share of customers`, value: richest.customerShare, format: "share" },
          { key: "revenue", label: `${richest.name}: revenue`, value: richest.revenue, format: "money" },
          { key: "revenueShare", label: `${richest.name}: share of revenue`, value: richest.revenueShare, format: "share" },
        ]),
      );
    } else {
      out.push(
        headline("top-segment", `${named(richest)} holds the most revenue: {revenue}, {revenueShare} of net revenue, from {customerShare} of customers.`, [
          { key: "revenue", label: `${richest.name}: revenue`, value: richest.revenue, format: "money" },
          { key: "revenueShare", label: `${richest.name}: share of revenue`, value: richest.revenueShare, format: "share" },
          { key: "customerShare", label: `${richest.name}: share of customers`, value: richest.customerShare, format: "share" },
        ]),
        headline("largest", `The largest segment is ${named(largest)}: {customers} customers, {customerShare} of the base, with {revenueShare} of net revenue.`, [
          { key: "customers", label: `${largest.name}: customers`, value: largest.customers, format: "count" },
          { key: "customerShare", label: `${largest.name}: share of customers`, value: largest.customerShare, format: "share" },
          { key: "revenueShare", label: `${largest.name}: share of revenue`, value: largest.revenueShare, format: "share" },
        ]),
      );
    }
    const moved = first(segments, (a, b) => Math.abs(a.change.customerShare) > Math.abs(b.change.customerShare));
    const since = report.migration.previousAsOf;
    if (moved.change.customerShare === 0) {
      out.push(headline("change", `No segment's share of customers changed since ${since}.`, []));
    } else {
      const verb = moved.change.customerShare > 0 ? "grew" : "shrank";
      out.push(
        headline("change", `${named(moved)} changed most since ${since}: it ${verb} from {previousShare} to {customerShare} of customers ({previousCustomers} then, {customers} now).`, [
          { key: "previousShare", label: `${moved.name}: share of customers on ${since}`, value: moved.previous.customerShare, format: "share" },
          { key: "customerShare", label: `${moved.name}: share of customers now`, value: moved.customerShare, format: "share" },
          { key: "previousCustomers", label: `${moved.name}: customers on ${since}`, value: moved.previous.customers, format: "count" },
          { key: "customers", label: `${moved.name}: customers now`, value: moved.customers, format: "count" },
        ]),
      );
    }
  }
  const r = customers.atRisk;
  out.push(
    headline("at-risk", "Customers whose last order was {days} or more ago hold {revenue} of net revenue, {revenueShare} of the total ({atRiskCustomers} customers).", [
      { key: "days", label: "Days since the last order", value: r.days, format: "days" },
      { key: "revenue", label: "Their net revenue", value: r.revenue, format: "money" },
      { key: "revenueShare", label: "Their share of net revenue", value: r.revenueShare, format: "share" },
      { key: "atRiskCustomers", label: "Customers at risk", value: r.customers, format: "count" },
    ]),
  );
  if (predicted) {
    out.push(
      headline("predicted-at-risk", `Customers at risk (${predicted.rule.replace(/[{}]/g, "")}) hold {value} of predicted value over the next {horizon}, {valueShare} of everyone's ({predictedCustomers} customers).`, [
        { key: "value", label: "Predicted value at risk", value: predicted.value, format: "money" },
        { key: "horizon", label: "Horizon", value: predicted.horizonDays, format: "days" },
        { key: "valueShare", label: "Share of predicted value", value: predicted.valueShare, format: "share" },
        { key: "predictedCustomers", label: "Customers at risk", value: predicted.customers, format: "count" },
      ]),
    );
  }
  return out;
}
