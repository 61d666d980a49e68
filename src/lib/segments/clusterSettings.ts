/**
 * From a page's settings to a clustering job for the worker: which feature columns it needs and the
 * job's config. The workbench, compare, SQL and lookup pages all build their jobs here, so the same
 * settings give the same job (and so the same labels) on every page.
 */
import type { SegmentationConfig } from "../config/config.js";
import type { ClusterConfig, SweepConfig } from "../cluster/jobs.js";

/**
 * Columns every clustering job gets besides its features: runSegmentation names segments and sums
 * their value from these (src/lib/segments/segmentation.ts).
 */
export const SEGMENT_COLUMNS: readonly string[] = ["recency_days", "frequency", "monetary", "tenure_days"];

/** RFM scores are numbers but not features: the RFM page shows them. */
export const RFM_SCORES: readonly string[] = ["r_score", "f_score", "m_score"];

/**
 * Features k-means can use, in the order given: number columns (RFM scores left out by the caller)
 * with a value for every customer.
 */
export function clusterableFeatures(numericNames: readonly string[], values: (name: string) => ArrayLike<number>): string[] {
  return numericNames.filter((name) => allFinite(values(name)));
}

/** A plain loop: every(Number.isFinite) takes some 3 times as long over a million values. */
function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/** The settings a clustering runs with: the config's segmentation keys, plus the page-only winsorizing. */
export interface RunSettings extends Pick<SegmentationConfig, "features" | "log" | "scale" | "k" | "seed" | "nInit"> {
  /** Percentiles to clip every feature at first (exploring only: the config has no such key). */
  winsorize: readonly [number, number] | null;
  /** Numeric features read as categories (segmentation.categorical); text features are categorical anyway. Default none. */
  categorical?: readonly string[];
  /** segmentation.missing; default "exclude". */
  missing?: SegmentationConfig["missing"];
  /** segmentation.gamma; default null (Huang's). */
  gamma?: number | null;
}

/** The feature columns a job over these features reads, each once, SEGMENT_COLUMNS first. */
export function jobColumns(features: readonly string[]): string[] {
  return [...new Set([...SEGMENT_COLUMNS, ...features])];
}

/**
 * Settings from the workbench's inputs, all but k (the sweep runs on these; a clustering adds k):
 * log transforms only of chosen features, a whole seed and at least one restart (the number inputs
 * accept anything).
 */
export function runSettings(inputs: Omit<RunSettings, "winsorize" | "k"> & { winsorize?: readonly [number, number] | null }): Omit<RunSettings, "k"> {
  const categorical = (inputs.categorical ?? []).filter((f) => inputs.features.includes(f));
  return {
    features: [...inputs.features],
    log: inputs.log.filter((f) => inputs.features.includes(f) && !categorical.includes(f)),
    scale: inputs.scale,
    seed: Math.round(inputs.seed),
    nInit: Math.max(1, Math.round(inputs.nInit)),
    winsorize: inputs.winsorize ?? null,
    categorical,
    missing: inputs.missing ?? "exclude",
    gamma: inputs.gamma === undefined || inputs.gamma === null || !(inputs.gamma > 0) ? null : inputs.gamma,
  };
}

/** What a clustering and a sweep share: the features, their preparation, the seed and restarts. */
function preparation(settings: Omit<RunSettings, "k">): SweepConfig {
  return {
    features: [...settings.features],
    log: [...settings.log],
    scale: settings.scale,
    seed: settings.seed,
    nInit: settings.nInit,
    categorical: [...(settings.categorical ?? [])],
    missing: settings.missing ?? "exclude",
    gamma: settings.gamma ?? null,
    ...(settings.winsorize ? { winsorize: [settings.winsorize[0], settings.winsorize[1]] as const } : {}),
  };
}

/**
 * The worker's config for a clustering. The worker always runs without name or action overrides
 * (pages apply them after, as the report does: applyOverrides in labelings.ts). `stabilityRuns`: 0
 * where only the labels are needed (compare, SQL, lookup); the worker's default otherwise.
 */
export function clusterConfig(settings: RunSettings, options: { stabilityRuns?: number; transactions?: boolean } = {}): ClusterConfig {
  return {
    ...preparation(settings),
    k: settings.k,
    ...(options.transactions !== undefined ? { transactions: options.transactions } : {}),
    names: {},
    actions: {},
    ...(options.stabilityRuns !== undefined ? { stabilityRuns: options.stabilityRuns } : {}),
  };
}

/** The worker's config for the sweep over k = kMin…kMax with the other settings. */
export function sweepConfig(settings: Omit<RunSettings, "k">, kMin = 2, kMax = 10): SweepConfig {
  return { ...preparation(settings), kMin, kMax };
}
