import { describe, expect, it } from "vitest";
import { defaultKMeansThreads, POOL_WORTH_VALUES, poolThreads } from "../../../src/lib/cluster/threads.js";
import { MIN_BLOCK_ROWS } from "../../../src/lib/cluster/lloydShard.js";
import { openKMeansPool } from "../../../pipeline/segments/parallel.js";

describe("poolThreads", () => {
  it("gives a running pool every core, at most one thread per block of rows", () => {
    expect(poolThreads(MIN_BLOCK_ROWS, 2)).toBe(1); // one block: nothing to share
    expect(poolThreads(MIN_BLOCK_ROWS + 1, 2)).toBe(2);
    expect(poolThreads(4339, 2)).toBe(2); // Online Retail's customers
    expect(poolThreads(3 * MIN_BLOCK_ROWS, 8)).toBe(3);
    expect(poolThreads(1_000_000, 8)).toBe(8);
  });

  it("never gives fewer than one", () => {
    expect(poolThreads(0, 4)).toBe(1);
    expect(poolThreads(5000, 0)).toBe(1);
  });
});

describe("defaultKMeansThreads", () => {
  it("starts no pool for a job whose fits cannot repay its start-up", () => {
    expect(defaultKMeansThreads(10_000, 6, 2, 4)).toBe(1); // the 10k benchmark with the CLI's 4 starts
    expect(defaultKMeansThreads(100_000, 6, 2, 4)).toBe(1); // 2.4 million values × fits
    expect(defaultKMeansThreads(100_000, 6, 2, 5)).toBe(2);
    expect(defaultKMeansThreads(1_000_000, 6, 8)).toBe(8);
    expect(defaultKMeansThreads(POOL_WORTH_VALUES / 6, 6, 2)).toBe(2);
    expect(defaultKMeansThreads(POOL_WORTH_VALUES / 6 - 1, 6, 2)).toBe(1);
  });

  it("never gives fewer than one or more than the cores", () => {
    expect(defaultKMeansThreads(0, 6, 4)).toBe(1);
    expect(defaultKMeansThreads(5, 1, 0)).toBe(1);
    expect(defaultKMeansThreads(10_000_000, 6, 2)).toBe(2);
  });

  it("is the worker pool's default: a small matrix is fitted on this thread alone", async () => {
    const n = 1000;
    const pool = await openKMeansPool(Float64Array.from({ length: n * 2 }, (_, i) => (i * 7919) % 101), n, 2);
    try {
      expect(pool.threads).toBe(1);
      expect((await pool.kmeans({ k: 3, seed: 1, nInit: 1 })).labels.length).toBe(n);
    } finally {
      await pool.close();
    }
  });
});
