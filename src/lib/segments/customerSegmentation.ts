/**
 * The published segmentation of a project, whatever its features: the one call the report (and the
 * workbench's jobs) make. It decides the method, handles blanks, clusters, names and sizes the
 * segments, and keeps the customers it does not cluster in labelled groups:
 *
 * - **Method** (`chooseMethod`): k-means (`segmentation.ts`) when every feature is numeric; k-prototypes
 *   (`attributeSegmentation.ts`, Huang 1997) when a feature is categorical (text values, or listed in
 *   segmentation.categorical) or blanks get an indicator (a 0/1 category).
 * - **Blanks** (`segmentation.missing`, `missing.ts`): `exclude` leaves customers with a blank in a
 *   clustered feature out; they form "Not segmented (missing income)" groups, counted on every page.
 *   `median`/`mode` fill them, `indicator` fills and flags them. Never read as 0.
 * - **Names** (`chooseNaming`): archetypes from the segments' medians (playbook.ts) when every feature is
 *   a purchase behaviour of a project with transactions; otherwise what sets each segment apart in plain
 *   words (naming.ts): "Young, high spending score". Distinct either way; `segmentation.names` wins.
 * - **Value**: with transactions, net revenue; in a customers-only project, the sum of
 *   report.valueColumns (or none), and no purchase medians.
 *
 * Labels: segments are 0 … k − 1 (by size); a group kept out of the clustering is k + its index, as
 * the report's other groups (net returners) are, so arrays indexed by label list the segments, then
 * the groups. Every customer is in one segment or one group, and their sizes add up.
 */
import type { SegmentationConfig } from "../config/config.js";
import { describeClusters } from "../cluster/describe.js";
import { kmeans, type KMeansProgress, type KMeansResult } from "../cluster/kmeans.js";
import { applyMissing, fitMissing, type FeatureSpec, type MissingPlan, type MissingStrategy } from "../cluster/missing.js";
import { prepare, toOriginalUnits, type PreparedModel, type WinsorizeOption } from "../cluster/prepare.js";
import type { KPrototypesProgress, MixedData } from "../cluster/kprototypes.js";
import { embedMixed } from "../cluster/mixed.js";
import { isBehaviourFeature } from "../features/featureColumns.js";
import { assignAttributeSegments, runAttributeSegmentation, type AttributeModel } from "./attributeSegmentation.js";
import { featureKinds, type FeatureKindsOptions } from "./featureKinds.js";
import { attributePlay } from "./attributePlay.js";
import { nameAttributeSegments, segmentTraits, type SegmentTraitsInput, type Trait } from "./naming.js";
import { archetypeOf, behaviourTraits, resolvePlay, type Archetype, type Play, type PlaybookOverrides } from "./playbook.js";
import { assignToModel } from "./migration.js";
import { runSegmentation, segmentationMatrix, type SegmentationInput } from "./segmentation.js";
import { median, round, summariseSegments, type FeatureColumns, type SegmentSummary } from "./summary.js";
import { clusteredColumns, OUTSIDE_RULES, splitOutside, type OutsideSplit } from "./outside.js";
import { featureOutliers, type FeatureOutliers } from "../cluster/outliers.js";

export type SegmentationMethod = "k-means" | "k-prototypes";
export type NamingKind = "archetypes" | "traits";

/** The figures of a segment or group: its size and value, and (with transactions) its typical customer's purchases. */
export interface SegmentFigures {
  segment: number;
  customers: number;
  /** Of all customers (segments and groups). */
  customerShare: number;
  /** Net revenue with transactions; the sum of report.valueColumns in a customers-only project; null without a value measure. */
  revenue: number | null;
  revenueShare: number | null;
  revenuePerCustomer: number | null;
  /** Purchase figures: null in a customers-only project. */
  avgOrderValue: number | null;
  medianRecencyDays: number | null;
  medianFrequency: number | null;
  medianMonetary: number | null;
  medianTenureDays: number | null;
}

