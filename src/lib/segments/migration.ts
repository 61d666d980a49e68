/**
 * Segment migration: where customers were at an earlier as-of date and where they are now.
 *
 * Segment identity is kept by not clustering again: customers' features at the earlier date go
 * through the current model's recorded transforms (clipping, log, scaling: `applyModel`) and each
 * is assigned to the nearest current centroid (`assign`, ties to the lower number, the same rule
 * that gave the current labels). "Champions" then means the same region of feature space at both
 * dates.
 *
 * Features are cumulative (everything bought before the as-of date), so every customer with a
 * purchase before the earlier date is in the current base too. Customers with no purchase before
 * the earlier date are "new". A customer in the earlier base but not the current one cannot
 * happen with one transactions table; it is still counted (`notInCurrent`) so an inconsistency
 * would show rather than vanish.
 */
import { assign } from "../cluster/kmeans.js";
import { applyModel, type PreparedModel } from "../cluster/prepare.js";
import { clusteredColumns, labelsWithGroups, OUTSIDE_RULES, splitOutside, type OutsideRule } from "./outside.js";

/** Segment of each earlier-date customer under the current model (rows in the columns' order). */
export function assignToModel(model: PreparedModel, centroids: readonly ArrayLike<number>[], columns: Record<string, ArrayLike<number>>): Int32Array {
  const first = model.features[0]?.name;
  if (first === undefined) throw new Error("the model has no features");
  if ((columns[first]?.length ?? 0) === 0) return new Int32Array(0);
  const prepared = applyModel(model, columns);
  return assign(prepared.data, prepared.n, prepared.d, centroids).labels;
}

/**
 * Label of each earlier-date customer: the groups kept out of the clustering first, by the same rules
 * as now (a net returner then is one whatever the centroids), so their codes are k + g as today's; every
 * other customer the nearest current centroid under the current model.
 */
export function assignWithGroups(
  model: PreparedModel,
  centroids: readonly ArrayLike<number>[],
  columns: Readonly<Record<string, ArrayLike<number>>>,
  rules: readonly OutsideRule[] = OUTSIDE_RULES,
): Int32Array {
  const first = model.features[0]?.name;
  if (first === undefined) throw new Error("the model has no features");
  const n = columns[first]?.length ?? 0;
  const split = splitOutside(columns, n, rules);
  return labelsWithGroups(assignToModel(model, centroids, clusteredColumns(columns, split)), split, centroids.length);
}

export interface MigrationCounts {
  /**
   * matrix[from][to]: customers in segment `from` at the earlier date and `to` now. Row k is "new"
   * (no purchase before the earlier date); column k is "not in the current base" (always 0, see above).
   */
  matrix: number[][];
  newCustomers: number;
  notInCurrent: number;
  /** Customers in the same segment at both dates, and in a different one. */
  stayed: number;
  moved: number;
}

/** Counts moves between the earlier labels and the current ones, matching customers by id. */
export function migrationCounts(
  current: { ids: ArrayLike<string>; labels: ArrayLike<number> },
  previous: { ids: ArrayLike<string>; labels: ArrayLike<number> },
  k: number,
): MigrationCounts {
  const matrix = Array.from({ length: k + 1 }, () => new Array<number>(k + 1).fill(0));
  const before = new Map<string, number>();
  for (let i = 0; i < previous.ids.length; i++) before.set(previous.ids[i], previous.labels[i]);
  let newCustomers = 0;
  let stayed = 0;
  let moved = 0;
  const seen = new Set<string>();
  for (let i = 0; i < current.ids.length; i++) {
    const id = current.ids[i];
    const to = current.labels[i];
    seen.add(id);
    const from = before.get(id);
    if (from === undefined) {
      matrix[k][to]++;
      newCustomers++;
    } else {
      matrix[from][to]++;
      if (from === to) stayed++;
      else moved++;
    }
  }
  let notInCurrent = 0;
  for (const [id, from] of before) {
    if (!seen.has(id)) {
      matrix[from][k]++;
      notInCurrent++;
    }
  }
  return { matrix, newCustomers, notInCurrent, stayed, moved };
}

export interface Flow {
  /** Segment number, or null for "new" (came from) / "not in the current base" (went to). */
  segment: number | null;
  label: string;
  customers: number;
  /** Share of the segment's customers (now for came-from, then for went-to). */
  share: number;
}

export const NEW_LABEL = "Not yet a customer";
export const GONE_LABEL = "Not in the current base";

/**
 * The matrix's rows and columns a table shows (indices 0 … k, k being "new" as a row and "not in the
 * current base" as a column): a segment or group when it had customers then or has some now, so a
 * group kept out of the clustering that is empty at both dates is no row and column of zeros; "new"
 * and "not in the current base" when non-empty.
 */
