/**
 * The segment workbench's result views: each takes a finished clustering (or sweep) and returns the
 * DOM the page displays, with its download buttons and the data-testid hooks the browser tests read.
 * Text from exports and the config goes through htl's `html` (escaped) or textContent.
 */
import { html } from "npm:htl";
import type { ClusterResult, SweepJobResult } from "../browser/workerClient.js";
import { stabilityVerdict } from "../lib/cluster/verdicts.js";
import { formatJson, segmentationFile } from "../lib/config/saveConfig.js";
import { formatCount, formatDecimal, formatShare } from "../lib/io/format.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import type { RunSettings } from "../lib/segments/clusterSettings.js";
import { describeSettings, type Renamed } from "../lib/segments/labelings.js";
import { isListedGroup } from "../lib/segments/outside.js";
import type { SaveDecision } from "../lib/segments/saving.js";
import { shareRecords } from "../lib/segments/shareRecords.js";
import { centroidCells, centroidHeatmap } from "./centroidHeatmap.js";
import { labelColors } from "./colors.js";
import { downloadable, downloadTable, saveText } from "./download.js";
import { groupRow, segmentTable } from "./segmentTable.js";
import { axisType, segmentScatter, type SegmentPoint } from "./segmentScatter.js";
import { shareBars } from "./shareBars.js";
import { SWEEP_MEASURES, sweepChart } from "./sweepChart.js";

/** A finished workbench clustering: the worker's result and the settings it ran with. */
export type Clustering = ClusterResult & { settings: RunSettings };
export type Segment = Renamed<NonNullable<ClusterResult["segments"]>[number]>;

/** The segment table, then the groups kept out of the clustering, with its measures line (data-testid="clustering"). */
export function clusteringSummary(result: Clustering, segments: readonly Segment[], currency: string | null = null): HTMLElement {
  const m = result.metrics;
  const summary = segments.map((s) => ({ segment: s.segment, name: s.name, customers: s.customers, revenue: s.revenue }));
  // Groups with customers only (an empty one is no row of zeros); each keeps its colour among all groups.
  const listed = result.groups.filter(isListedGroup);
  const groups = listed.map(groupRow);
  const colors = labelColors(segments.length, result.groups.length).filter((_, i) => i < segments.length || isListedGroup(result.groups[i - segments.length]));
  const csv = () =>
    recordsCsv([
      ...segments.map((s) => ({
        segment: s.segment,
        name: s.name,
        kept_out_of_clustering: "no",
        customers: s.customers,
        customer_share: s.customerShare,
        revenue: s.revenue,
        revenue_share: s.revenueShare,
        avg_order_value: s.avgOrderValue,
        median_recency_days: s.medianRecencyDays,
        median_orders: s.medianFrequency,
        median_revenue: s.medianMonetary,
        archetype: s.archetype,
        action: s.action,
        ...Object.fromEntries(Object.entries(s.centroid).map(([f, x]) => [`centroid_${f}`, x])),
      })),
      ...listed.map((g) => ({
        segment: g.code,
        name: g.label,
        kept_out_of_clustering: "yes",
        customers: g.customers,
        customer_share: g.customerShare,
        revenue: g.revenue,
        revenue_share: g.revenueShare,
        avg_order_value: g.avgOrderValue,
        median_recency_days: g.medianRecencyDays,
        median_orders: g.medianFrequency,
        median_revenue: g.medianMonetary,
        archetype: "",
        action: g.reason,
      })),
    ]);
  const outside = result.n - result.clustered;
  return html`<div data-testid="clustering" data-k=${result.k} data-signature=${result.signature} data-segments=${JSON.stringify(summary)} data-outside=${outside}>
    <p class="muted">${describeSettings(result.settings)} · ${formatCount(result.n)} customers${outside ? `, ${formatCount(result.clustered)} of them clustered` : ""}.</p>
    ${downloadable(segmentTable([...segments, ...groups], { colors, actions: true, currency }), { name: `Segments k=${result.k}`, image: false, csv })}
    <p class="muted">${result.method === "k-prototypes" ? `k-prototypes (γ ${result.gamma?.toFixed(3)}): cost` : "Inertia"} ${result.inertia.toFixed(1)} after ${result.iterations} iterations ·
      silhouette ${m.silhouette.toFixed(3)}${m.silhouetteSampled ? ` (on a sample of ${formatCount(m.silhouetteRows)})` : ""} ·
      Calinski–Harabasz ${m.calinskiHarabasz.toFixed(1)} · Davies–Bouldin ${m.daviesBouldin.toFixed(3)} ·
      variance explained ${formatShare(result.description.varianceExplained)}.</p>
  </div>`;
}