/** A categorical feature's mode in a segment, its share there and among everyone clustered. */
export interface SegmentMode {
  name: string;
  mode: string;
  modeShare: number;
  overallShare: number;
}

export interface CustomerSegment extends SegmentFigures {
  /** segmentation.names' name, or the automatic one. */
  name: string;
  automaticName: string;
  /** The archetype its medians make (plays are keyed by it); null in a customers-only project. */
  archetype: Archetype | null;
  description: string;
  action: string;
  play: Play;
  /** What sets it apart, strongest first (standardized differences; category shares). */
  traits: Trait[];
  /** Numeric features' centre in original units (k-means centroid, k-prototypes prototype). */
  centroid: Record<string, number>;
  /** Categorical features: the segment's mode and its share (k-prototypes). */
  modes: SegmentMode[];
}

/** Customers kept out of the clustering, summarised like a segment (medians null when empty or without transactions). */
export interface OutsideGroup extends Omit<SegmentFigures, "segment"> {
  /** Stable id: "missing:<feature>+<feature>". */
  id: string;
  /** "Not segmented (missing income)". */
  label: string;
  /** "missing income". */
  reason: string;
  /** Its code in the label arrays: k + its index. */
  code: number;
  /** The blank features that put its customers here (none for a rule's group: net returners). */
  features: string[];
}

/** Blanks accounted: per feature, filled per feature, customers left out per reason. */
export interface MissingAccount {
  strategy: MissingStrategy;
  /** Customers in the feature table, and those clustered. */
  rows: number;
  clustered: number;
  missingByFeature: Record<string, number>;
  imputedByFeature: Record<string, number>;
  /** Customers not clustered per reason ("missing income" → 12): clustered + Σ = rows. */
  countsByReason: Record<string, number>;
  /** Indicator features added (strategy indicator). */
  indicators: string[];
}

export type SegmentationModel =
  | { method: "k-means"; features: FeatureSpec[]; missing: MissingPlan; prepared: PreparedModel; centroids: number[][] }
  | { method: "k-prototypes"; attribute: AttributeModel };

/** What a fit leaves besides its segments: the blanks' accounting, the model and its cost (shared by the result and the internal fit). */
export interface FitOutcome {
  missing: MissingAccount;
  /** Extreme values per numeric feature over the clustered customers (k-means; none for k-prototypes). */
  outliers: FeatureOutliers[];
  model: SegmentationModel;
  /** k-means inertia or the k-prototypes cost, over the clustered customers. */
  cost: number;
  iterations: number;
  /** k-prototypes' categorical weight; null for k-means. */
  gamma: number | null;
  gammaIsDefault: boolean | null;
}

export interface CustomerSegmentation extends FitOutcome {
  method: SegmentationMethod;
  naming: NamingKind;
  k: number;
  /** Each feature's kind, as clustered. */
  features: FeatureSpec[];
  /** Each customer's segment (0 … k − 1) or k + the index of its group. */
  labels: Int32Array;
  segments: CustomerSegment[];
  groups: OutsideGroup[];
  /** The whole base, summarised like a segment (segment = −1). */
  everyone: SegmentFigures;
  /**
   * The clustered customers (rows of the input) and their segments, in the space the method clusters in
   * (the prepared matrix for k-means; k-prototypes' embedding, where its dissimilarity is squared
   * Euclidean distance), and for k-prototypes the coded matrix it ran on.
   */
  clustered: { rows: Int32Array; labels: Int32Array; data: Float64Array; n: number; d: number; mixed: MixedData | null };
}

/** The config keys a segmentation reads. */
export type CustomerSegmentationConfig = Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit" | "names" | "actions" | "categorical" | "missing" | "gamma">;

