/**
 * The data and quality pages' views: input row accounting, the feature summary table, distribution
 * cards (data-testid="distributions") and the correlation heatmap (data-testid="correlations") with
 * the strongest pairs.
 */
import { html } from "npm:htl";
import type { Anomaly, AttributeQuality, QualityReport } from "../lib/ingest/quality.js";
import { formatCount, formatDecimal } from "../lib/io/format.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import { correlationCells, strongestPairs, type CorrelationMatrix } from "../lib/stats/correlation.js";
import { histogram, type Summary } from "../lib/stats/distribution.js";
import { correlationHeatmap } from "./correlationHeatmap.js";
import { downloadable, downloadTable, type DownloadColumn } from "./download.js";
import { featureHistogram } from "./featureHistogram.js";

type InputQuality = NonNullable<QualityReport["customers"]> | NonNullable<QualityReport["transactions"]>;

/** Each input with its rows read, loaded and rejected (by reason); a customers-only project has no transactions. */
export function inputs(quality: QualityReport): [string, InputQuality][] {
  const list: [string, InputQuality][] = [];
  if (quality.transactions) list.push(["Transactions", quality.transactions]);
  if (quality.customers) list.push(["Customers", quality.customers]);
  return list;
}

export function accountingTable(quality: QualityReport, name: string): HTMLElement {
  return downloadTable(
    inputs(quality),
    [
      { label: "Input", value: ([input]) => input },
      { label: "File", value: ([, q]) => q.file },
      { label: "Rows read", numeric: true, value: ([, q]) => formatCount(q.rowsRead), csv: ([, q]) => q.rowsRead },
      { label: "Loaded", numeric: true, value: ([, q]) => formatCount(q.rowsLoaded), csv: ([, q]) => q.rowsLoaded },
      { label: "Rejected", numeric: true, value: ([, q]) => formatCount(q.rowsRejected), csv: ([, q]) => q.rowsRejected },
      { label: "Rejected by reason", value: ([, q]) => Object.entries(q.rejectedByReason).map(([r, n]) => `${r}: ${formatCount(n)}`).join("; ") || "none" },
    ],
    { name },
  );
}

export type FeatureSummary = Summary & { name: string; description: string };

export function summaryTable(summaries: readonly FeatureSummary[]): HTMLElement {
  const num = (key: "min" | "p25" | "median" | "mean" | "p75" | "max") => ({
    label: key === "p25" ? "25th pct" : key === "p75" ? "75th pct" : key[0].toUpperCase() + key.slice(1),
    numeric: true,
    value: (d: FeatureSummary) => (Number.isFinite(d[key]) ? formatDecimal(d[key]) : "–"),
    csv: (d: FeatureSummary) => d[key],
  });
  return downloadTable(
    summaries,
    [
      { label: "Feature", value: (d) => d.name },
      { label: "Customers", numeric: true, value: (d) => formatCount(d.count), csv: (d) => d.count },
      { label: "Missing", numeric: true, value: (d) => formatCount(d.missing), csv: (d) => d.missing },
      { label: "Zeros", numeric: true, value: (d) => formatCount(d.zeros), csv: (d) => d.zeros },
      num("min"),
      num("p25"),
      num("median"),
      num("mean"),
      num("p75"),
      num("max"),
      { label: "What it is", value: (d) => d.description },
    ],
    { name: "Feature summary", className: "feature-summary" },
  );
}

/** A histogram card per feature, from each feature's sorted finite values. */
export function distributionCards(
  summaries: readonly FeatureSummary[],
  sorted: (name: string) => Float64Array,
  options: { bins: number; log: boolean; width?: number },
): HTMLElement {
  const grid = html`<div class="grid grid-cols-2" data-testid="distributions" data-log=${options.log ? "true" : "false"}></div>`;
  const width = Math.floor(((options.width ?? 640) - 16) / 2);
  for (const s of summaries) {
    const bins = histogram(sorted(s.name), { bins: options.bins, log: options.log, sorted: true });
    const chart = featureHistogram(bins, { feature: s.name, description: s.description, median: s.median, log: options.log, width });
    const csv = () => recordsCsv(bins.map((b) => ({ feature: s.name, from: b.x0, to: b.x1, customers: b.count })));
    grid.append(html`<div class="card">${downloadable(chart, { name: `Distribution of ${s.name}`, csv })}</div>`);
  }
  return grid;
}

