/**
 * k-means on every core, over message ports: a coordinator (`Team`, a KMeansEngine for the jobs
 * of jobs.ts) and its members (`serveTeamMember`), one per core, each at the other end of a port.
 * In the browser the members are Web Workers and the coordinator is the job's own worker
 * (src/browser/workerPool.ts wires them together); in tests they are ports of a MessageChannel.
 *
 * - A fit shares the rows out: the rows are cut into the fixed blocks of lloydShard.ts and each
 *   member gets a contiguous run of whole blocks (its shard) and runs the Lloyd commands on it;
 *   the coordinator runs the same program the one-thread `kmeans` runs (kmeansProgram, with the
 *   k-means++ starts drawn here over the whole matrix) and adds the members' per-block partial sums
 *   in block order, so labels, centroids, iterations and inertia are the one-thread ones bit for bit.
 * - A sweep shares the values of k out: every member gets every row and runs whole `sweepFit`s
 *   (k-means and the measures but the silhouette), the next k going to the first member free, the
 *   largest first. Then the silhouettes of every k, on their shared sample, in one pass shared out
 *   by runs of the sample's rows (each row's values depend on no other row's). So the sweep is the
 *   one-thread sweep whatever the order.
 *
 * Rows travel as copies whose buffers are transferred (works on any static host), or, with
 * `shared` (only where the page is cross-origin isolated: SharedArrayBuffer exists and can be
 * posted), as views of one SharedArrayBuffer, copied once. Members answer their requests one at a
 * time and in order, so each reply is matched to the oldest request waiting.
 */
import type { KMeansEngine, Matrix, MatrixUse } from "./engine.js";
import { kmeansProgram, type KMeansOptions, type KMeansResult } from "./kmeans.js";
import { runAsync, type AsyncShardRunner } from "./lloydProgram.js";
import { blockLayout, LloydShard, shardRanges, type BlockLayout, type ShardCommand, type ShardRange, type ShardReply } from "./lloydShard.js";
import { silhouetteRows, silhouetteRowValues, type SampleLabeling, type SilhouetteOptions, type SilhouetteRows } from "./metrics.js";
import { sweepFit, type FittedRow, type SweepRowOptions } from "./sweep.js";

/** The part of a MessagePort (browser or Node) a team uses. */
export interface Port {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export type SweepTaskOptions = Omit<SweepRowOptions, "onIteration">;

export type MemberRequest =
  /** `data` holds rows [rowStart, rowStart + data.length / d) of an n × d matrix; with a range, the member's shard is that range of blocks. */
  | { op: "load"; data: Float64Array; n: number; d: number; rowStart: number; layout: BlockLayout | null; range: ShardRange | null }
  | { op: "shard"; command: ShardCommand }
  | { op: "sweepFit"; k: number; options: SweepTaskOptions }
  /** Silhouette values of rows [from, to) of the sample `options` draws, under each labeling. */
  | { op: "silhouette"; labelings: SampleLabeling[]; options: SilhouetteOptions; from: number; to: number }
  | { op: "release" };

export type MemberReply = { ok: true; reply?: ShardReply; fitted?: FittedRow; values?: Float64Array } | { ok: false; message: string };

/** Buffers of a shard reply's arrays (each made for the reply), to move rather than copy. */
function replyBuffers(reply: ShardReply): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const value of Object.values(reply)) {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  }
  return [...out];
}