export interface CustomerSegmentationOptions {
  /** Whether the project has transactions (then the columns include recency_days, frequency, monetary, tenure_days). */
  transactions: boolean;
  /** Customer ids, for messages. */
  ids?: ArrayLike<unknown>;
  /** Where each feature's values come from, for messages ("data/customers.csv (inputs.customers)"). */
  sources?: FeatureKindsOptions["sources"];
  /** Each customer's value in a customers-only project (report.valueColumns' sum), NaN when unknown; null for none. */
  value?: ArrayLike<number> | null;
  playbook?: PlaybookOverrides;
  winsorize?: WinsorizeOption;
  onProgress?: (progress: KMeansProgress | KPrototypesProgress) => void;
  /**
   * k-means' fit of clusteringMatrix(columns, config, options)'s prepared matrix with the config's k,
   * seed and restarts, computed elsewhere (the workbench's jobs run it on a team of workers, jobs.ts);
   * without it k-means runs here. Only for a segmentation k-means clusters.
   */
  fit?: KMeansResult;
}

/** k-means for numeric features, k-prototypes with a categorical feature or indicator blanks. */
export function chooseMethod(features: readonly FeatureSpec[], missing: MissingStrategy): SegmentationMethod {
  return features.some((f) => f.kind === "categorical") || missing === "indicator" ? "k-prototypes" : "k-means";
}

/** The features clustered as categories. */
function categoricalNames(features: readonly FeatureSpec[]): string[] {
  return features.filter((f) => f.kind === "categorical").map((f) => f.name);
}

/** Archetypes when every feature is a purchase behaviour of a project with transactions; plain-words traits otherwise. */
export function chooseNaming(features: readonly FeatureSpec[], transactions: boolean): NamingKind {
  return transactions && features.every((f) => f.kind === "numeric" && isBehaviourFeature(f.name)) ? "archetypes" : "traits";
}

const BEHAVIOUR_COLUMNS = ["recency_days", "frequency", "monetary", "tenure_days"] as const;

function pick<T>(values: ArrayLike<T>, rows: ArrayLike<number>): T[] {
  return Array.from(rows, (i) => values[i]);
}

/** Sizes and value of every label code (segments, then groups) over all customers. */
export function summariseLabels(columns: Readonly<Record<string, ArrayLike<unknown>>>, labels: Int32Array, codes: number, options: { transactions: boolean; value?: ArrayLike<number> | null }): SegmentFigures[] {
  if (options.transactions) return summariseSegments(columns as unknown as FeatureColumns, labels, codes);
  const n = labels.length;
  const value = options.value ?? null;
  const tenure = columns.tenure_days as ArrayLike<number | null> | undefined;
  let total = 0;
  if (value) for (let i = 0; i < n; i++) if (Number.isFinite(value[i])) total += value[i];
  const members: number[][] = Array.from({ length: codes }, () => []);
  for (let i = 0; i < n; i++) members[labels[i]].push(i);
  return members.map((rows, segment) => {
    let revenue: number | null = null;
    if (value) {
      revenue = 0;
      for (const i of rows) if (Number.isFinite(value[i])) revenue += value[i];
    }
    const tenures = tenure ? rows.map((i) => tenure[i]).filter((x): x is number => x !== null && x !== undefined && Number.isFinite(Number(x))).map(Number) : [];
    return {
      segment,
      customers: rows.length,
      customerShare: round(n ? rows.length / n : 0, 4),
      revenue: revenue === null ? null : round(revenue),
      revenueShare: revenue === null ? null : round(total ? revenue / total : 0, 4),
      revenuePerCustomer: revenue === null ? null : round(rows.length ? revenue / rows.length : 0),
      avgOrderValue: null,
      medianRecencyDays: null,
      medianFrequency: null,
      medianMonetary: null,
      medianTenureDays: tenures.length ? median(tenures) : null,
    };
  });
}