/** Customer share against revenue share per segment, with the CSV of sizes. */
export function segmentSizes(segments: readonly Segment[], options: { width?: number } = {}): HTMLElement {
  const chart = shareBars(shareRecords(segments), { width: options.width, title: "Segment sizes: share of customers and of revenue" });
  const csv = () => recordsCsv(segments.map((s) => ({ segment: s.name, customers: s.customers, customer_share: s.customerShare, revenue: s.revenue, revenue_share: s.revenueShare })));
  return downloadable(chart, { name: "Segment sizes", csv });
}

/** The Save buttons, why saving is not possible, what changed from the committed file (data-testid="save"). */
export function savePanel(decision: SaveDecision, result: Clustering, file: string): HTMLElement {
  const { section, text, problem, changed, duplicateNames } = decision;
  const saveConfig = html`<button type="button" data-testid="save-config">Save ${file}</button>` as HTMLButtonElement;
  const saveSection = html`<button type="button" data-testid="save-section">Save the segmentation section only</button>` as HTMLButtonElement;
  saveConfig.disabled = saveSection.disabled = text === null;
  saveConfig.onclick = () => text !== null && saveText(text, file, "application/json");
  saveSection.onclick = () => saveText(segmentationFile(section), "segmentation.json", "application/json");
  const pre = document.createElement("pre");
  pre.className = "saved-section";
  pre.textContent = formatJson({ segmentation: section });
  return html`<div data-testid="save" data-segmentation=${JSON.stringify(section)} data-k=${section.k} data-signature=${result.signature}>
    <p>${saveConfig} ${saveSection}</p>
    ${problem ? html`<p class="warning" data-testid="save-problem">${problem}</p>` : ""}
    ${duplicateNames.length ? html`<p class="warning">Two or more segments are named ${duplicateNames.map((d) => JSON.stringify(d)).join(", ")}: the report shows them as separate segments with the same name.</p>` : ""}
    <p class="muted">${changed.length ? `Changed from the committed ${file}: ${changed.join(", ")}.` : `The same segmentation as the committed ${file}.`}
      Replace the committed file with the saved one (only its <code>segmentation</code> section differs) and rebuild: <code>npm run build</code>, or check first with <code>npm run -s workbench -- report --config ${file} --out report.json</code>.</p>
    <details><summary>The segmentation section</summary>${pre}</details>
  </div>`;
}

/** The centroid heatmap (data-testid="centroid-heatmap"), segment profiles and feature separation tables. */
export function separationViews(result: Clustering, segments: readonly Segment[], options: { width?: number } = {}): HTMLElement {
  const { description } = result;
  const names = segments.map((s) => s.name);
  const featureNames = description.features.map((f) => f.name);
  const cells = centroidCells(description, names);
  const heatmap = centroidHeatmap(cells, { features: featureNames, segments: names, width: options.width });
  const csv = () => recordsCsv(cells.map((d) => ({ segment: d.segment, feature: d.feature, z_score: d.z, segment_mean: d.mean, overall_mean: d.overall })));
  return html`<div>
    <div data-testid="centroid-heatmap">${downloadable(heatmap, { name: "Centroid z-scores", csv })}</div>
    ${downloadTable(
      description.clusters,
      [
        { label: "Segment", value: (c) => names[c.cluster] },
        { label: "Profile", value: (c) => c.profileName },
        { label: "Customers", numeric: true, value: (c) => formatCount(c.size), csv: (c) => c.size },
        { label: "Share", numeric: true, value: (c) => formatShare(c.share), csv: (c) => c.share },
        ...featureNames.map((name, j) => ({
          label: `${name}: mean (× overall)`,
          numeric: true,
          csv: (c: (typeof description.clusters)[number]) => c.features[j].mean,
          value: (c: (typeof description.clusters)[number]) => {
            const f = c.features[j];
            return `${formatDecimal(f.mean)} (${f.ratio === null ? "–" : `× ${f.ratio.toFixed(2)}`})`;
          },
        })),
      ],
      { name: "Segment profiles", caption: "Each segment's mean of every clustering feature, against the mean over all customers" },
    )}
    ${downloadTable(
      description.features,
      [
        { label: "Feature", value: (f) => f.name },
        { label: "Variance explained", numeric: true, value: (f) => formatShare(f.varianceExplained), csv: (f) => f.varianceExplained },
        { label: "F statistic", numeric: true, value: (f) => (Number.isFinite(f.F) ? formatDecimal(f.F) : "–"), csv: (f) => f.F },
      ],
      { name: "Feature separation", caption: "How strongly the segments differ on each feature (between-segment over total sum of squares, and the one-way ANOVA F), after log and scaling" },
    )}
  </div>`;
}