export function shownMigration(matrix: readonly (readonly number[])[], k: number): { rows: number[]; cols: number[] } {
  const rowFilled = (r: number) => matrix[r].some((x) => x > 0);
  const colFilled = (c: number) => matrix.some((row) => row[c] > 0);
  const indices = [...Array(k + 1).keys()];
  return {
    rows: indices.filter((r) => (r < k ? rowFilled(r) || colFilled(r) : rowFilled(r))),
    cols: indices.filter((c) => (c < k ? rowFilled(c) || colFilled(c) : colFilled(c))),
  };
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * Where segment s's current customers were at the earlier date (came from), and where the customers
 * it had at the earlier date are now (went to); largest first, then by segment number, empty flows left out.
 */
export function segmentFlows(matrix: readonly (readonly number[])[], names: readonly string[], s: number): { cameFrom: Flow[]; wentTo: Flow[] } {
  const k = names.length;
  const label = (c: number, other: string) => (c === k ? other : names[c]);
  const order = (a: Flow, b: Flow) => b.customers - a.customers || (a.segment ?? k) - (b.segment ?? k);
  const now = matrix.reduce((sum, row) => sum + row[s], 0);
  const then = matrix[s].reduce((sum, x) => sum + x, 0);
  const cameFrom: Flow[] = [];
  for (let from = 0; from <= k; from++) {
    const customers = matrix[from][s];
    if (customers) cameFrom.push({ segment: from === k ? null : from, label: label(from, NEW_LABEL), customers, share: round4(customers / now) });
  }
  const wentTo: Flow[] = [];
  for (let to = 0; to <= k; to++) {
    const customers = matrix[s][to];
    if (customers) wentTo.push({ segment: to === k ? null : to, label: label(to, GONE_LABEL), customers, share: round4(customers / then) });
  }
  return { cameFrom: cameFrom.sort(order), wentTo: wentTo.sort(order) };
}

export interface SankeyNode {
  side: "from" | "to";
  /** Row (from) or column (to) of the matrix. */
  index: number;
  label: string;
  value: number;
  y0: number;
  y1: number;
}

export interface SankeyLink {
  from: number;
  to: number;
  value: number;
  /** Band at the source node, and at the target node. */
  sy0: number;
  sy1: number;
  ty0: number;
  ty1: number;
}

/**
 * A two-column Sankey layout of a migration matrix: earlier segments on the left, current on the
 * right, node heights proportional to customers, `gap` pixels between nodes; empty nodes left out.
 * Links leave each node in target order and enter each node in source order, so they do not cross
 * within a node.
 */
export function sankeyLayout(
  matrix: readonly (readonly number[])[],
  fromLabels: readonly string[],
  toLabels: readonly string[],
  options: { height: number; gap?: number },
): { nodes: SankeyNode[]; links: SankeyLink[] } {
  const gap = options.gap ?? 8;
  const rows = matrix.length;
  const cols = rows ? matrix[0].length : 0;
  const fromTotals = matrix.map((row) => row.reduce((s, x) => s + x, 0));
  const toTotals = Array.from({ length: cols }, (_, c) => matrix.reduce((s, row) => s + row[c], 0));
  const total = fromTotals.reduce((s, x) => s + x, 0);
  const fromUsed = fromTotals.map((v, i) => [i, v] as const).filter(([, v]) => v > 0);
  const toUsed = toTotals.map((v, i) => [i, v] as const).filter(([, v]) => v > 0);
  const most = Math.max(fromUsed.length, toUsed.length);
  const scale = total > 0 ? Math.max(0, options.height - gap * (most - 1)) / total : 0;
  const nodes: SankeyNode[] = [];
  const place = (side: "from" | "to", used: (readonly [number, number])[], labels: readonly string[]) => {
    // Centre the shorter column.
    const span = used.reduce((s, [, v]) => s + v * scale, 0) + gap * Math.max(0, used.length - 1);
    let y = (options.height - span) / 2;
    const at = new Map<number, SankeyNode>();
    for (const [index, value] of used) {
      const node = { side, index, label: labels[index], value, y0: y, y1: y + value * scale };
      nodes.push(node);
      at.set(index, node);
      y = node.y1 + gap;
    }
    return at;
  };
  const fromNodes = place("from", fromUsed, fromLabels);
  const toNodes = place("to", toUsed, toLabels);
  const links: SankeyLink[] = [];
  const outY = new Map([...fromNodes].map(([i, n]) => [i, n.y0]));
  const inY = new Map([...toNodes].map(([i, n]) => [i, n.y0]));
  for (const [from] of fromUsed) {
    for (const [to] of toUsed) {
      const value = matrix[from][to];
      if (!value) continue;
      const h = value * scale;
      const sy0 = outY.get(from)!;
      outY.set(from, sy0 + h);
      links.push({ from, to, value, sy0, sy1: sy0 + h, ty0: 0, ty1: 0 });
    }
  }
  // Into each target in source order.
  for (const link of [...links].sort((a, b) => a.to - b.to || a.from - b.from)) {
    const h = link.sy1 - link.sy0;
    link.ty0 = inY.get(link.to)!;
    link.ty1 = link.ty0 + h;
    inY.set(link.to, link.ty1);
  }
  return { nodes, links };
}
