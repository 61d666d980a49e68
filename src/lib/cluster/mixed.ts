/**
 * Mixed-type clustering as a model: numeric features prepared as for k-means (`prepare.ts`:
 * winsorizing, log1p, scaling), categorical features coded (`categorical.ts`), then k-prototypes
 * (`kprototypes.ts`). The model records the numeric transforms, the categories, γ and the
 * prototypes, so `assignMixed` puts the rows of another snapshot (or new customers) into today's
 * segments, as `applyModel` + `assign` do for k-means.
 *
 * γ, the weight of one categorical mismatch, defaults to Huang's (1997) suggestion: half the mean
 * standard deviation of the prepared numeric features (he found γ between a third and two thirds
 * of it balanced the two parts). With z-scores every feature has standard deviation 1, so the
 * default is 0.5: a mismatch on one categorical feature costs as much as being √0.5 ≈ 0.71
 * standard deviations away on one numeric feature. A larger γ lets categories lead; with no
 * numeric feature (k-modes) γ only scales the cost and is 1.
 *
 * For the measures (`mixedMeasures.ts`), `embedMixed` writes the rows into the space where the
 * k-prototypes dissimilarity is the squared Euclidean distance: the numeric features, then each
 * categorical feature one-hot encoded and scaled by √(γ/2) (two rows that differ on it are γ apart
 * in squared distance, rows that agree 0).
 */
import type { Scaling } from "../config/config.js";
import { encodeColumn, fitLevels, type CategoricalEncoding } from "./categorical.js";
import { kprototypes, assignPrototypes, type KPrototypesProgress, type KPrototypesResult, type MixedData } from "./kprototypes.js";
import { applyModel, prepare, toOriginalUnits, type PreparedModel, type WinsorizeOption } from "./prepare.js";

/** The share of the numeric features' mean standard deviation that γ defaults to (Huang 1997). */
export const GAMMA_FACTOR = 0.5;

export interface MixedFeatures {
  numeric: readonly string[];
  categorical: readonly string[];
  /** Numeric features transformed with log1p before scaling. */
  log?: readonly string[];
  scaling: Scaling;
  winsorize?: WinsorizeOption;
}

export interface MixedMatrix extends MixedData {
  numericModel: PreparedModel;
  encodings: CategoricalEncoding[];
  /** Rows per categorical feature whose category the model had not seen (code −1). */
  unseen: Record<string, number>;
}

export interface MixedModel {
  method: "k-prototypes";
  k: number;
  seed: number;
  /** Numeric transforms (in feature order) and category levels (in feature order). */
  numeric: PreparedModel;
  categorical: CategoricalEncoding[];
  gamma: number;
  /** True when γ is the default (GAMMA_FACTOR × mean standard deviation), false when given. */
  gammaIsDefault: boolean;
  /** Prototypes: numeric centres in prepared space (k × p) and modes as category values (k × q). */
  centroids: number[][];
  modes: string[][];
}

type NumericColumns = Readonly<Record<string, ArrayLike<number>>>;
type CategoricalColumns = Readonly<Record<string, ArrayLike<unknown>>>;

function lengthOf(features: MixedFeatures, numeric: NumericColumns, categorical: CategoricalColumns): number {
  const first = features.numeric[0] ?? features.categorical[0];
  if (first === undefined) throw new Error("choose at least one feature to cluster on");
  const values = features.numeric.length ? numeric[first] : categorical[first];
  if (!values) throw new Error(`unknown feature "${first}"`);
  return values.length;
}

function checkDistinct(features: MixedFeatures): void {
  const all = [...features.numeric, ...features.categorical];
  const twice = all.find((name, i) => all.indexOf(name) !== i);
  if (twice) throw new Error(`feature "${twice}" is listed as both numeric and categorical, or twice`);
  const log = (features.log ?? []).find((name) => !features.numeric.includes(name));
  if (log) throw new Error(`feature "${log}": log1p applies to numeric features only`);
}

function categoricalPart(encodings: CategoricalEncoding[], columns: CategoricalColumns, n: number) {
  const q = encodings.length;
  const codes = new Int32Array(n * q);
  const unseen: Record<string, number> = {};
  encodings.forEach((encoding, s) => {
    const values = columns[encoding.name];
    if (!values) throw new Error(`unknown feature "${encoding.name}"`);
    if (values.length !== n) throw new Error(`feature "${encoding.name}" has ${values.length} values, expected ${n}`);
    const column = encodeColumn(encoding, values);
    for (let i = 0; i < n; i++) codes[i * q + s] = column.codes[i];
    unseen[encoding.name] = column.unseen;
  });
  return { codes, unseen };
}

/** Prepares numeric columns and codes categorical ones, fitting transforms and levels on these rows. */
export function prepareMixed(numeric: NumericColumns, categorical: CategoricalColumns, features: MixedFeatures): MixedMatrix {
  checkDistinct(features);
  const n = lengthOf(features, numeric, categorical);
  const numericPart = features.numeric.length
    ? prepare(numeric as Record<string, ArrayLike<number>>, features.numeric, { log: features.log, scaling: features.scaling, winsorize: features.winsorize })
    : { data: new Float64Array(0), n, d: 0, model: { scaling: features.scaling, features: [] } };
  if (numericPart.n !== n) throw new Error(`numeric features have ${numericPart.n} rows, categorical ${n}`);
  const encodings = features.categorical.map((name) => {
    const values = categorical[name];
    if (!values) throw new Error(`unknown feature "${name}"`);
    return fitLevels(values, name);
  });
  const { codes, unseen } = categoricalPart(encodings, categorical, n);
  return {
    n,
    numeric: numericPart.data,
    p: numericPart.d,
    categorical: codes,
    q: encodings.length,
    levels: encodings.map((e) => e.levels.length),
    numericModel: numericPart.model,
    encodings,
    unseen,
  };
}

