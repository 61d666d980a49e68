/**
 * A worker thread of the k-means pool (parallel.ts): holds one shard of rows (a view of the
 * shared matrix) and carries out the coordinator's commands on it, one at a time, answering each
 * with the shard's reply. All the work is LloydShard's, the same code a single core runs.
 */
import { parentPort, workerData } from "node:worker_threads";
import { LloydShard, type BlockLayout, type ShardCommand, type ShardRange } from "../../src/lib/cluster/lloydShard.js";

export interface ShardWorkerData {
  buffer: SharedArrayBuffer;
  d: number;
  layout: BlockLayout;
  range: ShardRange;
}

const { buffer, d, layout, range } = workerData as ShardWorkerData;
const rows = range.rowEnd - range.rowStart;
const shard = new LloydShard(new Float64Array(buffer, range.rowStart * d * 8, rows * d), d, layout, range);

parentPort!.postMessage({ ready: true });
parentPort!.on("message", (command: ShardCommand) => {
  try {
    parentPort!.postMessage({ ok: true, reply: shard.run(command) });
  } catch (error) {
    parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
