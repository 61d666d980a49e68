/**
 * Rows in fixed blocks, and the Lloyd work on a shard of whole blocks: what one core does.
 *
 * The rows are cut into blocks whose size depends on n only (never on how many cores run), and
 * every block keeps its own running per-cluster sums and counts. Each iteration a shard sends its
 * blocks' sums and counts (the partials); the coordinator (lloydProgram.ts) adds them up in block
 * order. Float addition is not associative, so this fixed decomposition is what makes the result
 * identical, bit for bit, whether one shard holds every block (one core) or many shards hold a few
 * each (worker threads in Node, Web Workers in the browser): every sum is formed in the same order.
 *
 * A shard holds only its own rows (`data` starts at its first row), so it can run on a copy sent
 * to a worker as well as on a view of shared memory. Commands and replies are plain objects of
 * numbers and typed arrays, so they can be posted between threads as they are.
 */
import { kernelsFor, type KernelChoice, type Kernels, type LabelArray } from "./kernels.js";

/** Blocks never get smaller than this, so small inputs are one block (one running sum, as a plain Lloyd keeps). */
export const MIN_BLOCK_ROWS = 1024;
/** Large inputs are cut into about this many blocks: enough to share out evenly, few enough to add up quickly each iteration. */
export const TARGET_BLOCKS = 64;

export interface BlockLayout {
  n: number;
  blockRows: number;
  blocks: number;
}

/** The block size for n rows: a function of n alone. */
export function defaultBlockRows(n: number): number {
  return Math.max(MIN_BLOCK_ROWS, Math.ceil(n / TARGET_BLOCKS));
}

export function blockLayout(n: number, blockRows = defaultBlockRows(n)): BlockLayout {
  if (!(Number.isInteger(blockRows) && blockRows >= 1)) throw new Error(`blockRows must be a whole number ≥ 1, got ${blockRows}`);
  return { n, blockRows, blocks: Math.max(1, Math.ceil(n / blockRows)) };
}

export interface ShardRange {
  /** Blocks [firstBlock, endBlock) and their rows [rowStart, rowEnd). */
  firstBlock: number;
  endBlock: number;
  rowStart: number;
  rowEnd: number;
}

/** Splits the blocks into at most `shards` contiguous runs of whole blocks, as even as possible, in block order. */
export function shardRanges(layout: BlockLayout, shards: number): ShardRange[] {
  const count = Math.max(1, Math.min(Math.floor(shards), layout.blocks));
  const ranges: ShardRange[] = [];
  for (let s = 0; s < count; s++) {
    const firstBlock = Math.floor((s * layout.blocks) / count);
    const endBlock = Math.floor(((s + 1) * layout.blocks) / count);
    ranges.push({ firstBlock, endBlock, rowStart: firstBlock * layout.blockRows, rowEnd: Math.min(layout.n, endBlock * layout.blockRows) });
  }
  return ranges;
}

/** Where the centres are and how far they have moved: what an assignment pass needs besides the rows. */
export interface CentreState {
  centres: Float64Array;
  drift: Float64Array;
  maxDrift: number;
  half: Float64Array;
  /** k × k: half the distance between every two centres (Infinity on the diagonal). */
  gaps: Float64Array;
  margin: number;
}

export type ShardCommand =
  /** First iteration: every row to its nearest centre; the blocks' sums from scratch. */
  | { op: "assignAll"; centres: Float64Array }
  /** A later iteration: the bounded assignment, updating the blocks' running sums. */
  | ({ op: "step" } & CentreState)
  /** Adds the shard's rows, in row order, to `sums` and `counts` (sent on from the previous shard), and returns them with the labels. */
  | { op: "accumulate"; sums: Float64Array; counts: Float64Array }
  /** The final assignment to the returned centroids: labels and each block's inertia. */
  | ({ op: "finish" } & CentreState);

export interface ShardReply {
  /** assignAll, step: per block in order, k·d sums then k counts. */
  partials?: Float64Array;
  /** step: rows that changed cluster. */
  moved?: number;
  /** assignAll: the smallest and largest value of each feature over the shard's rows (d of each). */
  low?: Float64Array;
  high?: Float64Array;
  /** accumulate: the sums and counts carried on. */
  sums?: Float64Array;
  counts?: Float64Array;
  /** accumulate, finish: the shard's labels (its rows, in order). */
  labels?: Int32Array;
  /** finish: per block, the sum of squared distances to the assigned centroid (row order). */
  inertias?: Float64Array;
}

/** Every reply has every field (absent ones null), so the code reading them sees one object shape. */
function reply(fields: ShardReply): ShardReply {
  const { partials, moved, low, high, sums, counts, labels, inertias } = fields;
  return { partials, moved, low, high, sums, counts, labels, inertias };
}

/**
 * The state of one shard: its rows' labels and bounds, and each of its blocks' running sums.
 * `run` carries out one command; the same code runs in-process (one core) and in every worker.
 */
export class LloydShard {
  readonly rows: number;
  private readonly firstRow: number;
  private readonly blockRows: number;
  private readonly blocks: number;
  private k = 0;
  private kernels: Kernels | null = null;
  private labels: LabelArray = new Uint8Array(0);
  private upper = new Float32Array(0);
  private lower = new Float32Array(0);
  private pending = new Int32Array(0);
  /** Per block: k·d sums then k counts, the layout of the partials. */
  private blockSums = new Float64Array(0);
  private extent: { low: Float64Array; high: Float64Array } | null = null;