interface Clustered extends FitOutcome {
  /** Rows clustered (ascending) and their segments. */
  rows: Int32Array;
  mixed: MixedData | null;
  labels: Int32Array;
  k: number;
  data: Float64Array;
  n: number;
  d: number;
  /** Per segment: numeric trait inputs and modes. */
  traitInputs: (SegmentTraitsInput & { size: number })[];
  centroids: Record<string, number>[];
  modes: SegmentMode[][];
  excluded: { id?: string; reason: string; label: string; features: string[]; rows: Int32Array }[];
  /** Names the k-means run gave (archetypes, distinct), when naming is by archetype. */
  archetypeNames: string[] | null;
}

/** The matrix runSegmentation prepares from these columns (a fit computed elsewhere goes with it). */
function runPrepared(subset: Record<string, ArrayLike<unknown>>, config: CustomerSegmentationConfig, options: CustomerSegmentationOptions) {
  return segmentationMatrix(subset as unknown as SegmentationInput, config, { winsorize: options.winsorize, outside: [] });
}

function clusterKMeans(columns: Readonly<Record<string, ArrayLike<unknown>>>, config: CustomerSegmentationConfig, features: FeatureSpec[], options: CustomerSegmentationOptions, naming: NamingKind): Clustered {
  const plan = fitMissing(columns, features, config.missing, { ids: options.ids });
  const filled = applyMissing(plan, columns, { ids: options.ids });
  const names = features.map((f) => f.name);
  if (filled.rows.length < config.k) {
    const why = filled.excluded.length ? ` (${filled.excluded.map((g) => `${g.count} ${g.reason}`).join(", ")})` : "";
    throw new Error(`segmentation.k is ${config.k} but only ${filled.rows.length} of ${filled.n} customers can be clustered${why}: lower segmentation.k or choose another segmentation.missing`);
  }
  const numeric: Record<string, Float64Array> = filled.numeric;
  let labels: Int32Array;
  let centroidsPrepared: number[][];
  let prepared;
  let cost: number;
  let iterations: number;
  let archetypeNames: string[] | null = null;
  let outliers: FeatureOutliers[] | null = null;
  if (options.transactions && naming === "archetypes") {
    // The same call the workbench's k-means jobs make: archetype names from the clustered customers' medians.
    const subset: Record<string, ArrayLike<unknown>> = { customer_id: pick(columns.customer_id ?? Array.from({ length: filled.n }, (_, i) => String(i)), filled.rows), ...numeric };
    for (const c of BEHAVIOUR_COLUMNS) if (columns[c] && !(c in numeric)) subset[c] = pick(columns[c], filled.rows);
    // The groups kept out by rule (net returners) are already out (segmentCustomers): no second split.
    const run = runSegmentation(subset as unknown as SegmentationInput, { ...config, names: config.names, actions: config.actions }, { winsorize: options.winsorize, onProgress: options.onProgress, outside: [], fit: options.fit ? { prepared: runPrepared(subset, config, options), kmeans: options.fit } : undefined });
    labels = run.labels;
    centroidsPrepared = run.centroids;
    prepared = run.prepared;
    cost = run.inertia;
    iterations = run.iterations;
    archetypeNames = run.segments.map((s) => s.name);
    // Of the same columns and model: not computed twice (a pass over every customer's features).
    outliers = run.outliers;
  } else {
    prepared = prepare(numeric, names, { log: config.log, scaling: config.scale, winsorize: options.winsorize });
    if (options.fit && options.fit.labels.length !== prepared.n) throw new Error(`segmentCustomers: the fit has ${options.fit.labels.length} rows for ${prepared.n} clustered customers`);
    const fit = options.fit ?? kmeans(prepared.data, prepared.n, prepared.d, { k: config.k, seed: config.seed, nInit: config.nInit, onProgress: options.onProgress });
    labels = fit.labels;
    centroidsPrepared = fit.centroids;
    cost = round(fit.inertia, 6);
    iterations = fit.iterations;
  }
  const description = describeClusters(prepared, labels, centroidsPrepared, { columns: numeric });
  outliers ??= featureOutliers(prepared.model, numeric);
  return {
    rows: filled.rows,
    mixed: null,
    labels,
    k: config.k,
    data: prepared.data,
    n: prepared.n,
    d: prepared.d,
    traitInputs: description.clusters.map((c) => ({ numeric: c.features.map((f) => ({ name: f.name, mean: f.mean, overallMean: f.overallMean, standardized: f.standardized })), categorical: [], size: c.size })),
    centroids: centroidsPrepared.map((c) => Object.fromEntries(toOriginalUnits(prepared.model, c).map((x, j) => [names[j], round(x, 2)]))),
    modes: centroidsPrepared.map(() => []),
    excluded: filled.excluded.map((g) => ({ reason: g.reason, label: g.label, features: g.features, rows: g.rows })),
    missing: { strategy: config.missing, rows: filled.n, clustered: filled.rows.length, missingByFeature: filled.missingByFeature, imputedByFeature: filled.imputedByFeature, countsByReason: filled.countsByReason, indicators: [] },
    model: { method: "k-means", features, missing: plan, prepared: prepared.model, centroids: centroidsPrepared },
    outliers,
    cost,
    iterations,
    gamma: null,
    gammaIsDefault: null,
    archetypeNames,
  };
}

