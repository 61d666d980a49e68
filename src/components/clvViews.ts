/**
 * Predicted value on the report pages (the report's `clv` part, sections/clv.ts): the status (off or
 * refused, with the reasons, instead of numbers), the model's estimates, each segment's predictions
 * beside its past revenue, and the holdout check's charts — cumulative and weekly tracking,
 * conditional expectation, per-segment holdout revenue — and the P(alive) heat map. Every chart and
 * table has CSV (and SVG/PNG) downloads; numbers carry data-figure / data-value for the tests. Text
 * goes through htl's `html` or textContent.
 */
import * as Plot from "npm:@observablehq/plot";
// Plot.plot with the accessibility fix (its named mark groups get a role): plot.ts.
import { plot } from "./plot.js";
import { html } from "npm:htl";
import {
  ACTUAL,
  PAST_SHARE,
  PREDICTED,
  PREDICTED_SHARE,
  aliveCells,
  conditionalRecords,
  holdoutAccuracy,
  holdoutRecords,
  trackingRecords,
  valueShareRecords,
  type AliveCell,
  type SegmentRevenueRecord,
  type TrackingRecord,
} from "../lib/clv/charts.js";
import type { GroupPrediction } from "../lib/clv/segments.js";
import { formatCount, formatDecimal, formatShare, moneyFormatter, moneyLabel } from "../lib/io/format.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import type { ClvModelSummary, ClvReport, ClvValidation, ReportSegment, SegmentPageData } from "../lib/report/types.js";
import { CUSTOMER_SHARE_COLOR, HIGHLIGHT_COLOR, REVENUE_SHARE_COLOR } from "./colors.js";
import { downloadable, downloadTable, type DownloadColumn } from "./download.js";
import type { Figure } from "./reportFigures.js";

const SERIES_COLORS = [CUSTOMER_SHARE_COLOR, REVENUE_SHARE_COLOR];
const UNIT_WORD = { day: "days", week: "weeks", month: "months" } as const;

const probability = (p: number | null) => (p === null ? "–" : formatDecimal(p * 100) + "%");
const per = (x: number | null, text: (v: number) => string) => (x === null ? "–" : text(x));
const years = (days: number) => (days % 365 === 0 ? `${days / 365} year${days === 365 ? "" : "s"}` : `${formatCount(days)} days`);

/** The horizon and discounting, as the pages say them: "next 1 year, discounted at 10% a year". */
export function horizonText(clv: Pick<ClvReport, "options">): string {
  const { horizonDays, discountRate } = clv.options;
  return `next ${years(horizonDays)}${discountRate > 0 ? `, discounted at ${formatDecimal(discountRate * 100)}% a year` : ", not discounted"}`;
}

/**
 * What the pages show instead of numbers when predictions are not published (null when they are):
 * `off` (clv.enabled is false) or `refused`, with every reason.
 */
export function clvNotice(clv: Pick<ClvReport, "status" | "reasons">): HTMLElement | null {
  if (clv.status === "published") return null;
  // Off for a reason other than the config (a customers-only project has no purchases to predict from): the reason.
  if (clv.status === "off" && clv.reasons.length) {
    return html`<div class="note" data-testid="clv-status" data-status="off">${clv.reasons.map((r) => html`<p data-testid="clv-reason">${r}</p>`)}</div>`;
  }
  if (clv.status === "off") {
    return html`<div class="note" data-testid="clv-status" data-status="off"><p>Predicted value is not computed for this report: <code>clv.enabled</code> is false in the config. Set it to true to predict each customer's purchases and value (see the README, “Predicted value (CLV)”).</p></div>`;
  }
  return html`<div class="warning" data-testid="clv-status" data-status="refused">
    <p><strong>No predictions are published for these data.</strong> The models were not trusted, for these reasons:</p>
    <ul>${clv.reasons.map((r) => html`<li data-testid="clv-reason">${r}</li>`)}</ul>
    <p class="muted">Thresholds are config keys (<code>clv.minRepeatCustomers</code>, <code>clv.minCalibrationDays</code>); the README explains their defaults.</p>
  </div>`;
}

interface ParameterRow {
  model: string;
  parameter: string;
  estimate: number;
  standardError: number | null;
}