/** The member side: answers the coordinator's requests on `port`, one at a time, in order. */
export function serveTeamMember(port: Port): void {
  let rows: { data: Float64Array; n: number; d: number; rowStart: number } | null = null;
  let shard: LloydShard | null = null;
  // The silhouette's sample of the loaded rows, drawn once per sample size and seed.
  let sample: { key: string; rows: SilhouetteRows } | null = null;
  const everyRow = () => {
    if (!rows || rows.rowStart !== 0 || rows.data.length !== rows.n * rows.d) throw new Error("a sweep needs every row loaded");
    return rows;
  };
  const answer = (request: MemberRequest): { reply: MemberReply; transfer: ArrayBuffer[] } => {
    switch (request.op) {
      case "load": {
        const { data, n, d, rowStart, layout, range } = request;
        rows = { data, n, d, rowStart };
        shard = null;
        sample = null;
        if (range && layout) {
          shard = new LloydShard(data.subarray((range.rowStart - rowStart) * d, (range.rowEnd - rowStart) * d), d, layout, range);
        }
        return { reply: { ok: true }, transfer: [] };
      }
      case "shard": {
        if (!shard) throw new Error("no shard loaded");
        const reply = shard.run(request.command);
        return { reply: { ok: true, reply }, transfer: replyBuffers(reply) };
      }
      case "sweepFit": {
        const { data, n, d } = everyRow();
        const fitted = sweepFit(data, n, d, request.k, request.options);
        return { reply: { ok: true, fitted }, transfer: [fitted.sample.labels.buffer as ArrayBuffer] };
      }
      case "silhouette": {
        const { data, n, d } = everyRow();
        const key = `${request.options.sampleSize}:${request.options.seed}`;
        if (sample?.key !== key) sample = { key, rows: silhouetteRows(data, n, d, request.options) };
        const values = silhouetteRowValues(sample.rows, request.labelings, request.from, request.to);
        return { reply: { ok: true, values }, transfer: [values.buffer as ArrayBuffer] };
      }
      case "release":
        rows = null;
        shard = null;
        sample = null;
        return { reply: { ok: true }, transfer: [] };
    }
  };
  port.onmessage = (event) => {
    let out: { reply: MemberReply; transfer: ArrayBuffer[] };
    try {
      out = answer(event.data as MemberRequest);
    } catch (error) {
      out = { reply: { ok: false, message: error instanceof Error ? error.message : String(error) }, transfer: [] };
    }
    port.postMessage(out.reply, out.transfer);
  };
}

/** The coordinator's end of one member's port. */
class Member {
  private readonly waiting: { resolve: (reply: MemberReply & { ok: true }) => void; reject: (error: Error) => void }[] = [];

  constructor(private readonly port: Port) {
    port.onmessage = (event) => {
      const reply = event.data as MemberReply;
      const waiting = this.waiting.shift();
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(reply.message));
    };
  }

  call(request: MemberRequest, transfer: ArrayBuffer[] = []): Promise<MemberReply & { ok: true }> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.port.postMessage(request, transfer);
    });
  }
}