function clusterKPrototypes(columns: Readonly<Record<string, ArrayLike<unknown>>>, config: CustomerSegmentationConfig, features: readonly FeatureSpec[], options: CustomerSegmentationOptions): Clustered {
  const result = runAttributeSegmentation(
    columns,
    // The kinds decided over every customer (segmentCustomers), not again over the rows the rules left.
    { features: config.features, categorical: categoricalNames(features), log: config.log, scale: config.scale, k: config.k, seed: config.seed, nInit: config.nInit, gamma: config.gamma, missing: config.missing },
    { ids: options.ids, winsorize: options.winsorize, onProgress: options.onProgress },
  );
  const embedded = embedMixed(result.matrix, result.gamma);
  const clusteredLabels = Int32Array.from(result.rows, (row) => result.labels[row]);
  return {
    rows: result.rows,
    mixed: result.matrix,
    labels: clusteredLabels,
    k: config.k,
    data: embedded.data,
    n: embedded.n,
    d: embedded.d,
    traitInputs: result.description.clusters.map((c) => ({
      numeric: c.numeric.map((f) => ({ name: f.name, mean: f.mean, overallMean: f.overallMean, standardized: f.standardized })),
      categorical: c.categorical.map((f) => ({ name: f.name, mode: f.mode, modeShare: f.modeShare, overallShare: f.overallShare })),
      size: c.size,
    })),
    centroids: result.description.clusters.map((c) => Object.fromEntries(Object.entries(c.prototype.numeric).map(([f, x]) => [f, round(x, 2)]))),
    modes: result.description.clusters.map((c) => c.categorical.map((f) => ({ name: f.name, mode: f.mode, modeShare: round(f.modeShare, 4), overallShare: round(f.overallShare, 4) }))),
    excluded: result.notSegmented.map((g) => ({ reason: g.reason, label: g.label, features: g.features, rows: g.rows })),
    missing: { ...result.missing, indicators: result.model.missing.indicators.map((i) => i.name) },
    model: { method: "k-prototypes", attribute: result.model },
    outliers: [],
    cost: round(result.cost, 6),
    iterations: result.iterations,
    gamma: result.gamma,
    gammaIsDefault: result.model.mixed.gammaIsDefault,
    archetypeNames: null,
  };
}

/**
 * A clustering of the rows the rules left (split.clustered) in terms of every row: its rows mapped
 * back, and the rules' groups (every rule's, empty ones included, so codes stay put) before its own.
 */
