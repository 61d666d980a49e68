// runBlocking (the runner of the Node pool's Atomics hand-over) gives runSync's result on the same
// shards, and after a shard fails it still collects every reply it started, so none is left to be
// read as the answer to a later command.
import { describe, expect, it } from "vitest";
import { kmeansPlusPlus, lloyd } from "../../../src/lib/cluster/kmeans.js";
import { deferred, lloydProgram, runBlocking, runSync, type BlockingShardRunner } from "../../../src/lib/cluster/lloydProgram.js";
import { blockLayout, LloydShard, shardRanges, type ShardCommand, type ShardReply } from "../../../src/lib/cluster/lloydShard.js";
import { seededRandom } from "../../../src/lib/stats/random.js";
import { overlappingClusters } from "../../support/clusters.js";


function shards(data: Float64Array, n: number, d: number, blockRows: number, count: number): LloydShard[] {
  const layout = blockLayout(n, blockRows);
  return shardRanges(layout, count).map((range) => new LloydShard(data.subarray(range.rowStart * d, range.rowEnd * d), d, layout, range));
}

describe("runBlocking", () => {
  it("on 3 shards gives the one-shard result bit for bit", () => {
    const n = 2000, d = 4, k = 5, blockRows = 150;
    const data = overlappingClusters(n, d, k, 3);
    const start = kmeansPlusPlus(data, n, d, k, seededRandom(4));
    const one = lloyd(data, n, d, start, { tolerance: 0, blockRows });
    const many = runBlocking(lloydProgram(n, d, start, { tolerance: 0 }), shards(data, n, d, blockRows, 3).map(deferred));
    expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
    expect(Array.from(many.finalLabels)).toEqual(Array.from(one.finalLabels));
    expect(many.centroids).toEqual(one.centroids);
    expect(many.iterations).toBe(one.iterations);
    expect(many.inertia).toBe(one.inertia);
    // runSync on the same decomposition, for the same reason.
    expect(runSync(lloydProgram(n, d, start, { tolerance: 0 }), shards(data, n, d, blockRows, 3)).inertia).toBe(one.inertia);
  });

  it("after a shard fails, collects the replies of every shard it started, then throws the failure", () => {
    const n = 900, d = 2, k = 3, blockRows = 100;
    const data = overlappingClusters(n, d, k, 5);
    const log: string[] = [];
    const runners: BlockingShardRunner[] = shards(data, n, d, blockRows, 3).map((shard, s) => {
      let pending: ShardCommand | null = null;
      return {
        start(command) {
          log.push(`start ${s} ${command.op}`);
          pending = command;
        },
        reply(): ShardReply {
          log.push(`reply ${s}`);
          if (s === 1 && pending!.op === "step") throw new Error("shard 1 failed");
          return shard.run(pending!);
        },
      };
    });
    const start = kmeansPlusPlus(data, n, d, k, seededRandom(6));
    expect(() => runBlocking(lloydProgram(n, d, start, { tolerance: 0 }), runners)).toThrow("shard 1 failed");
    // The first iteration (assignAll) went through; in the second (step), shard 2 was still asked after shard 1 failed.
    expect(log.slice(-6)).toEqual(["start 2 step", "start 1 step", "start 0 step", "reply 0", "reply 1", "reply 2"]);
  });
});