/** Whether this thread can share memory with its workers: SharedArrayBuffer exists and the page is cross-origin isolated. */
export function canShareMemory(): boolean {
  return typeof SharedArrayBuffer === "function" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

export interface TeamOptions {
  /** Post rows as views of one SharedArrayBuffer (only where canShareMemory()); default: copies, transferred. */
  shared?: boolean;
}

/** The coordinator: a KMeansEngine whose work runs on the members at the ends of `ports`. */
export class Team implements KMeansEngine {
  readonly threads: number;
  readonly shared: boolean;
  private readonly members: Member[];
  private loaded: { matrix: Matrix; use: MatrixUse; runners: AsyncShardRunner[] } | null = null;

  constructor(ports: readonly Port[], options: TeamOptions = {}) {
    if (!ports.length) throw new Error("a team needs at least one member");
    this.members = ports.map((port) => new Member(port));
    this.threads = ports.length;
    this.shared = options.shared ?? false;
  }

  async load(matrix: Matrix, use: MatrixUse): Promise<void> {
    const { data, n, d } = matrix;
    if (data.length < n * d) throw new Error(`expected ${n} × ${d} values, got ${data.length}`);
    this.loaded = null;
    let source = data.subarray(0, n * d);
    if (this.shared && !(source.buffer instanceof SharedArrayBuffer)) {
      const copy = new Float64Array(new SharedArrayBuffer(n * d * 8));
      copy.set(source);
      source = copy;
    }
    const rowsOf = (from: number, to: number): { rows: Float64Array; transfer: ArrayBuffer[] } => {
      if (this.shared) return { rows: source.subarray(from * d, to * d), transfer: [] };
      const rows = source.slice(from * d, to * d);
      return { rows, transfer: [rows.buffer as ArrayBuffer] };
    };
    const runners: AsyncShardRunner[] = [];
    if (use === "fit") {
      const layout = blockLayout(n);
      const ranges = shardRanges(layout, this.members.length);
      await Promise.all(
        this.members.map((member, i) => {
          const range = ranges[i];
          if (!range) return member.call({ op: "release" });
          const { rows, transfer } = rowsOf(range.rowStart, range.rowEnd);
          return member.call({ op: "load", data: rows, n, d, rowStart: range.rowStart, layout, range }, transfer);
        }),
      );
      for (let i = 0; i < ranges.length; i++) {
        const member = this.members[i];
        runners.push({ run: async (command: ShardCommand) => (await member.call({ op: "shard", command })).reply! });
      }
    } else {
      await Promise.all(
        this.members.map((member) => {
          const { rows, transfer } = rowsOf(0, n);
          return member.call({ op: "load", data: rows, n, d, rowStart: 0, layout: null, range: null }, transfer);
        }),
      );
    }
    this.loaded = { matrix: { data: source, n, d }, use, runners };
  }

  private matrix(use: MatrixUse) {
    if (!this.loaded) throw new Error("no matrix loaded");
    if (this.loaded.use !== use) throw new Error(`the matrix is loaded for a ${this.loaded.use}, not a ${use}`);
    return this.loaded;
  }

  async kmeans(options: KMeansOptions): Promise<KMeansResult> {
    const { matrix, runners } = this.matrix("fit");
    const { data, n, d } = matrix;
    if (n < options.k) throw new Error(`cannot make ${options.k} clusters from ${n} customers`);
    return runAsync(kmeansProgram(data, n, d, options), runners);
  }

  async sweepFits(ks: readonly number[], options: SweepTaskOptions, onFit?: (fitted: FittedRow) => void): Promise<FittedRow[]> {
    this.matrix("sweep");
    // Larger k first: they take longest, so the last ones to finish are short.
    const queue = [...ks].sort((a, b) => b - a);
    const done = new Map<number, FittedRow>();
    await Promise.all(
      this.members.map(async (member) => {
        for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
          const { fitted } = await member.call({ op: "sweepFit", k, options });
          done.set(k, fitted!);
          onFit?.(fitted!);
        }
      }),
    );
    return ks.map((k) => done.get(k)!);
  }

  async silhouetteValues(labelings: readonly SampleLabeling[], options: SilhouetteOptions, onRows?: (done: number, total: number) => void): Promise<Float64Array> {
    const { matrix } = this.matrix("sweep");
    const L = labelings.length;
    const m = labelings[0]?.labels.length ?? 0;
    const values = new Float64Array(m * L);
    // Runs of rows (every row costs the same: a pass over the whole sample), a few per member, to the first member free.
    const runs = Math.min(m, this.members.length * 4);
    const queue = Array.from({ length: runs }, (_, c) => [Math.floor((c * m) / runs), Math.floor(((c + 1) * m) / runs)] as const);
    let finished = 0;
    const request = { labelings: [...labelings], options: { sampleSize: options.sampleSize, seed: options.seed } };
    if (m > 0 && matrix.n < m) throw new Error(`a silhouette of ${m} rows on a matrix of ${matrix.n}`);
    await Promise.all(
      this.members.map(async (member) => {
        for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
          const [from, to] = run;
          const reply = await member.call({ op: "silhouette", ...request, from, to });
          values.set(reply.values!, from * L);
          onRows?.(++finished, runs);
        }
      }),
    );
    return values;
  }

  async release(): Promise<void> {
    this.loaded = null;
    await Promise.all(this.members.map((member) => member.call({ op: "release" })));
  }
}
