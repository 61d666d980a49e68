// k-means on worker threads gives the one-core result bit for bit: labels, centroids, iterations
// and inertia, at several sizes, k and d, with the rows cut into many blocks and shared out among
// 2 and 3 threads (more shards than this machine has cores is fine: the result must not change),
// with both hand-overs: Atomics and a synchronously read port (the default), and event-loop messages.
import { afterAll, describe, expect, it } from "vitest";
import { kmeans, kmeansPlusPlus, lloyd } from "../../../src/lib/cluster/kmeans.js";
import { seededRandom } from "../../../src/lib/stats/random.js";
import { kmeansParallel, openKMeansPool, type KMeansPool } from "../../../pipeline/segments/parallel.js";
import { overlappingClusters } from "../../support/clusters.js";


const pools: KMeansPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe("k-means on worker threads", () => {
  const cases = [
    { n: 3000, d: 6, k: 8, blockRows: 100, threads: 2, handover: "atomics" },
    { n: 2500, d: 3, k: 5, blockRows: 64, threads: 3, handover: "atomics" },
    { n: 1999, d: 1, k: 10, blockRows: 250, threads: 2, handover: "messages" },
    { n: 4000, d: 9, k: 4, blockRows: 333, threads: 3, handover: "messages" },
    { n: 4000, d: 9, k: 4, blockRows: 333, threads: 3, handover: "atomics" },
  ] as const;
  for (const { n, d, k, blockRows, threads, handover } of cases) {
    it(`n = ${n}, d = ${d}, k = ${k}, blocks of ${blockRows} rows on ${threads} threads (${handover}): the one-core result bit for bit`, async () => {
      const data = overlappingClusters(n, d, k, n + d + k);
      const pool = await openKMeansPool(data, n, d, { threads, blockRows, handover });
      pools.push(pool);
      expect(pool.threads).toBe(threads);
      for (const seed of [1, 2]) {
        const start = kmeansPlusPlus(data, n, d, k, seededRandom(seed));
        for (const tolerance of [1e-8, 0]) {
          const one = lloyd(data, n, d, start, { tolerance, blockRows });
          const many = await pool.lloyd(start, { tolerance });
          expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
          expect(Array.from(many.finalLabels)).toEqual(Array.from(one.finalLabels));
          expect(many.centroids).toEqual(one.centroids);
          expect(many.iterations).toBe(one.iterations);
          expect(many.inertia).toBe(one.inertia);
          expect(many.converged).toBe(one.converged);
        }
      }
      await pool.close();
    });
  }

  it("would notice another decomposition: other blocks give the same labels but other last bits", () => {
    // Why the block size depends on n only, and why the tests above compare bits: summed in other
    // groups, the same rows give another inertia in its last bits.
    const n = 3000, d = 6, k = 8;
    const data = overlappingClusters(n, d, k, 5);
    const start = kmeansPlusPlus(data, n, d, k, seededRandom(3));
    const a = lloyd(data, n, d, start, { tolerance: 0, blockRows: 100 });
    const b = lloyd(data, n, d, start, { tolerance: 0, blockRows: 3000 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    expect(a.centroids).toEqual(b.centroids); // recomputed in row order at the end
    expect(a.inertia).not.toBe(b.inertia);
    expect(Math.abs(a.inertia - b.inertia)).toBeLessThan(1e-12 * a.inertia);
  });

  it("kmeansParallel (restarts, renumbering, default blocks) equals kmeans on one core", async () => {
    const n = 6000, d = 4, k = 6;
    const data = overlappingClusters(n, d, k, 9);
    const one = kmeans(data, n, d, { k, seed: 7, nInit: 3 });
    const many = await kmeansParallel(data, n, d, { k, seed: 7, nInit: 3, threads: 2 });
    expect(Array.from(many.labels)).toEqual(Array.from(one.labels));
    expect(many.centroids).toEqual(one.centroids);
    expect(many.sizes).toEqual(one.sizes);
    expect(many.inertia).toBe(one.inertia);
    expect(many.iterations).toBe(one.iterations);
  });

  it("a pool on the Atomics hand-over runs fit after fit, k changing, with a pause between them, and closes", async () => {
    // After a fit the worker sleeps in Atomics.wait; the next fit must wake it, a fit with another k
    // must bring step arrays of its size, and close must end the worker.
    const n = 3000, d = 3;
    const data = overlappingClusters(n, d, 4, 11);
    const pool = await openKMeansPool(data, n, d, { threads: 2, blockRows: 500 });
    pools.push(pool);
    for (const [seed, k] of [[1, 4], [2, 7], [3, 4]]) {
      const start = kmeansPlusPlus(data, n, d, k, seededRandom(seed));
      const one = lloyd(data, n, d, start, { tolerance: 0, blockRows: 500 });
      const many = await pool.lloyd(start, { tolerance: 0 });
      expect(Array.from(many.finalLabels)).toEqual(Array.from(one.finalLabels));
      expect(many.centroids).toEqual(one.centroids);
      expect(many.iterations).toBe(one.iterations);
      expect(many.inertia).toBe(one.inertia);
      await new Promise((ok) => setTimeout(ok, 50));
    }
    await pool.close();
  });

  it("uses one thread when the rows are one block", async () => {
    const data = overlappingClusters(500, 2, 3, 1);
    const pool = await openKMeansPool(data, 500, 2, { threads: 4 });
    expect(pool.threads).toBe(1);
    const fit = await pool.kmeans({ k: 3, seed: 1 });
    expect(Array.from(fit.labels)).toEqual(Array.from(kmeans(data, 500, 2, { k: 3, seed: 1 }).labels));
    await pool.close();
  });
});