/** The stability verdict (data-testid="stability") and the ARI of each run. */
export function stabilityView(s: NonNullable<ClusterResult["stability"]>): HTMLElement {
  return html`<div>
    <p data-testid="stability" data-mean=${s.mean.toFixed(4)}><strong>Mean adjusted Rand index ${s.mean.toFixed(3)}</strong> (lowest ${s.min.toFixed(3)}) over ${s.ari.length} runs: ${stabilityVerdict(s)}.</p>
    ${downloadTable(
      s.seeds.map((seed, i) => ({ seed, ari: s.ari[i] })),
      [
        { label: "Seed", numeric: true, value: (d) => d.seed },
        { label: "Adjusted Rand index against this clustering", numeric: true, value: (d) => d.ari.toFixed(3), csv: (d) => d.ari },
      ],
      { name: "Stability" },
    )}
  </div>`;
}

/**
 * Customers in the feature space: `x` against `y`, for the rows `shown` (a seeded sample),
 * coloured by segment. `xValues` and `yValues` are the features' values of the rows shown, in the
 * order of `shown` (the page reads just those from the worker that holds the table).
 */
export function featureScatterView(
  result: Clustering,
  segments: readonly Segment[],
  axes: { x: string; y: string; xValues: ArrayLike<number>; yValues: ArrayLike<number> },
  shown: ArrayLike<number>,
  options: { width?: number } = {},
): HTMLElement {
  // Segments, then the groups kept out of the clustering (label codes k …), in grey.
  const names = [...segments.map((s) => s.name), ...result.groups.map((g) => g.label)];
  const colors = labelColors(segments.length, result.groups.length);
  const { x, y } = axes;
  const points: SegmentPoint[] = Array.from(shown, (i, p) => ({ x: axes.xValues[p], y: axes.yValues[p], segment: names[result.labels[i]] }));
  const sampled = shown.length < result.n ? ` (a sample of ${formatCount(shown.length)} customers)` : "";
  const scatter = segmentScatter(points, { title: `${x} against ${y}${sampled}`, x, y, xType: axisType(x), yType: axisType(y), segments: names, colors, width: options.width });
  return html`<div data-testid="feature-scatter" data-points=${points.length}>${downloadable(scatter, { name: `${x} against ${y}`, csv: () => recordsCsv(points.map((p) => ({ [x]: p.x, [y]: p.y, segment: p.segment }))) })}</div>`;
}

/** The first two principal components (data-testid="pca") of the rows `shown`, coloured by segment. */
export function pcaView(result: Clustering, segments: readonly Segment[], shown: ArrayLike<number>, options: { width?: number } = {}): HTMLElement {
  // Segments, then the groups kept out of the clustering (label codes k …).
  const names = [...segments.map((s) => s.name), ...result.groups.map((g) => g.label)];
  const colors = labelColors(segments.length, result.groups.length);
  const { projection } = result;
  // Customers kept out of the clustering have no place in its space.
  const pcaPoints: SegmentPoint[] = Array.from(shown, (i) => ({ x: projection.x[i], y: projection.y[i], segment: names[result.labels[i]] })).filter((p) => Number.isFinite(p.x));
  const loadings = result.method === "k-means" ? projection.loadings : [];
  const pca = segmentScatter(pcaPoints, {
    title: `First two principal components of the ${result.method === "k-means" ? "prepared features" : "k-prototypes space (numbers, and categories one-hot scaled by √(γ/2))"}: ${formatShare(projection.explained[0])} and ${formatShare(projection.explained[1] ?? 0)} of the variance`,
    subtitle: loadings.length ? `PC 1 = ${result.settings.features.map((f, j) => `${(loadings[0]?.[j] ?? 0).toFixed(2)}·${f}`).join(" + ")}` : "",
    x: "PC 1",
    y: "PC 2",
    segments: names.slice(0, segments.length),
    colors,
    width: options.width,
  });
  return html`<div data-testid="pca" data-points=${pcaPoints.length}>${downloadable(pca, { name: "PCA scatter", csv: () => recordsCsv(pcaPoints.map((p) => ({ pc1: p.x, pc2: p.y, segment: p.segment }))) })}</div>`;
}

