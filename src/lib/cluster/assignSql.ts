/**
 * Segment assignment as SQL: a saved k-means model (its per-feature transforms and its centroids in
 * the prepared space) compiled to one query that scores every customer of a features table inside
 * the database, so a warehouse never has to export its customers to be segmented.
 *
 * The query replays `applyModel` and `assign` (prepare.ts, kmeans.ts) operation for operation:
 * clip to the winsorizing bounds, signed log1p, (x − center) / scale, squared distance to each
 * centroid summed in feature order, nearest centroid with ties to the lowest segment number. Every
 * step is an IEEE double addition, subtraction, multiplication, division or comparison, which every
 * engine rounds the same way, so the prepared values and distances equal the JavaScript ones bit for
 * bit. The one step that would need a library function, log1p, is spelled out (see `log1pStages`):
 * neither DuckDB nor PostgreSQL has log1p, `ln(1 + x)` differs from JavaScript's Math.log1p in the
 * last bit for about 40 % of inputs, and each engine's libm rounds its own way.
 *
 * Blanks (NULL or NaN) are handled as the model's `missing` record says, as `cluster --model` handles
 * them (missing.ts's applyMissing): filled with its fill values (median or mode) before the clip, or,
 * under `exclude` (and for a model without the record), no segment, with the reason in
 * `not_segmented` ("missing recency days", the text `missingReason` gives). An infinite value is bad
 * input (`cluster --model` stops on it): no segment, `not_segmented` "infinite <feature>".
 * Model numbers are written as string literals cast to double (the shortest text that round-trips),
 * never as decimal literals: DuckDB reads `0.1234` as a DECIMAL and PostgreSQL as a NUMERIC, and a
 * decimal of 17 digits need not convert to the nearest double.
 */
import type { SqlDialect } from "../io/dialect.js";
import { quoteIdent, quoteLiteral } from "../io/sql.js";
import { featureLabel } from "./featureLabel.js";
import type { FeatureTransform } from "./prepare.js";

export { SQL_DIALECTS, type SqlDialect } from "../io/dialect.js";

/** What the SQL needs from a saved model: model.json's `transforms` and `centroids_prepared`. */
export interface AssignmentModel {
  features: readonly FeatureTransform[];
  /** k centroids in the prepared space, each with one value per feature; segment c is centroids[c]. */
  centroids: readonly (readonly number[])[];
  /**
   * model.json's `missing` record: the strategy its blanks were handled with and the fill values
   * (one per feature under median or mode). Absent or null: blanks are excluded, as `cluster --model` does.
   */
  missing?: { strategy: unknown; fill?: unknown } | null;
}

/** The blanks strategies a k-means model can have (indicator adds categorical features: k-prototypes). */
const ASSIGNABLE_STRATEGIES = ["exclude", "median", "mode"] as const;

export interface AssignmentSqlOptions {
  /** The features table (or view): `name`, or `schema.name`; each dot-separated part is quoted. */
  table: string;
  dialect: SqlDialect;
  /** The customer id column, passed through under its own name (default `customer_id`). */
  id?: string;
}

/** Output columns of `assignmentSql` besides the id. */
export const SEGMENT_COLUMN = "cluster";
export const DISTANCE_COLUMN = "squared_distance";
/** Why a row has no segment ("missing recency days", "infinite monetary"); NULL for the rows assigned. */
export const REASON_COLUMN = "not_segmented";

const DOUBLE_TYPE: Record<SqlDialect, string> = { duckdb: "DOUBLE", postgres: "DOUBLE PRECISION" };

/** A double from its IEEE 754 bits, as fdlibm gives its constants. */
function fromBits(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high);
  view.setUint32(4, low);
  return view.getFloat64(0);
}