export function correlationViews(correlations: CorrelationMatrix, options: { sampled?: string; width?: number }): HTMLElement {
  const { method, names } = correlations;
  const cells = correlationCells(correlations);
  const heatmap = correlationHeatmap(cells, { names, method, sampled: options.sampled, width: options.width });
  const csv = () => recordsCsv(cells.map((c) => ({ feature_a: c.y, feature_b: c.x, [method]: c.r })));
  return html`<div>
    <div data-testid="correlations" data-method=${method}>${downloadable(heatmap, { name: `${method} correlations`, csv })}</div>
    ${downloadTable(
      strongestPairs(correlations, 8),
      [
        { label: "Feature", value: (d) => d.a },
        { label: "and feature", value: (d) => d.b },
        { label: "Correlation", numeric: true, value: (d) => d.r.toFixed(3), csv: (d) => d.r },
      ],
      { name: "Strongest correlations", caption: "The strongest correlations between two different features. Strongly correlated features weigh the same behaviour twice in k-means: consider clustering on one of them." },
    )}
  </div>`;
}

const ANOMALY_COLUMNS: DownloadColumn<Anomaly>[] = [
  { label: "File", value: (d) => d.source_file },
  { label: "Line", value: (d) => d.source_line, numeric: true },
  { label: "Order", value: (d) => d.order_id },
  { label: "Product", value: (d) => d.product_id },
  { label: "Quantity", value: (d) => d.quantity, numeric: true },
  { label: "Unit price", value: (d) => d.unit_price, numeric: true },
  { label: "Amount", value: (d) => d.amount, numeric: true },
];

/** The largest lines of the transactions export (by quantity or by unit price). */
export function anomalyTable(rows: readonly Anomaly[], options: { name: string; caption: string }): HTMLElement {
  return downloadTable(rows, ANOMALY_COLUMNS, options);
}

/** A rejected row as the quality page gets it (pipeline/report/quality.ts): where it was and its raw values. */
export interface RejectSample {
  source_file: string;
  source_line: number;
  reason: string;
  raw: Record<string, unknown>;
}

export function rejectSampleTable(rows: readonly RejectSample[]): HTMLElement {
  return downloadTable(
    rows,
    [
      { label: "File", value: (d) => d.source_file },
      { label: "Line", value: (d) => d.source_line, numeric: true },
      { label: "Reason", value: (d) => d.reason },
      { label: "Raw values", value: (d) => d.raw },
    ],
    { name: "Rejected rows sample" },
  );
}

/** The customers export's attributes as ingest typed them: type, blanks and the blank words read as blanks (data-testid="attribute-types"). */
export function attributeTypeTable(attributes: readonly AttributeQuality[]): HTMLElement {
  const table = downloadTable(
    attributes,
    [
      { label: "Column", value: (a) => a.name },
      { label: "Type", value: (a) => a.type },
      { label: "Blank", numeric: true, value: (a) => formatCount(a.blank), csv: (a) => a.blank },
      { label: "Read as blank", value: (a) => Object.entries(a.blankWords).map(([w, n]) => `"${w}": ${formatCount(n)}`).join(", ") || "–" },
    ],
    { name: "Attribute types", caption: "Each column of the customers export: a number, a date, or text (categories); blank values are counted, never read as 0" },
  );
  table.dataset.testid = "attribute-types";
  return table;
}

/** A text attribute's values: the most common with their customers and share, the rest and the blanks counted (data-testid="category-cards"). */
export function categoryCards(columns: readonly { name: string; values: readonly (string | null)[] }[], options: { top?: number } = {}): HTMLElement {
  const top = options.top ?? 8;
  const grid = html`<div class="grid grid-cols-2" data-testid="category-cards"></div>`;
  for (const { name, values } of columns) {
    const counts = new Map<string, number>();
    let blank = 0;
    for (const v of values) {
      if (v === null || v.trim() === "") blank++;
      else counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const rows = sorted.slice(0, top).map(([value, customers]) => ({ value, customers }));
    const rest = sorted.slice(top).reduce((s, [, n]) => s + n, 0);
    if (rest) rows.push({ value: `${sorted.length - top} other values`, customers: rest });
    if (blank) rows.push({ value: "(blank)", customers: blank });
    const n = values.length;
    grid.append(
      html`<div class="card" data-attribute=${name}><h3>${name}</h3><p class="muted">${formatCount(counts.size)} distinct values${blank ? `, ${formatCount(blank)} blank` : ""}.</p>${downloadTable(
        rows,
        [
          { label: "Value", value: (r) => r.value },
          { label: "Customers", numeric: true, value: (r) => formatCount(r.customers), csv: (r) => r.customers },
          { label: "Share", numeric: true, value: (r) => (n ? `${((100 * r.customers) / n).toFixed(1)}%` : "–"), csv: (r) => (n ? r.customers / n : 0) },
        ],
        { name: `Values of ${name}` },
      )}</div>`,
    );
  }
  return grid;
}