function withRuleGroups(clustered: Clustered, split: OutsideSplit | null): Clustered {
  if (!split) return clustered;
  const back = (rows: Int32Array) => Int32Array.from(rows, (row) => split.clustered[row]);
  const ruleGroups = OUTSIDE_RULES.map((rule, g) => {
    const rows: number[] = [];
    split.group.forEach((group, i) => group === g && rows.push(i));
    return { id: rule.id, reason: rule.reason, label: rule.label, features: [], rows: Int32Array.from(rows) };
  });
  // The accounting covers every customer: the rules' groups are customers not clustered too, by their label.
  const ruleCounts = Object.fromEntries(ruleGroups.filter((g) => g.rows.length).map((g) => [g.label.toLowerCase(), g.rows.length]));
  const missing = { ...clustered.missing, rows: split.group.length, countsByReason: { ...ruleCounts, ...clustered.missing.countsByReason } };
  return { ...clustered, rows: back(clustered.rows), missing, excluded: [...ruleGroups, ...clustered.excluded.map((g) => ({ ...g, rows: back(g.rows) }))] };
}

/** Each customer's label: its segment, or k + its group's index. */
function fullLabels(n: number, clustered: Pick<Clustered, "rows" | "labels" | "k" | "excluded">): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  clustered.rows.forEach((row, j) => (labels[row] = clustered.labels[j]));
  clustered.excluded.forEach((g, index) => g.rows.forEach((row) => (labels[row] = clustered.k + index)));
  const lost = labels.indexOf(-1);
  if (lost >= 0) throw new Error(`customer row ${lost + 1} is neither clustered nor in a group: a bug in the segmentation`);
  return labels;
}

/** The base medians archetypes are measured against (over every customer). */
function baseMedians(columns: Readonly<Record<string, ArrayLike<unknown>>>) {
  const numbers = (name: string) => Array.from(columns[name] as ArrayLike<number>, Number);
  return {
    recency: median(numbers("recency_days")),
    frequency: median(numbers("frequency")),
    monetary: median(numbers("monetary")),
    tenure: columns.tenure_days ? median(numbers("tenure_days")) : null,
  };
}