  constructor(
    private readonly data: Float64Array,
    private readonly d: number,
    layout: BlockLayout,
    readonly range: ShardRange,
    private readonly kernel: KernelChoice = "auto",
  ) {
    this.rows = range.rowEnd - range.rowStart;
    this.firstRow = range.rowStart;
    this.blockRows = layout.blockRows;
    this.blocks = range.endBlock - range.firstBlock;
    if (data.length < this.rows * d) throw new Error(`shard of rows ${range.rowStart}–${range.rowEnd}: expected ${this.rows} × ${d} values, got ${data.length}`);
  }

  run(command: ShardCommand): ShardReply {
    switch (command.op) {
      case "assignAll":
        return this.assignAll(command.centres);
      case "step":
        return this.step(command);
      case "accumulate":
        return this.accumulate(command.sums, command.counts);
      case "finish":
        return this.finish(command);
    }
  }

  /** Rows [from, to) of block b, in the shard's own row numbers. */
  private blockRange(b: number): [number, number] {
    const from = (this.range.firstBlock + b) * this.blockRows - this.firstRow;
    return [from, Math.min(this.rows, from + this.blockRows)];
  }

  private prepare(k: number): Kernels {
    if (k !== this.k || !this.kernels) {
      this.k = k;
      this.kernels = kernelsFor(this.d, k, this.kernel);
      this.labels = k <= 256 ? new Uint8Array(this.rows) : new Int32Array(this.rows);
      // Bounds in single precision: every row's are read each iteration, so half the bytes is
      // faster; the coordinator's margin covers their rounding.
      this.upper = new Float32Array(this.rows);
      this.lower = new Float32Array(this.rows);
      this.pending = new Int32Array(this.blockRows);
      this.blockSums = new Float64Array(this.blocks * (k * this.d + k));
    }
    return this.kernels;
  }

  private assignAll(centres: Float64Array): ShardReply {
    const { d, data } = this;
    const k = centres.length / d;
    const kernels = this.prepare(k);
    const stride = k * d + k;
    this.blockSums.fill(0);
    for (let b = 0; b < this.blocks; b++) {
      const [from, to] = this.blockRange(b);
      kernels.assignAll(data, from, to, centres, this.labels, this.upper, this.lower);
      const sums = this.blockSums.subarray(b * stride, b * stride + k * d);
      const counts = this.blockSums.subarray(b * stride + k * d, (b + 1) * stride);
      kernels.accumulate(data, from, to, this.labels, sums, counts);
    }
    const { low, high } = this.bounds();
    return reply({ partials: this.blockSums.slice(), low, high });
  }


  /** Each feature's smallest and largest value over the shard's rows (the rows never change: computed once). */
  private bounds(): { low: Float64Array; high: Float64Array } {
    if (!this.extent) {
      const { d, data } = this;
      const low = new Float64Array(d).fill(Infinity);
      const high = new Float64Array(d).fill(-Infinity);
      for (let i = 0, o = 0; i < this.rows; i++) {
        for (let t = 0; t < d; t++, o++) {
          const x = data[o];
          if (x < low[t]) low[t] = x;
          if (x > high[t]) high[t] = x;
        }
      }
      this.extent = { low, high };
    }
    return { low: this.extent.low.slice(), high: this.extent.high.slice() };
  }

  private step(state: CentreState): ShardReply {
    const { d, k } = this;
    const kernels = this.kernels!;
    const stride = k * d + k;
    let moved = 0;
    for (let b = 0; b < this.blocks; b++) {
      const [from, to] = this.blockRange(b);
      const sums = this.blockSums.subarray(b * stride, b * stride + k * d);
      const counts = this.blockSums.subarray(b * stride + k * d, (b + 1) * stride);
      moved += kernels.assignBounded(this.data, from, to, state.centres, this.labels, this.upper, this.lower, state.drift, state.maxDrift, state.half, state.gaps, state.margin, sums, counts, this.pending);
      // A block's empty cluster sums to exactly zero: drop the rounding its running sum kept.
      for (let c = 0; c < k; c++) if (!counts[c]) sums.fill(0, c * d, c * d + d);
    }
    return reply({ partials: this.blockSums.slice(), moved });
  }

  private accumulate(sums: Float64Array, counts: Float64Array): ShardReply {
    const kernels = this.kernels!;
    const out = Float64Array.from(sums);
    const outCounts = Float64Array.from(counts);
    kernels.accumulate(this.data, 0, this.rows, this.labels, out, outCounts);
    return reply({ sums: out, counts: outCounts, labels: Int32Array.from(this.labels) });
  }

  private finish(state: CentreState): ShardReply {
    const kernels = this.kernels!;
    const inertias = new Float64Array(this.blocks);
    for (let b = 0; b < this.blocks; b++) {
      const [from, to] = this.blockRange(b);
      inertias[b] = kernels.finish(this.data, from, to, state.centres, this.labels, this.upper, this.lower, state.drift, state.maxDrift, state.half, state.margin);
    }
    return reply({ inertias, labels: Int32Array.from(this.labels) });
  }
}