// fdlibm's log1p (the algorithm behind V8's Math.log1p), for a finite a ≥ 0. Thresholds on the high
// word of a double become comparisons with the doubles they bound.
const LOG1P = {
  tiny: fromBits(0x3c900000, 0), // 2^-54: log1p(a) = a
  small: fromBits(0x3e200000, 0), // 2^-29: log1p(a) = a − a²/2
  direct: fromBits(0x3fda827a, 0), // about √2 − 1: below it, reduce with k = 0 and f = a
  exact: fromBits(0x43400000, 0), // 2^53: 1 + a would round to a
  // u = 2^k · m, m in [1, 2): m below 1 + 0x6A09E·2^-20 (about √2) keeps k, else u/2^(k+1) is used.
  sqrt2: 1 + 0x6a09e / 2 ** 20,
  // The reduced f is "tiny" (|f| < 2^-20) when the top 20 bits of m's fraction are 0, or, for m/2,
  // when (2^20 − those bits) >> 2 is 0.
  tinyLow: 1 + 2 ** -20,
  tinyHigh: 1 + 0xffffd / 2 ** 20,
  ln2Hi: fromBits(0x3fe62e42, 0xfee00000),
  ln2Lo: fromBits(0x3dea39ef, 0x35793c76),
  lp: [
    fromBits(0x3fe55555, 0x55555593),
    fromBits(0x3fd99999, 0x9997fa04),
    fromBits(0x3fd24924, 0x94229359),
    fromBits(0x3fcc71c5, 0x1d8e78af),
    fromBits(0x3fc74664, 0x96cb03de),
    fromBits(0x3fc39a09, 0xd078c69f),
    fromBits(0x3fc2f112, 0xdf3e5244),
  ],
  twoThirds: 0.66666666666666666,
};

/** The shortest decimal text that reads back as exactly this double (keeping −0). */
function doubleText(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}

/** The quoted table reference: each dot-separated part an identifier. */
function tableReference(table: string): string {
  const parts = table.split(".");
  if (!table.trim() || parts.some((p) => p === "")) throw new Error(`table "${table}": expected NAME or SCHEMA.NAME`);
  return parts.map(quoteIdent).join(".");
}