/** The project's segmentation (see the module comment). `columns`: one array per feature-table column needed, rows in customer order. */
export function segmentCustomers(columns: Readonly<Record<string, ArrayLike<unknown>>>, config: CustomerSegmentationConfig, options: CustomerSegmentationOptions): CustomerSegmentation {
  const features = featureKinds(columns, config.features, config.categorical, { ids: options.ids, sources: options.sources });
  const method = chooseMethod(features, config.missing);
  const naming = chooseNaming(features, options.transactions);
  const n = columns[config.features[0]]?.length ?? 0;
  // One mechanism for every group kept out of the clustering: the rules' groups first (net returners,
  // src/lib/segments/outside.ts; a project with transactions only), then the blanks' groups
  // ("Not segmented (missing income)"), codes k + index in that order.
  const split = options.transactions ? splitOutside(columns, n, OUTSIDE_RULES) : null;
  if (split && split.clustered.length < config.k) {
    const outside = OUTSIDE_RULES.map((r, g) => `${split.counts[g]} ${r.label.toLowerCase()}`).join(", ");
    throw new Error(`segmentation.k is ${config.k}: cannot make ${config.k} clusters from ${split.clustered.length} customers (${n} in all, ${outside} kept out of the clustering): lower segmentation.k`);
  }
  const inner = split ? clusteredColumns(columns, split) : columns;
  const innerOptions = split ? { ...options, ids: options.ids ? pick(options.ids, split.clustered) : undefined, value: options.value ? pick(options.value, split.clustered) : options.value } : options;
  const clustered = withRuleGroups(method === "k-means" ? clusterKMeans(inner, config, features, innerOptions, naming) : clusterKPrototypes(inner, config, features, innerOptions), split);
  const { k } = config;
  const labels = fullLabels(n, clustered);
  const figures = summariseLabels(columns, labels, k + clustered.excluded.length, { transactions: options.transactions, value: options.value });
  const automatic = naming === "archetypes" && clustered.archetypeNames ? clustered.archetypeNames : nameAttributeSegments(clustered.traitInputs);
  const fixed = Array.from({ length: k }, (_, c) => config.names[String(c)]);
  const names = naming === "archetypes" && clustered.archetypeNames ? clustered.archetypeNames : fixed.some((f) => f !== undefined) ? nameAttributeSegments(clustered.traitInputs, { fixed }) : automatic;
  const base = options.transactions ? baseMedians(columns) : null;
  const segments: CustomerSegment[] = Array.from({ length: k }, (_, c) => {
    const summary = figures[c];
    const archetype = base ? archetypeOf(summary as SegmentSummary, base) : null;
    const traits = naming === "archetypes" && base ? behaviourTraits(summary as SegmentSummary, base) : segmentTraits(clustered.traitInputs[c]);
    const override = config.actions[String(c)];
    const play = archetype ? resolvePlay(archetype, options.playbook, override) : attributePlay(segmentTraits(clustered.traitInputs[c]), clustered.traitInputs[c], override);
    return {
      ...summary,
      name: names[c],
      automaticName: automatic[c],
      archetype,
      description: play.description,
      action: play.action,
      play,
      traits,
      centroid: clustered.centroids[c],
      modes: clustered.modes[c],
    };
  });
  const groups: OutsideGroup[] = clustered.excluded.map((g, index) => {
    const { segment: _, ...summary } = figures[k + index];
    const empty = summary.customers === 0;
    return {
      id: g.id ?? `missing:${g.features.join("+")}`,
      label: g.label,
      reason: g.reason,
      code: k + index,
      features: g.features,
      ...summary,
      // Medians rounded as summariseOutside rounds a rule group's (outside.ts), so the workbench's and the report's agree.
      medianRecencyDays: summary.medianRecencyDays === null ? null : round(summary.medianRecencyDays),
      medianFrequency: summary.medianFrequency === null ? null : round(summary.medianFrequency),
      medianMonetary: summary.medianMonetary === null ? null : round(summary.medianMonetary),
      ...(empty ? { medianRecencyDays: null, medianFrequency: null, medianMonetary: null } : {}),
    };
  });
  const everyone = { ...summariseLabels(columns, new Int32Array(n), 1, { transactions: options.transactions, value: options.value })[0], segment: -1 };
  return {
    method,
    naming,
    k,
    features,
    labels,
    segments,
    groups,
    everyone,
    missing: clustered.missing,
    outliers: clustered.outliers,
    model: clustered.model,
    cost: clustered.cost,
    iterations: clustered.iterations,
    gamma: clustered.gamma,
    gammaIsDefault: clustered.gammaIsDefault,
    clustered: { rows: clustered.rows, labels: clustered.labels, data: clustered.data, n: clustered.n, d: clustered.d, mixed: clustered.mixed },
  };
}

/**
 * Another snapshot's customers (the report's earlier date, new customers) in a segmentation: blanks
 * handled as the model recorded, each clustered customer to the nearest centroid or prototype. A
 * customer left out for blanks gets the code of the current group with the same reason, or a new
 * code after them (`groupLabels` lists every group code's label from k on).
 */
export function assignCustomers(segmentation: Pick<CustomerSegmentation, "model" | "k" | "groups">, columns: Readonly<Record<string, ArrayLike<unknown>>>, options: { ids?: ArrayLike<unknown> } = {}): { labels: Int32Array; groupLabels: string[] } {
  // The same rules first (net returners), when the segmentation kept their groups out.
  const ruled = OUTSIDE_RULES.every((rule) => segmentation.groups.some((g) => g.id === rule.id));
  if (ruled) {
    const n = Object.values(columns).reduce((m, c) => Math.max(m, c?.length ?? 0), 0);
    const split = splitOutside(columns, n, OUTSIDE_RULES);
    const inner = assignClusterable(segmentation, clusteredColumns(columns, split), { ids: options.ids ? pick(options.ids, split.clustered) : undefined });
    const labels = new Int32Array(n);
    split.clustered.forEach((row, j) => (labels[row] = inner.labels[j]));
    split.group.forEach((g, i) => {
      if (g >= 0) labels[i] = segmentation.k + segmentation.groups.findIndex((group) => group.id === OUTSIDE_RULES[g].id);
    });
    return { labels, groupLabels: inner.groupLabels };
  }
  return assignClusterable(segmentation, columns, options);
}

