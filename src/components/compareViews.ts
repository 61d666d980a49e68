/**
 * The compare page's views of two segmentations A and B of the same customers: agreement cards
 * (data-testid="agreement"), the cross-tabulation heatmap (data-testid="crosstab") and counts, each
 * side's segment sizes and the best matches. Text goes through htl's `html` or textContent.
 */
import * as Inputs from "npm:@observablehq/inputs";
import { html } from "npm:htl";
import type { Workbench } from "../browser/workbenchData.js";
import { SCALINGS, type Scaling } from "../lib/config/config.js";
import { runSettings, type RunSettings } from "../lib/segments/clusterSettings.js";
import { clusterLabeling, describeSettings, rfmLabeling } from "../lib/segments/labelings.js";
import { segmentationJob } from "./job.js";
import { ariVerdict } from "../lib/cluster/verdicts.js";
import { formatCount, formatMoney, formatShare } from "../lib/io/format.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import { agreement, bestMatches, crossTabCells, labelingSizes, type CrossTab, type Labeling, type LabelingSize } from "../lib/stats/crosstab.js";
import { labelledInputs } from "./a11y.js";
import { crossTabHeatmap, type CrossTabMeasure } from "./crossTabHeatmap.js";
import { downloadable, downloadTable, type DownloadColumn } from "./download.js";

/** One side: what it is, how it was made, and each customer's segment. */
export interface Side {
  title: string;
  detail: string;
  /** Segments, then the groups kept out of the clustering (net returners, …) with customers. */
  labeling: Labeling;
  /** How many of the labeling's names are such groups (0 for RFM segments, which cover everyone). */
  groups?: number;
}

/** "5 segments", or "5 segments and 1 group kept out of the clustering". */
function sideSize(side: Side): string {
  const groups = side.groups ?? 0;
  const segments = side.labeling.names.length - groups;
  return `${segments} segments${groups ? ` and ${groups} group${groups === 1 ? "" : "s"} kept out of the clustering` : ""}`;
}

export function agreementCards(a: Side, b: Side, table: CrossTab): HTMLElement {
  const agree = agreement(a.labeling, b.labeling, table);
  return html`<div>
    <div class="grid grid-cols-3" data-testid="agreement" data-ari=${agree.ari.toFixed(6)} data-purity=${agree.purity.toFixed(6)}>
      <div class="card"><h2>Adjusted Rand index</h2><span class="big">${agree.ari.toFixed(3)}</span><p class="muted">${ariVerdict(agree.ari)}</p></div>
      <div class="card"><h2>Customers in the B segment most of their A segment is in</h2><span class="big">${formatShare(agree.purity)}</span></div>
      <div class="card"><h2>Customers</h2><span class="big">${formatCount(table.n)}</span><p class="muted">A: ${sideSize(a)} · B: ${sideSize(b)}</p></div>
    </div>
    <p class="muted"><strong>A</strong>: ${a.title}, ${a.detail}. <strong>B</strong>: ${b.title}, ${b.detail}.</p>
  </div>`;
}

export function crossTabViews(a: Side, b: Side, table: CrossTab, measure: CrossTabMeasure, options: { width?: number } = {}): HTMLElement {
  const cells = crossTabCells(table);
  const heatmap = crossTabHeatmap(table, cells, { measure, title: `Cross-tabulation: A (${a.title}) down, B (${b.title}) across`, width: options.width });
  const csv = () => recordsCsv(cells.map((c) => ({ segment_a: c.a, segment_b: c.b, customers: c.customers, share_of_a: c.shareOfA, share_of_b: c.shareOfB })));
  const rows = [...table.rows.map((name, i) => ({ name, counts: table.counts[i], total: table.rowTotals[i] })), { name: "Total", counts: table.columnTotals, total: table.n }];
  return html`<div>
    <div data-testid="crosstab" data-n=${table.n}>${downloadable(heatmap, { name: "Cross-tabulation", csv })}</div>
    ${downloadTable(
      rows,
      [
        { label: "A \\ B", value: (r) => r.name },
        ...table.columns.map((column, j) => ({ label: column, numeric: true, value: (r: (typeof rows)[number]) => formatCount(r.counts[j]), csv: (r: (typeof rows)[number]) => r.counts[j] })),
        { label: "Total", numeric: true, value: (r) => formatCount(r.total), csv: (r) => r.total },
      ],
      { name: "Cross-tabulation counts", className: "crosstab-table" },
    )}
  </div>`;
}

/** Segment sizes, money in `currency` (ISO 4217, or null when unknown). */
const sizeColumns = (currency: string | null): DownloadColumn<LabelingSize>[] => [
  { label: "Segment", value: (s) => s.name },
  { label: "Customers", numeric: true, value: (s) => formatCount(s.customers), csv: (s) => s.customers },
  { label: "Share", numeric: true, value: (s) => formatShare(s.customerShare), csv: (s) => s.customerShare },
  { label: "Revenue", numeric: true, value: (s) => formatMoney(s.revenue, currency), csv: (s) => s.revenue },
  { label: "Share of revenue", numeric: true, value: (s) => formatShare(s.revenueShare), csv: (s) => s.revenueShare },
];