function finite(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

/** Throws naming the model field of the first value the SQL cannot use. */
function checkModel(model: AssignmentModel): void {
  const d = model.features.length;
  if (d === 0) throw new Error("model: no features (transforms is empty)");
  model.features.forEach((f, j) => {
    const where = `model: transforms[${j}]${typeof f.name === "string" ? ` (${JSON.stringify(f.name)})` : ""}`;
    if (typeof f.name !== "string" || f.name === "") throw new Error(`${where}: name must be a column name`);
    if (!finite(f.center)) throw new Error(`${where}: center must be a finite number, got ${f.center}`);
    if (!finite(f.scale) || f.scale === 0) throw new Error(`${where}: scale must be a finite non-zero number, got ${f.scale}`);
    if (typeof f.log !== "boolean") throw new Error(`${where}: log must be true or false, got ${f.log}`);
    const clip = f.clip ?? null;
    if (clip !== null && !(Array.isArray(clip) && clip.length === 2 && finite(clip[0]) && finite(clip[1]) && clip[0] <= clip[1])) {
      throw new Error(`${where}: clip must be null or [low, high] with finite low ≤ high, got ${JSON.stringify(clip)}`);
    }
  });
  const missing = model.missing ?? null;
  if (missing !== null) {
    if (typeof missing !== "object") throw new Error(`model: missing must be an object with strategy and fill, got ${JSON.stringify(missing)}`);
    const strategy = missing.strategy;
    if (strategy === "indicator") throw new Error('model: missing.strategy "indicator" adds indicator features, which a k-means model does not have; assign its rows with cluster --model');
    if (!ASSIGNABLE_STRATEGIES.includes(strategy as (typeof ASSIGNABLE_STRATEGIES)[number])) {
      throw new Error(`model: missing.strategy must be one of ${ASSIGNABLE_STRATEGIES.join(", ")}, got ${JSON.stringify(strategy)}`);
    }
    if (strategy !== "exclude") {
      const fill = missing.fill;
      if (typeof fill !== "object" || fill === null) throw new Error(`model: missing.fill must hold each feature's fill value under "${strategy}", got ${JSON.stringify(fill)}`);
      for (const f of model.features) {
        const value = (fill as Record<string, unknown>)[f.name];
        if (!finite(value)) throw new Error(`model: missing.fill[${JSON.stringify(f.name)}] must be a finite number (the value its blanks get under "${strategy}"), got ${JSON.stringify(value)}`);
      }
    }
  }
  if (model.centroids.length === 0) throw new Error("model: no centroids (centroids_prepared is empty)");
  model.centroids.forEach((c, i) => {
    if (!Array.isArray(c) || c.length !== d) throw new Error(`model: centroids_prepared[${i}] has ${Array.isArray(c) ? c.length : "no"} values, expected ${d} (one per feature)`);
    c.forEach((x, j) => {
      if (!finite(x)) throw new Error(`model: centroids_prepared[${i}][${j}] must be a finite number, got ${x}`);
    });
  });
}

/** One step of the query: `SELECT *, <columns> FROM <previous step>`. */
interface Stage {
  name: string;
  columns: string[];
}

class Writer {
  readonly stages: Stage[] = [];
  constructor(readonly dialect: SqlDialect) {}

  /** A double literal that every engine reads as exactly x. */
  num(x: number): string {
    return `CAST(${quoteLiteral(doubleText(x))} AS ${DOUBLE_TYPE[this.dialect]})`;
  }

  stage(name: string, columns: string[]): void {
    if (columns.length) this.stages.push({ name, columns });
  }
}

/**
 * Stages that compute v = log1p(a) for a column a ≥ 0 (or NULL) into column `out`, with the
 * operations of fdlibm's log1p in its order, using columns prefixed with p. Outline: tiny a are
 * answered by a or a − a·a·0.5; a below √2 − 1 is used as f with k = 0; otherwise u = 1 + a
 * (a itself from 2^53), u = 2^k·(1 + f) with 1 + f in [√2/2, √2), and c the rounding error of
 * 1 + a over u. Then log1p(a) = k·ln2_hi + (f − (hfsq − (s·(hfsq + R) + (k·ln2_lo + c)))) with
 * s = f/(2 + f) and R a degree-7 polynomial in s². The exponent k comes from ln(u)/ln 2, corrected
 * by exact comparisons with powers of two, so it never depends on how an engine rounds ln.
 */
function log1pStages(w: Writer, specs: { a: string; p: string; out: string }[]): void {
  const L = LOG1P;
  const col = (p: string, name: string) => quoteIdent(`${p}${name}`);
  const q = (s: { p: string }, name: string) => col(s.p, name);
  // u, and a first estimate of its binary exponent. Rows with a small a take the k = 0 path and do
  // not need u; it is computed anyway (1 + a is harmless) to keep the stages uniform.
  w.stage(
    "log1p_u",
    specs.flatMap((s) => [`CASE WHEN ${s.a} < ${w.num(L.exact)} THEN ${w.num(1)} + ${s.a} ELSE ${s.a} END AS ${q(s, "u")}`]),
  );
  w.stage(
    "log1p_k0",
    specs.map((s) => `floor(ln(${q(s, "u")}) / ln(${w.num(2)})) AS ${q(s, "k0")}`),
  );
  // The exact exponent: 2^k ≤ u < 2^(k+1). u/2 is exact, and avoids 2^1024 for the largest doubles.
  w.stage(
    "log1p_k",
    specs.map(
      (s) =>
        `${q(s, "k0")} + CASE WHEN ${q(s, "u")} * ${w.num(0.5)} >= power(${w.num(2)}, ${q(s, "k0")}) THEN ${w.num(1)} ` +
        `WHEN ${q(s, "u")} < power(${w.num(2)}, ${q(s, "k0")}) THEN ${w.num(-1)} ELSE ${w.num(0)} END AS ${q(s, "k")}`,
    ),
  );
  // m = u / 2^k in [1, 2) (exact); c = the rounding error of 1 + a, divided by u (0 from 2^53).
  w.stage(
    "log1p_m",
    specs.flatMap((s) => [
      `${q(s, "u")} / power(${w.num(2)}, ${q(s, "k")}) AS ${q(s, "m")}`,
      `CASE WHEN ${s.a} >= ${w.num(L.exact)} THEN ${w.num(0)} ` +
        `WHEN ${q(s, "k")} > ${w.num(0)} THEN (${w.num(1)} - (${q(s, "u")} - ${s.a})) / ${q(s, "u")} ` +
        `ELSE (${s.a} - (${q(s, "u")} - ${w.num(1)})) / ${q(s, "u")} END AS ${q(s, "c")}`,
    ]),
  );
  // The reduced argument f, the final exponent kk and whether |f| < 2^-20; a below √2 − 1 is f itself.
  w.stage(
    "log1p_f",
    specs.flatMap((s) => {
      const direct = `${s.a} < ${w.num(L.direct)}`;
      const low = `${q(s, "m")} < ${w.num(L.sqrt2)}`;
      return [
        `CASE WHEN ${direct} THEN ${s.a} WHEN ${low} THEN ${q(s, "m")} - ${w.num(1)} ELSE ${q(s, "m")} * ${w.num(0.5)} - ${w.num(1)} END AS ${q(s, "f")}`,
        `CASE WHEN ${direct} THEN ${w.num(0)} WHEN ${low} THEN ${q(s, "k")} ELSE ${q(s, "k")} + ${w.num(1)} END AS ${q(s, "kk")}`,
        `CASE WHEN ${direct} THEN FALSE WHEN ${low} THEN ${q(s, "m")} < ${w.num(L.tinyLow)} ELSE ${q(s, "m")} >= ${w.num(L.tinyHigh)} END AS ${q(s, "tiny")}`,
      ];
    }),
  );
  // hfsq = f²/2 and s = f/(2 + f); only from 2^-29 up (below it they are not used, and f·f could
  // underflow, which PostgreSQL reports as an error).
  w.stage(
    "log1p_s",
    specs.flatMap((s) => {
      const used = `${s.a} >= ${w.num(L.small)}`;
      return [
        `CASE WHEN ${used} THEN ${w.num(0.5)} * ${q(s, "f")} * ${q(s, "f")} END AS ${q(s, "hfsq")}`,
        `CASE WHEN ${used} THEN ${q(s, "f")} / (${w.num(2)} + ${q(s, "f")}) END AS ${q(s, "s")}`,
      ];
    }),
  );
  w.stage("log1p_z", specs.map((s) => `${q(s, "s")} * ${q(s, "s")} AS ${q(s, "z")}`));
  w.stage(
    "log1p_r",
    specs.map((s) => {
      const z = q(s, "z");
      // Horner from the highest coefficient: z·(Lp1 + z·(Lp2 + … + z·Lp7)).
      let poly = w.num(L.lp[6]);
      for (let i = 5; i >= 0; i--) poly = `${w.num(L.lp[i])} + ${z} * (${poly})`;
      return `${z} * (${poly}) AS ${q(s, "r")}`;
    }),
  );
  w.stage(
    "log1p",
    specs.map((s) => {
      const [a, f, k, c, hfsq, sv, r] = [s.a, q(s, "f"), q(s, "kk"), q(s, "c"), q(s, "hfsq"), q(s, "s"), q(s, "r")];
      const tinyR = `${hfsq} * (${w.num(1)} - ${w.num(L.twoThirds)} * ${f})`;
      return (
        `CASE WHEN ${a} < ${w.num(L.tiny)} THEN ${a} ` +
        `WHEN ${a} < ${w.num(L.small)} THEN ${a} - ${a} * ${a} * ${w.num(0.5)} ` +
        `WHEN ${a} < ${w.num(L.direct)} THEN ${f} - (${hfsq} - ${sv} * (${hfsq} + ${r})) ` +
        `WHEN ${q(s, "tiny")} AND ${f} = ${w.num(0)} THEN ${k} * ${w.num(L.ln2Hi)} + (${c} + ${k} * ${w.num(L.ln2Lo)}) ` +
        `WHEN ${q(s, "tiny")} THEN ${k} * ${w.num(L.ln2Hi)} - ((${tinyR} - (${k} * ${w.num(L.ln2Lo)} + ${c})) - ${f}) ` +
        `ELSE ${k} * ${w.num(L.ln2Hi)} - ((${hfsq} - (${sv} * (${hfsq} + ${r}) + (${k} * ${w.num(L.ln2Lo)} + ${c}))) - ${f}) END AS ${quoteIdent(s.out)}`
      );
    }),
  );
}

/** Internal column names: short, and never a feature's name (features are read only in the first step). */
const x = (j: number) => quoteIdent(`x${j}`);
const z = (j: number) => quoteIdent(`z${j}`);
const ID = quoteIdent("id");
/** The value as read (cast to double), and 0/1 flags: blank (NULL or NaN), infinite. */
const raw = (j: number) => quoteIdent(`r${j}`);
const blankFlag = (j: number) => quoteIdent(`b${j}`);
const infiniteFlag = (j: number) => quoteIdent(`i${j}`);
const REASON = quoteIdent("reason");

/** The fill value of each feature's blanks, or null when blanks are excluded. */
function fillValues(model: AssignmentModel): Record<string, number> | null {
  const missing = model.missing ?? null;
  return missing === null || missing.strategy === "exclude" ? null : (missing.fill as Record<string, number>);
}

/**
 * The stages shared by both queries: id, then z0 … z(d−1), the prepared values: blanks filled as the
 * model's missing record says; NULL for a customer with an infinite model feature, or a blank one
 * when blanks are excluded.
 */
function preparedStages(w: Writer, model: AssignmentModel, options: AssignmentSqlOptions): { from: string; first: string } {
  checkModel(model);
  const id = options.id ?? "customer_id";
  const table = tableReference(options.table);
  const type = DOUBLE_TYPE[w.dialect];
  const first = `SELECT ${quoteIdent(id)} AS ${ID}, ${model.features.map((f, j) => `CAST(${quoteIdent(f.name)} AS ${type}) AS ${raw(j)}`).join(", ")} FROM ${table}`;
  // NaN compares above +Infinity in both DuckDB and PostgreSQL (and false under plain IEEE rules), so
  // a value is finite when it lies strictly between the infinities, and blank when it is NULL or NaN
  // (as isMissing reads a blank). A blank takes the model's fill value, as applyMissing fills it
  // before applyModel; an infinite value, or a blank with no fill, leaves x NULL.
  const fill = fillValues(model);
  w.stage(
    "read",
    model.features.flatMap((f, j) => {
      const v = raw(j);
      const blank = `${v} IS NULL OR ${v} > ${w.num(Infinity)}`;
      const filled = fill ? ` WHEN ${blank} THEN ${w.num(fill[f.name])}` : "";
      return [
        `CASE WHEN ${v} > ${w.num(-Infinity)} AND ${v} < ${w.num(Infinity)} THEN ${v}${filled} END AS ${x(j)}`,
        `CASE WHEN ${blank} THEN 1 ELSE 0 END AS ${blankFlag(j)}`,
        `CASE WHEN ${v} = ${w.num(Infinity)} OR ${v} = ${w.num(-Infinity)} THEN 1 ELSE 0 END AS ${infiniteFlag(j)}`,
      ];
    }),
  );
  // Clip to the winsorizing bounds, as `transformed` does: below low → low, above high → high.
  const clipped = (j: number) => {
    const clip = model.features[j].clip ?? null;
    if (!clip) return x(j);
    return `CASE WHEN ${x(j)} < ${w.num(clip[0])} THEN ${w.num(clip[0])} WHEN ${x(j)} > ${w.num(clip[1])} THEN ${w.num(clip[1])} ELSE ${x(j)} END`;
  };
  const logged = model.features.map((f, j) => j).filter((j) => model.features[j].log);
  const t = (j: number) => quoteIdent(`t${j}`);
  w.stage(
    "clipped",
    model.features.map((_, j) => `${clipped(j)} AS ${t(j)}`),
  );
  if (logged.length) {
    // Signed log1p: log1p(|t|) with t's sign.
    w.stage(
      "magnitude",
      logged.map((j) => `CASE WHEN ${t(j)} < ${w.num(0)} THEN -${t(j)} ELSE ${t(j)} END AS ${quoteIdent(`a${j}`)}`),
    );
    log1pStages(w, logged.map((j) => ({ a: quoteIdent(`a${j}`), p: `l${j}_`, out: `v${j}` })));
  }
  // A customer is prepared only when every model feature is usable: otherwise all its values are NULL.
  const usable = model.features.map((_, j) => `${x(j)} IS NOT NULL`).join(" AND ");
  w.stage(
    "prepared",
    model.features.map((f, j) => {
      const value = f.log ? `CASE WHEN ${t(j)} < ${w.num(0)} THEN -${quoteIdent(`v${j}`)} ELSE ${quoteIdent(`v${j}`)} END` : t(j);
      return `CASE WHEN ${usable} THEN (${value} - ${w.num(f.center)}) / ${w.num(f.scale)} END AS ${z(j)}`;
    }),
  );
  return { from: table, first };
}

/**
 * The stages as a chain of CTEs. PostgreSQL inlines each CTE into the next and would then copy every
 * column's expression into each place that uses it, so the log1p stages would grow exponentially
 * (a query that never finishes); `OFFSET 0` keeps each stage a subquery that is computed once per
 * row and streamed, without materializing it. DuckDB eliminates the repeated expressions itself.
 */
function withQuery(w: Writer, first: string, final: string, comment: string): string {
  const names = ["input", ...w.stages.map((s) => s.name)];
  const fence = w.dialect === "postgres" ? "\n  OFFSET 0" : "";
  const ctes = [`${quoteIdent("input")} AS (\n  ${first}${fence}\n)`];
  w.stages.forEach((s, i) => {
    ctes.push(`${quoteIdent(s.name)} AS (\n  SELECT *,\n    ${s.columns.join(",\n    ")}\n  FROM ${quoteIdent(names[i])}${fence}\n)`);
  });
  return `${comment}\nWITH ${ctes.join(",\n")}\n${final.replace("$last", quoteIdent(names.at(-1)!))}\n`;
}

/** Text on one comment line. */
const oneLine = (text: string) => text.replace(/[\r\n]/g, " ");

function header(kind: string, model: AssignmentModel, options: AssignmentSqlOptions): string {
  const features = oneLine(model.features.map((f) => f.name).join(", "));
  const fill = fillValues(model);
  const blanks = fill
    ? `-- Blanks (NULL or NaN) get the model's ${String(model.missing!.strategy)} values (missing.fill: ${oneLine(model.features.map((f) => `${f.name} ${doubleText(fill[f.name])}`).join(", "))}), as cluster --model fills them.`
    : `-- Blanks (NULL or NaN) are excluded, as cluster --model excludes them: no segment, ${REASON_COLUMN} says which ("missing …").`;
  return [
    `-- ${kind} (${options.dialect}), from a segment workbench model: features ${features}; k = ${model.centroids.length}.`,
    blanks,
    `-- An infinite value gets no segment (${REASON_COLUMN} "infinite …"): cluster --model stops on it as bad input.`,
  ].join("\n");
}

/**
 * Per row, the features whose flag is 1 as `missingReason` words them, "a", "a and b", "a, b and c":
 * each flagged feature is preceded by nothing (the first), " and " (the last) or ", ", known from the
 * running count of flags up to it against the row's total.
 */
function featureListSql(model: AssignmentModel, flag: (j: number) => string): { list: string; total: string } {
  const count = (upTo: number) => model.features.slice(0, upTo + 1).map((_, j) => flag(j)).join(" + ");
  const total = `(${count(model.features.length - 1)})`;
  const pieces = model.features.map((f, j) => {
    const before = `CASE WHEN ${count(j)} = 1 THEN '' WHEN ${count(j)} = ${total} THEN ' and ' ELSE ', ' END`;
    return `CASE WHEN ${flag(j)} = 1 THEN ${before} || ${quoteLiteral(featureLabel(f.name))} ELSE '' END`;
  });
  return { list: pieces.join(" || "), total };
}

/** Why a row gets no segment: an infinite value, else (blanks excluded) its blank features; NULL for the others. */
function reasonSql(model: AssignmentModel): string {
  const infinite = featureListSql(model, infiniteFlag);
  const branches = [`WHEN ${infinite.total} > 0 THEN 'infinite ' || ${infinite.list}`];
  if (!fillValues(model)) {
    const blank = featureListSql(model, blankFlag);
    branches.push(`WHEN ${blank.total} > 0 THEN 'missing ' || ${blank.list}`);
  }
  return `CASE ${branches.join(" ")} END AS ${REASON}`;
}

/**
 * A query giving, per row of the table, the id and each model feature prepared as `applyModel`
 * prepares it (columns named after the features), blanks filled as the model's missing record says:
 * NULL when any model feature is infinite, or blank with blanks excluded.
 */
export function preparedSql(model: AssignmentModel, options: AssignmentSqlOptions): string {
  const w = new Writer(options.dialect);
  const { first } = preparedStages(w, model, options);
  const id = options.id ?? "customer_id";
  const columns = model.features.map((f, j) => `${z(j)} AS ${quoteIdent(f.name)}`);
  return withQuery(w, first, `SELECT ${ID} AS ${quoteIdent(id)}, ${columns.join(", ")}\nFROM $last`, header("Prepared features", model, options));
}

/**
 * A query giving, per row of the table, the id, `cluster` (the nearest centroid's segment number,
 * ties to the lowest, as `assign` does), `squared_distance` to it in the prepared space and
 * `not_segmented`: both NULL, and the reason in `not_segmented`, when a model feature is infinite or
 * (blanks excluded) blank; blanks filled otherwise, as `cluster --model` does.
 */
export function assignmentSql(model: AssignmentModel, options: AssignmentSqlOptions): string {
  const id = options.id ?? "customer_id";
  const outputs = [SEGMENT_COLUMN, DISTANCE_COLUMN, REASON_COLUMN];
  if (outputs.includes(id)) throw new Error(`id column "${id}" has the name of an output column (${outputs.join(", ")}); rename it in a view`);
  const w = new Writer(options.dialect);
  const { first } = preparedStages(w, model, options);
  const d = model.features.length;
  const k = model.centroids.length;
  const dist = (c: number) => quoteIdent(`d${c}`);
  // s = 0; s += diff² in feature order, as kmeans.ts sums it (0 + diff² is diff² exactly).
  w.stage(
    "distances",
    model.centroids.map((centre, c) => {
      let sum = "";
      for (let j = 0; j < d; j++) {
        const diff = `(${z(j)} - ${w.num(centre[j])})`;
        sum = j === 0 ? `${diff} * ${diff}` : `(${sum}) + ${diff} * ${diff}`;
      }
      return `${sum} AS ${dist(c)}`;
    }),
  );
  const best = quoteIdent("best");
  w.stage("nearest", [k === 1 ? `${dist(0)} AS ${best}` : `LEAST(${model.centroids.map((_, c) => dist(c)).join(", ")}) AS ${best}`, reasonSql(model)]);
  // The first centroid at the smallest distance; a NULL distance matches no branch, so the segment is NULL.
  const segment = `CASE ${model.centroids.map((_, c) => `WHEN ${dist(c)} = ${best} THEN ${c}`).join(" ")} END`;
  return withQuery(
    w,
    first,
    `SELECT ${ID} AS ${quoteIdent(id)}, ${segment} AS ${quoteIdent(SEGMENT_COLUMN)}, ${best} AS ${quoteIdent(DISTANCE_COLUMN)}, ${REASON} AS ${quoteIdent(REASON_COLUMN)}\nFROM $last`,
    header("Segment assignment", model, options),
  );
}