/** The sweep's recommendation with a button to use it, its four measures and table (data-testid="sweep"). */
export function sweepView(s: SweepJobResult, onUse: (k: number) => void, options: { width?: number } = {}): HTMLElement {
  const use = html`<button type="button" data-testid="use-recommended">Use k = ${s.k}</button>` as HTMLButtonElement;
  use.onclick = () => onUse(s.k);
  const width = Math.floor(((options.width ?? 640) - 16) / 2);
  const charts = SWEEP_MEASURES.map(([title, key]) =>
    html`<div>${downloadable(sweepChart(s.rows, { title, measure: key, recommended: s.k, width }), { name: `Sweep ${key}`, csv: () => recordsCsv(s.rows.map((r) => ({ k: r.k, [key]: r[key] }))) })}</div>`,
  );
  return html`<div data-testid="sweep" data-recommended=${s.k}>
    <p><strong>Recommended: k = ${s.k}</strong>. ${s.reason}. ${use}</p>
    <div class="grid grid-cols-2">${charts}</div>
    ${downloadTable(
      s.rows,
      [
        { label: "k", numeric: true, value: (r) => r.k },
        { label: "Inertia", numeric: true, value: (r) => r.inertia.toFixed(1), csv: (r) => r.inertia },
        { label: "Silhouette", numeric: true, value: (r) => r.silhouette.toFixed(3), csv: (r) => r.silhouette },
        { label: "Calinski–Harabasz", numeric: true, value: (r) => r.calinskiHarabasz.toFixed(1), csv: (r) => r.calinskiHarabasz },
        { label: "Davies–Bouldin", numeric: true, value: (r) => r.daviesBouldin.toFixed(3), csv: (r) => r.daviesBouldin },
        { label: "Iterations", numeric: true, value: (r) => r.iterations },
        { label: "Segment sizes", value: (r) => r.sizes.join(" / ") },
      ],
      { name: "Sweep" },
    )}
    <p class="muted">Silhouette ${s.silhouetteSampled ? `on a seeded sample of ${formatCount(s.silhouetteRows)} customers` : `on all ${formatCount(s.silhouetteRows)} customers`}.</p>
  </div>`;
}

/**
 * Each categorical feature's make-up per segment (k-prototypes): the mode and its share, and every
 * category's share of the segment against everyone's (data-testid="category-shares"). Empty for k-means.
 */
export function categoryViews(result: Clustering, segments: readonly Segment[]): HTMLElement {
  if (!result.categorical.length || !result.categorical[0]?.length) return html`<div></div>`;
  const names = segments.map((s) => s.name);
  const rows = result.categorical.flatMap((features, c) =>
    features.flatMap((f) => f.categories.map((cat) => ({ segment: names[c], feature: f.name, category: cat.value, mode: cat.value === f.mode, share: cat.share, everyone: cat.overallShare, customers: cat.count }))),
  );
  return html`<div data-testid="category-shares">${downloadTable(
    rows.filter((r) => r.customers > 0),
    [
      { label: "Segment", value: (r) => r.segment },
      { label: "Feature", value: (r) => r.feature },
      { label: "Category", value: (r) => (r.mode ? `${r.category} (mode)` : r.category), csv: (r) => r.category },
      { label: "Customers", numeric: true, value: (r) => formatCount(r.customers), csv: (r) => r.customers },
      { label: "Share of segment", numeric: true, value: (r) => formatShare(r.share), csv: (r) => r.share },
      { label: "Share of everyone", numeric: true, value: (r) => formatShare(r.everyone), csv: (r) => r.everyone },
    ],
    { name: "Category shares", caption: "Each categorical feature's categories in each segment (k-prototypes' prototypes take the mode) against all clustered customers" },
  )}</div>`;
}