/** Estimates with standard errors, per model, and the fit's log-likelihood and sample. */
export function modelTable(model: ClvModelSummary, options: { name?: string; figurePrefix?: string } = {}): HTMLElement {
  const key = (name: string) => `${options.figurePrefix ?? ""}${name}`;
  const rows: ParameterRow[] = [];
  const bg = model.bgnbd;
  const gg = model.gammaGamma;
  if (bg) for (const p of ["r", "alpha", "a", "b"] as const) rows.push({ model: "BG/NBD", parameter: p === "alpha" ? "α" : p, estimate: bg[p], standardError: bg.standardErrors?.[p] ?? null });
  if (gg) for (const p of ["p", "q", "gamma"] as const) rows.push({ model: "Gamma-Gamma", parameter: p === "gamma" ? "γ" : p, estimate: gg[p], standardError: gg.standardErrors?.[p] ?? null });
  const significant = (x: number) => (Math.abs(x) >= 1000 || Math.abs(x) < 0.001 ? x.toPrecision(4) : x.toFixed(4));
  const columns: DownloadColumn<ParameterRow>[] = [
    { label: "Model", value: (r) => r.model },
    { label: "Parameter", value: (r) => r.parameter },
    { label: "Estimate", numeric: true, value: (r) => significant(r.estimate), csv: (r) => r.estimate },
    { label: "Standard error", numeric: true, value: (r) => (r.standardError === null ? "–" : significant(r.standardError)), csv: (r) => r.standardError },
  ];
  const table = downloadTable(rows, columns, { name: options.name ?? "Model parameters", className: "clv-parameters" });
  const facts = html`<ul class="muted clv-fit">
    ${bg ? html`<li>BG/NBD (repeat purchases, per ${model.unit}): log-likelihood <span data-figure=${key("bgnbd.logLikelihood")} data-value=${bg.logLikelihood}>${formatDecimal(bg.logLikelihood)}</span> over ${formatCount(model.customers)} customers first seen by ${model.calibrationEnd} (${formatCount(model.repeatCustomers)} bought again).</li>` : ""}
    ${gg ? html`<li>Gamma-Gamma (spend per purchase): log-likelihood <span data-figure=${key("gammaGamma.logLikelihood")} data-value=${gg.logLikelihood}>${formatDecimal(gg.logLikelihood)}</span> over ${formatCount(gg.customers)} repeat buyers; spend and frequency correlation <span data-figure=${key("gammaGamma.spendFrequencyCorrelation")} data-value=${gg.spendFrequencyCorrelation ?? ""}>${gg.spendFrequencyCorrelation === null ? "–" : gg.spendFrequencyCorrelation.toFixed(3)}</span> (the model assumes it is near 0).</li>` : ""}
  </ul>`;
  const warnings = model.warnings.length ? html`<div class="warning" data-testid="clv-warnings"><ul>${model.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : "";
  return html`<div data-testid=${options.figurePrefix ? `clv-model-${options.figurePrefix.replace(/\.$/, "")}` : "clv-model"}>${table}${facts}${warnings}</div>`;
}

type PredictedSegment = Pick<ReportSegment, "segment" | "name" | "customers" | "revenue" | "revenueShare" | "predicted">;

interface PredictionRow {
  segment: number;
  name: string;
  pastRevenue: number;
  revenueShare: number;
  p: GroupPrediction;
  atRiskSegment: boolean;
}

const predictionColumns = (currency: string | null): { key: string; label: string; title?: string; value: (r: PredictionRow) => number | null; text: (x: number | null) => string }[] => {
  const money = moneyFormatter(currency);
  return [
  { key: "customers", label: "Customers", value: (r) => r.p.customers, text: (x) => per(x, formatCount) },
  { key: "pastRevenue", label: "Past revenue", title: "Net revenue to the as-of date", value: (r) => r.pastRevenue, text: (x) => per(x, money) },
  { key: "revenueShare", label: "Share of revenue", value: (r) => r.revenueShare, text: (x) => per(x, formatShare) },
  { key: "predicted.clv", label: "Predicted value", title: "Sum of the customers' predicted value over the horizon", value: (r) => r.p.clv, text: (x) => per(x, money) },
  { key: "predicted.clvShare", label: "Share of predicted value", value: (r) => r.p.clvShare, text: (x) => per(x, formatShare) },
  { key: "predicted.clvPerCustomer", label: "Predicted value per customer", value: (r) => r.p.clvPerCustomer, text: (x) => per(x, money) },
  { key: "predicted.expectedPurchasesPerCustomer", label: "Expected purchases per customer", value: (r) => r.p.expectedPurchasesPerCustomer, text: (x) => per(x, (v) => v.toFixed(2)) },
  { key: "predicted.meanPAlive", label: "Mean P(alive)", value: (r) => r.p.meanPAlive, text: probability },
  { key: "predicted.atRisk.customers", label: "At risk", title: "Customers with past revenue at or above the median customer's and P(alive) below the at-risk limit", value: (r) => r.p.atRisk.customers, text: (x) => per(x, formatCount) },
  ];
};

/**
 * Each segment's predictions next to its past revenue, with everyone's last; rows link to the segment
 * pages. A CSV download holds the raw figures.
 */
export function predictionsTable(segments: readonly PredictedSegment[], everyone: GroupPrediction, options: { colors: readonly string[]; href: (segment: number) => string; totalRevenue: number; currency?: string | null }): HTMLElement {
  const PREDICTION_COLUMNS = predictionColumns(options.currency ?? null);
  const rows: PredictionRow[] = segments.flatMap((s) => (s.predicted ? [{ segment: s.segment, name: s.name, pastRevenue: s.revenue ?? NaN, revenueShare: s.revenueShare ?? NaN, p: s.predicted, atRiskSegment: s.predicted.atRiskSegment }] : []));
  const all: PredictionRow = { segment: -1, name: "Everyone", pastRevenue: options.totalRevenue, revenueShare: 1, p: everyone, atRiskSegment: false };
  const table = document.createElement("table");
  table.className = "report-table clv-table";
  const head = table.createTHead().insertRow();
  const first = document.createElement("th");
  first.textContent = "Segment";
  head.append(first);
  for (const c of PREDICTION_COLUMNS) {
    const th = document.createElement("th");
    th.className = "num";
    th.textContent = c.label;
    if (c.title) th.title = c.title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of [...rows, all]) {
    const tr = body.insertRow();
    tr.dataset.segment = String(r.segment);
    const cell = tr.insertCell();
    if (r.segment >= 0) {
      const swatch = document.createElement("span");
      swatch.className = "segment-swatch";
      swatch.style.background = options.colors[r.segment % options.colors.length];
      const link = document.createElement("a");
      link.href = options.href(r.segment);
      link.textContent = r.name;
      cell.append(swatch, link);
      if (r.atRiskSegment) {
        const badge = document.createElement("span");
        badge.className = "clv-badge";
        badge.dataset.testid = "at-risk-segment";
        badge.textContent = "at risk";
        badge.title = "Most of its customers had high value and are likely lapsing (low P(alive))";
        cell.append(" ", badge);
      }
    } else {
      const strong = document.createElement("strong");
      strong.textContent = r.name;
      cell.append(strong);
    }
    for (const c of PREDICTION_COLUMNS) {
      const td = tr.insertCell();
      td.className = "num";
      const value = c.value(r);
      td.dataset.figure = c.key;
      td.dataset.value = value === null ? "" : String(value);
      td.textContent = c.text(value);
    }
  }
  const csv = () =>
    recordsCsv(
      [...rows, all].map((r) => ({
        segment: r.segment < 0 ? "" : r.segment,
        name: r.name,
        ...Object.fromEntries(PREDICTION_COLUMNS.map((c) => [c.key, c.value(r)])),
        atRiskSegment: r.atRiskSegment,
      })),
    );
  return downloadable(table, { name: "Predicted value by segment", csv, image: false });
}

/** Share of past revenue against share of predicted value, two bars per segment. */
export function valueShareBars(segments: readonly PredictedSegment[], options: { width?: number } = {}): HTMLElement {
  const records = valueShareRecords(segments);
  const names = [...new Set(records.map((d) => d.name))];
  const max = Math.max(0, ...records.map((d) => d.value));
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 30 * 2 * names.length + 40,
    x: { label: "Share", tickFormat: "%", grid: true, domain: [0, max || 1] },
    y: { axis: null, domain: [PAST_SHARE, PREDICTED_SHARE] },
    fy: { label: null, domain: names, axis: "left" },
    color: { legend: true, domain: [PAST_SHARE, PREDICTED_SHARE], range: SERIES_COLORS },
    marginLeft: 150,
    marginRight: 50,
    marks: [
      Plot.barX(records, { x: "value", y: "measure", fy: "name", fill: "measure", tip: true }),
      Plot.text(records, { x: "value", y: "measure", fy: "name", text: (d: { value: number }) => formatShare(d.value), dx: 4, textAnchor: "start", fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
  return downloadable(chart, { name: "Past revenue and predicted value by segment", csv: () => recordsCsv(records) });
}

/** The holdout totals as cards: purchases and revenue, actual against predicted. */
export function holdoutFigures(validation: ClvValidation, currency: string | null = null): Figure[] {
  const money = moneyFormatter(currency);
  const t = validation.totals!;
  const accuracy = holdoutAccuracy(t);
  const error = (e: number | null) => (e === null ? "nothing happened in the holdout" : `${e >= 0 ? "+" : "−"}${formatDecimal(Math.abs(e) * 100)}% predicted against actual`);
  return [
    { key: "holdout.customers", label: "Customers checked", value: t.customers, text: formatCount(t.customers), note: `first seen by ${validation.model!.calibrationEnd}` },
    { key: "holdout.actualPurchases", label: "Repeat purchases in the holdout", value: t.actualPurchases, text: formatCount(t.actualPurchases), note: `${t.holdoutDays} days to ${validation.model!.observationEnd}` },
    { key: "holdout.predictedPurchases", label: "Predicted repeat purchases", value: t.predictedPurchases, text: formatCount(Math.round(t.predictedPurchases)), note: error(accuracy.purchasesError) },
    { key: "holdout.actualRevenue", label: "Revenue in the holdout", value: t.actualRevenue, text: money(t.actualRevenue) },
    { key: "holdout.predictedRevenue", label: "Predicted revenue", value: t.predictedRevenue, text: money(t.predictedRevenue), note: error(accuracy.revenueError) },
    { key: "holdout.correlation", label: "Per-customer correlation", value: t.correlation ?? NaN, text: t.correlation === null ? "–" : t.correlation.toFixed(2), note: `predicted against actual purchases; mean absolute error ${t.meanAbsoluteError.toFixed(2)}` },
  ];
}

/** Repeat purchases of the calibration cohort, actual against predicted, weekly or cumulative; the calibration end marked. */
export function trackingChart(validation: ClvValidation, options: { cumulative: boolean; width?: number }): HTMLElement {
  const model = validation.model!;
  const records = trackingRecords(validation.tracking, model.firstPurchaseDay, { cumulative: options.cumulative });
  const date = (d: TrackingRecord) => new Date(`${d.week}T00:00:00Z`);
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 280,
    marginLeft: 56,
    x: { type: "utc", label: "Week" },
    y: { label: options.cumulative ? "Repeat purchases to date" : "Repeat purchases in the week", grid: true },
    color: { legend: true, domain: [ACTUAL, PREDICTED], range: [REVENUE_SHARE_COLOR, HIGHLIGHT_COLOR] },
    marks: [
      Plot.ruleX([new Date(`${model.calibrationEnd}T00:00:00Z`)], { stroke: "currentColor", strokeDasharray: "4,3" }),
      Plot.text([new Date(`${model.calibrationEnd}T00:00:00Z`)], { x: (d: Date) => d, frameAnchor: "top", text: () => "calibration end", dx: -4, textAnchor: "end", fontSize: 10 }),
      Plot.line(records.filter((d) => d.series === ACTUAL), { x: date, y: "purchases", stroke: "series", tip: true }),
      Plot.line(records.filter((d) => d.series === PREDICTED), { x: date, y: "purchases", stroke: "series", strokeDasharray: "5,3", tip: true }),
      Plot.ruleY([0]),
    ],
  });
  return downloadable(chart, { name: options.cumulative ? "Cumulative repeat purchases, actual and predicted" : "Weekly repeat purchases, actual and predicted", csv: () => recordsCsv(records) });
}

/** Mean holdout purchases per customer by calibration repeat purchases, actual against predicted. */
export function conditionalExpectationChart(validation: ClvValidation, options: { width?: number } = {}): HTMLElement {
  const records = conditionalRecords(validation.conditionalExpectation);
  const domain = validation.conditionalExpectation.map((b) => b.frequency);
  const chart = plot({
    width: Math.max(420, options.width ?? 560),
    height: 260,
    marginLeft: 50,
    x: { label: "Repeat purchases in calibration", domain },
    y: { label: "Mean purchases in the holdout", grid: true },
    color: { legend: true, domain: [ACTUAL, PREDICTED], range: [REVENUE_SHARE_COLOR, HIGHLIGHT_COLOR] },
    marks: [
      Plot.line(records.filter((d) => d.series === ACTUAL), { x: "frequency", y: "purchases", stroke: "series" }),
      Plot.line(records.filter((d) => d.series === PREDICTED), { x: "frequency", y: "purchases", stroke: "series", strokeDasharray: "5,3" }),
      Plot.dot(records, { x: "frequency", y: "purchases", fill: "series", r: 3, tip: true, channels: { customers: "customers" } }),
      Plot.ruleY([0]),
    ],
  });
  return downloadable(chart, { name: "Holdout purchases by calibration frequency", csv: () => recordsCsv(records) });
}

/** Each segment's holdout revenue, actual against predicted (its customers first seen by the calibration end). */
export function holdoutRevenueChart(validation: ClvValidation, options: { width?: number; currency?: string | null } = {}): HTMLElement {
  const money = moneyFormatter(options.currency ?? null);
  const records = holdoutRecords(validation.segments);
  const names = validation.segments.map((s) => s.name);
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: 30 * 2 * names.length + 40,
    x: { label: moneyLabel("Revenue in the holdout", options.currency ?? null), grid: true },
    y: { axis: null, domain: [ACTUAL, PREDICTED] },
    fy: { label: null, domain: names, axis: "left" },
    color: { legend: true, domain: [ACTUAL, PREDICTED], range: [REVENUE_SHARE_COLOR, HIGHLIGHT_COLOR] },
    marginLeft: 150,
    marginRight: 60,
    marks: [
      Plot.barX(records, { x: "revenue", y: "series", fy: "name", fill: "series", tip: true }),
      Plot.text(records, { x: "revenue", y: "series", fy: "name", text: (d: SegmentRevenueRecord) => money(d.revenue), dx: 4, textAnchor: "start", fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
  return downloadable(chart, { name: "Holdout revenue by segment, actual and predicted", csv: () => recordsCsv(records) });
}

/** P(alive) over repeat purchases × time of the last one, at the longest customer age. */
export function aliveHeatmap(clv: Pick<ClvReport, "aliveGrid" | "model">, options: { width?: number } = {}): HTMLElement {
  const grid = clv.aliveGrid!;
  const cells = aliveCells(grid);
  const unit = clv.model!.unit;
  const step = grid.recency.length > 1 ? grid.recency[1] - grid.recency[0] : 1;
  const chart = plot({
    width: Math.max(480, options.width ?? 640),
    height: Math.min(720, 60 + 14 * grid.frequency.length),
    marginLeft: 50,
    x: { label: `Time of the last repeat purchase (${UNIT_WORD[unit]} after the first)`, tickFormat: (d: number) => formatDecimal(d) },
    y: { label: "Repeat purchases", reverse: true },
    color: { type: "linear", domain: [0, 1], scheme: "blues", legend: true, label: "P(alive)" },
    marks: [
      Plot.rect(cells, {
        x1: (d: AliveCell) => d.recency - step / 2,
        x2: (d: AliveCell) => d.recency + step / 2,
        y1: (d: AliveCell) => d.frequency - 0.5,
        y2: (d: AliveCell) => d.frequency + 0.5,
        fill: "pAlive",
        tip: { format: { fill: (p: number) => probability(p) } },
        channels: { frequency: "frequency", recency: "recency" },
      }),
    ],
  });
  return downloadable(chart, { name: "P(alive) by frequency and recency", csv: () => recordsCsv(cells) });
}

/** A segment page's predicted-value figures against everyone's (null figures when not published). */
export function segmentPredictionFigures(data: SegmentPageData): Figure[] {
  const p = data.segment.predicted;
  const all = data.clv.everyone;
  if (!p || !all) return [];
  const vs = (text: string) => `everyone: ${text}`;
  const money = moneyFormatter(data.currency);
  return [
    { key: "predicted.clv", label: "Predicted value", value: p.clv, text: money(p.clv), note: `${formatShare(p.clvShare)} of everyone's; past revenue ${data.segment.revenueShare === null ? "–" : formatShare(data.segment.revenueShare)}` },
    { key: "predicted.clvPerCustomer", label: "Predicted value per customer", value: p.clvPerCustomer ?? NaN, text: per(p.clvPerCustomer, money), note: vs(per(all.clvPerCustomer, money)) },
    { key: "predicted.expectedPurchasesPerCustomer", label: "Expected purchases per customer", value: p.expectedPurchasesPerCustomer ?? NaN, text: per(p.expectedPurchasesPerCustomer, (v) => v.toFixed(2)), note: vs(per(all.expectedPurchasesPerCustomer, (v) => v.toFixed(2))) },
    { key: "predicted.meanPAlive", label: "Mean P(alive)", value: p.meanPAlive ?? NaN, text: probability(p.meanPAlive), note: vs(probability(all.meanPAlive)) },
    { key: "predicted.atRisk.customers", label: "Customers at risk", value: p.atRisk.customers, text: formatCount(p.atRisk.customers), note: `${formatShare(p.atRisk.share)} of the segment; ${money(p.atRisk.pastRevenue)} past revenue` },
    ...(p.predicted < p.customers ? [{ key: "predicted.predicted", label: "Customers with a prediction", value: p.predicted, text: formatCount(p.predicted), note: `of ${formatCount(p.customers)}` }] : []),
  ];
}
