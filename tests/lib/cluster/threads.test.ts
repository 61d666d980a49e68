import { describe, expect, it } from "vitest";
import { defaultKMeansThreads, MIN_VALUES_PER_THREAD } from "../../../src/lib/cluster/threads.js";
import { openKMeansPool } from "../../../pipeline/segments/parallel.js";

describe("defaultKMeansThreads", () => {
  it("uses one thread for small matrices and every core once each thread has its share", () => {
    expect(defaultKMeansThreads(10_000, 6, 2)).toBe(1); // Online Retail and the 10k benchmark
    expect(defaultKMeansThreads(100_000, 6, 2)).toBe(2);
    expect(defaultKMeansThreads(1_000_000, 6, 8)).toBe(8);
    expect(defaultKMeansThreads((2 * MIN_VALUES_PER_THREAD) / 6, 6, 8)).toBe(2);
    expect(defaultKMeansThreads((2 * MIN_VALUES_PER_THREAD) / 6 - 1, 6, 8)).toBe(1);
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