function assignClusterable(segmentation: Pick<CustomerSegmentation, "model" | "k" | "groups">, columns: Readonly<Record<string, ArrayLike<unknown>>>, options: { ids?: ArrayLike<unknown> } = {}): { labels: Int32Array; groupLabels: string[] } {
  const { model, k } = segmentation;
  const groupLabels = segmentation.groups.map((g) => g.label);
  const codeOf = (label: string) => {
    let index = groupLabels.indexOf(label);
    if (index < 0) index = groupLabels.push(label) - 1;
    return k + index;
  };
  if (model.method === "k-prototypes") {
    const assigned = assignAttributeSegments(model.attribute, columns, options);
    const labels = Int32Array.from(assigned.labels);
    for (const group of assigned.notSegmented) {
      const code = codeOf(group.label);
      group.rows.forEach((row) => (labels[row] = code));
    }
    return { labels, groupLabels };
  }
  const filled = applyMissing(model.missing, columns, options);
  const labels = new Int32Array(filled.n).fill(-1);
  if (filled.rows.length) {
    const assigned = assignToModel(model.prepared, model.centroids, filled.numeric);
    filled.rows.forEach((row, j) => (labels[row] = assigned[j]));
  }
  for (const group of filled.excluded) {
    const code = codeOf(group.label);
    group.rows.forEach((row) => (labels[row] = code));
  }
  return { labels, groupLabels };
}

/**
 * The matrix a segmentation with these settings clusters (blanks handled, features prepared), for
 * the sweep over k: k-means' prepared matrix, or k-prototypes' coded matrix with its γ.
 */
export function clusteringMatrix(
  columns: Readonly<Record<string, ArrayLike<unknown>>>,
  config: Omit<CustomerSegmentationConfig, "k" | "names" | "actions">,
  options: { ids?: ArrayLike<unknown>; sources?: FeatureKindsOptions["sources"]; winsorize?: WinsorizeOption; transactions?: boolean } = {},
): { method: SegmentationMethod; rows: number; prepared: { data: Float64Array; n: number; d: number; model: PreparedModel } | null; mixed: MixedData | null; gamma: number | null } {
  // The kinds over every customer, as segmentCustomers decides them (and names the rows in its messages).
  const features = featureKinds(columns, config.features, config.categorical, options);
  if (options.transactions) {
    // The rows segmentCustomers clusters: the rules' groups (net returners) kept out first.
    const n = columns[config.features[0]]?.length ?? 0;
    const split = splitOutside(columns, n, OUTSIDE_RULES);
    const inner = { ...config, categorical: categoricalNames(features) };
    return clusteringMatrix(clusteredColumns(columns, split), inner, { ...options, ids: options.ids ? pick(options.ids, split.clustered) : undefined, transactions: false });
  }
  const method = chooseMethod(features, config.missing);
  if (method === "k-means") {
    const filled = applyMissing(fitMissing(columns, features, config.missing, options), columns, options);
    return { method, rows: filled.rows.length, prepared: prepare(filled.numeric, features.map((f) => f.name), { log: config.log, scaling: config.scale, winsorize: options.winsorize }), mixed: null, gamma: null };
  }
  // k = 2 only to fit the transforms, levels and γ: the sweep fits its own k-prototypes for every k.
  const fit = runAttributeSegmentation(columns, { ...config, categorical: categoricalNames(features), k: 2, nInit: 1 }, { ids: options.ids, winsorize: options.winsorize });
  return { method, rows: fit.rows.length, prepared: null, mixed: fit.matrix, gamma: fit.gamma };
}