/** Each side's segments with customers and revenue (`revenue` per customer, e.g. monetary, in `currency`), and the best matches. */
export function segmentBySegment(a: Side, b: Side, table: CrossTab, revenueOrNull: ArrayLike<number> | null, currency: string | null = null): HTMLElement {
  // Without revenue (a customers-only project) the sizes are customers only: no revenue column, never a 0.
  const revenue = revenueOrNull ?? new Float64Array(a.labeling.codes.length);
  const SIZE_COLUMNS = revenueOrNull ? sizeColumns(currency) : sizeColumns(currency).slice(0, 3);
  return html`<div>
    <div class="grid grid-cols-2">
      <div><h3>A: ${a.title}</h3>${downloadTable(labelingSizes(a.labeling, revenue), SIZE_COLUMNS, { name: "Segments of A" })}</div>
      <div><h3>B: ${b.title}</h3>${downloadTable(labelingSizes(b.labeling, revenue), SIZE_COLUMNS, { name: "Segments of B" })}</div>
    </div>
    ${downloadTable(
      bestMatches(table),
      [
        { label: "Segment of A", value: (m) => m.a },
        { label: "Most of its customers are in B's", value: (m) => m.b },
        { label: "Share of the A segment", numeric: true, value: (m) => formatShare(m.share), csv: (m) => m.share },
      ],
      { name: "Best matches", caption: "For each segment of A, the segment of B that holds most of its customers" },
    )}
  </div>`;
}

export type Source = "published" | "workbench" | "rfm" | "custom";

/** The sources a side can show: the workbench's settings only when this browser has them. */
export function sources(wb: Pick<Workbench, "stored"> & { committed: Pick<Workbench["committed"], "transactions"> }): Map<string, Source> {
  return new Map<string, Source>([
    ["Published segmentation (committed config)", "published"],
    ...(wb.stored ? [[`Workbench: your last settings (k = ${wb.stored.k})`, "workbench"] as [string, Source]] : []),
    // A customers-only project has no purchases, so no RFM scores.
    ...(wb.committed.transactions !== false ? [["RFM segments", "rfm"] as [string, Source]] : []),
    ["k-means with other settings", "custom"],
  ]);
}

/** The settings the form for "k-means with other settings" starts from: the committed ones, B with one segment fewer than A. */
export function customDefaults(wb: Pick<Workbench, "published">, side: "A" | "B"): RunSettings {
  return { ...wb.published, k: side === "A" ? wb.published.k : Math.max(2, wb.published.k - 1) };
}

/** The form for "k-means with other settings", starting from `start` (customDefaults, or a link's settings). */
export function customForm(wb: Pick<Workbench, "features" | "committed">, side: "A" | "B", start: Pick<RunSettings, "features" | "log" | "scale" | "k" | "seed">): HTMLElement {
  const options = wb.features.featureOptions;
  return Inputs.form({
    features: Inputs.checkbox(options, { label: `Features (${side})`, value: start.features }),
    // Only numbers can be log-transformed (categorical features are among the feature options).
    log: Inputs.checkbox(wb.features.numericNames, { label: `Log-transform (${side})`, value: start.log }),
    scale: Inputs.select(SCALINGS, { label: `Scaling (${side})`, value: start.scale }),
    k: labelledInputs(Inputs.range([2, 10], { label: `Segments, k (${side})`, step: 1, value: start.k })),
    seed: Inputs.number({ label: `Seed (${side})`, step: 1, value: start.seed }),
  });
}

/** The run settings of a custom form's value (the committed restarts and blank handling, no winsorizing). */
export function customSettings(wb: Pick<Workbench, "committed">, custom: CustomSettings): RunSettings {
  const seg = wb.committed.segmentation;
  return { ...runSettings({ ...custom, nInit: seg.nInit, missing: seg.missing, gamma: seg.gamma }), k: custom.k };
}

export interface CustomSettings {
  features: string[];
  log: string[];
  scale: Scaling;
  k: number;
  seed: number;
}

/** A side's segmentation: a status line (progress for k-means) and the promise of the side, null when cancelled. */
export function compareSide(wb: Workbench, source: Source, custom: CustomSettings | null, invalidated: Promise<unknown>): { status: HTMLElement; promise: Promise<Side | null> } {
  const { committed } = wb;
  if (source === "rfm") {
    const rules = committed.rfm.segments.length;
    return {
      status: html`<p class="muted">RFM segments: ${rules} rules from the config, scored on the page's features.</p>`,
      promise: Promise.resolve({ title: "RFM segments", detail: `the first of the config's ${rules} rules each customer's R, F and M scores match`, labeling: rfmLabeling(wb.features.text("rfm_segment") as string[], committed.rfm) }),
    };
  }
  const seg = committed.segmentation;
  const settings: RunSettings =
    source === "published" ? wb.published
    : source === "workbench" && wb.stored ? wb.stored
    : customSettings(wb, custom!);
  if (!settings.features.length) return { status: html`<p>Choose at least one feature.</p>`, promise: Promise.resolve(null) };
  const naming = source === "published" ? { names: seg.names, actions: seg.actions } : source === "workbench" ? { names: wb.stored?.names } : {};
  const title = source === "published" ? "Published segmentation" : source === "workbench" ? "Workbench settings" : "Other settings";
  const job = segmentationJob(wb, settings, naming, title, invalidated);
  return {
    status: job.status,
    promise: job.promise.then((r) => {
      if (!r) return null;
      const labeling = clusterLabeling(r.labels, r.segments.map((s) => s.name), r.groups);
      return { title, detail: describeSettings(settings), labeling, groups: labeling.names.length - r.segments.length };
    }),
  };
}