/** The same preparation replayed with a model's recorded transforms and levels (for another snapshot). */
export function applyMixedModel(model: Pick<MixedModel, "numeric" | "categorical">, numeric: NumericColumns, categorical: CategoricalColumns): MixedMatrix {
  const p = model.numeric.features.length;
  const first = p ? numeric[model.numeric.features[0].name] : categorical[model.categorical[0]?.name];
  if (!first) throw new Error(`unknown feature "${p ? model.numeric.features[0].name : model.categorical[0]?.name}"`);
  const n = first.length;
  const numericPart = p ? applyModel(model.numeric, numeric as Record<string, ArrayLike<number>>) : { data: new Float64Array(0), n, d: 0 };
  const { codes, unseen } = categoricalPart(model.categorical, categorical, n);
  return { n, numeric: numericPart.data, p, categorical: codes, q: model.categorical.length, levels: model.categorical.map((e) => e.levels.length), numericModel: model.numeric, encodings: model.categorical, unseen };
}

/** Huang's default γ: GAMMA_FACTOR × the mean (population) standard deviation of the numeric columns; 1 without any. */
export function defaultGamma(data: Pick<MixedData, "n" | "p" | "numeric">): number {
  const { n, p, numeric } = data;
  if (p === 0 || n === 0) return 1;
  let total = 0;
  for (let t = 0; t < p; t++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += numeric[i * p + t];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (numeric[i * p + t] - mean) ** 2;
    total += Math.sqrt(ss / n);
  }
  const gamma = (GAMMA_FACTOR * total) / p;
  return gamma > 0 ? gamma : 1;
}

export interface FitMixedOptions {
  k: number;
  seed: number;
  nInit?: number;
  /** Weight of a categorical mismatch; null or absent: `defaultGamma`. */
  gamma?: number | null;
  maxIterations?: number;
  onProgress?: (progress: KPrototypesProgress) => void;
}

export interface MixedFit {
  model: MixedModel;
  matrix: MixedMatrix;
  result: KPrototypesResult;
}

/** Prepares the columns and runs k-prototypes: the model, the matrix it ran on and the fit. */
export function fitMixed(numeric: NumericColumns, categorical: CategoricalColumns, features: MixedFeatures, options: FitMixedOptions): MixedFit {
  const matrix = prepareMixed(numeric, categorical, features);
  const given = options.gamma ?? null;
  if (given !== null && !(Number.isFinite(given) && given > 0)) throw new Error(`gamma must be a number above 0, got ${given}`);
  const gamma = given ?? defaultGamma(matrix);
  const result = kprototypes(matrix, { k: options.k, seed: options.seed, nInit: options.nInit, gamma, maxIterations: options.maxIterations, onProgress: options.onProgress });
  const model: MixedModel = {
    method: "k-prototypes",
    k: options.k,
    seed: options.seed,
    numeric: matrix.numericModel,
    categorical: matrix.encodings,
    gamma,
    gammaIsDefault: given === null,
    centroids: result.centroids,
    modes: result.modes.map((mode) => mode.map((code, s) => matrix.encodings[s].levels[code])),
  };
  return { model, matrix, result };
}

export interface MixedAssignment {
  labels: Int32Array;
  cost: number;
  /** Rows per categorical feature with a category the model had not seen (they match no mode). */
  unseen: Record<string, number>;
}

/** Assigns rows to a model's nearest prototypes, through its recorded transforms and categories. */
export function assignMixed(model: MixedModel, numeric: NumericColumns, categorical: CategoricalColumns): MixedAssignment {
  const matrix = applyMixedModel(model, numeric, categorical);
  const modes = model.modes.map((mode) => mode.map((value, s) => model.categorical[s].levels.indexOf(value)));
  const { labels, cost } = assignPrototypes(matrix, { centroids: model.centroids, modes }, model.gamma);
  return { labels, cost, unseen: matrix.unseen };
}

/** Each prototype in original units: numeric centres through the inverse transforms, modes as values. */
export function prototypesInOriginalUnits(model: MixedModel): { numeric: Record<string, number>; categorical: Record<string, string> }[] {
  return model.centroids.map((centroid, c) => ({
    numeric: Object.fromEntries(toOriginalUnits(model.numeric, centroid).map((x, t) => [model.numeric.features[t].name, x])),
    categorical: Object.fromEntries(model.categorical.map((e, s) => [e.name, model.modes[c][s]])),
  }));
}

/**
 * The rows in the space where k-prototypes' dissimilarity is squared Euclidean distance: numeric
 * columns, then one column per category scaled by √(γ/2). Row-major n × d.
 */
export function embedMixed(data: MixedData, gamma: number): { data: Float64Array; n: number; d: number } {
  const { n, p, q, numeric, categorical, levels } = data;
  const offsets: number[] = [];
  let d = p;
  for (let s = 0; s < q; s++) (offsets[s] = d), (d += levels[s]);
  const out = new Float64Array(n * d);
  const w = Math.sqrt(gamma / 2);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < p; t++) out[i * d + t] = numeric[i * p + t];
    for (let s = 0; s < q; s++) {
      const code = categorical[i * q + s];
      if (code >= 0) out[i * d + offsets[s] + code] = w;
    }
  }
  return { data: out, n, d };
}
