// k-means on a team of members over real message ports (MessageChannel: structured clone, moved
// buffers, shared memory) gives the one-thread result bit for bit: fits (labels, centroids,
// iterations, inertia), sweeps and whole clustering jobs, with 1–4 members, rows copied or shared.
import { afterEach, describe, expect, it } from "vitest";
import { inThisThread } from "../../../src/lib/cluster/engine.js";
import { runCluster, runSweep } from "../../../src/lib/cluster/jobs.js";
import { kmeans } from "../../../src/lib/cluster/kmeans.js";
import { blockLayout } from "../../../src/lib/cluster/lloydShard.js";
import { measuredRows, sweep } from "../../../src/lib/cluster/sweep.js";
import { serveTeamMember, Team, type Port } from "../../../src/lib/cluster/team.js";
import { config, customers } from "../../fixtures/cluster/customers.js";
import { overlappingClusters } from "../../support/clusters.js";


const channels: MessageChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) (c.port1.close(), c.port2.close());
});

/** A team whose members answer at the other ends of MessageChannels (in this thread, asynchronously). */
function team(members: number, shared = false): Team {
  const ports: Port[] = [];
  for (let i = 0; i < members; i++) {
    const channel = new MessageChannel();
    channels.push(channel);
    serveTeamMember(channel.port2 as unknown as Port);
    ports.push(channel.port1 as unknown as Port);
  }
  return new Team(ports, { shared });
}

describe("k-means on a team of members", () => {
  const cases = [
    { n: 5000, d: 3, k: 5, members: 2, shared: false },
    { n: 20_000, d: 6, k: 8, members: 3, shared: false },
    { n: 9000, d: 2, k: 10, members: 4, shared: true },
    { n: 3000, d: 4, k: 3, members: 1, shared: false },
  ];
  for (const { n, d, k, members, shared } of cases) {
    it(`n = ${n}, d = ${d}, k = ${k}, ${members} member(s), rows ${shared ? "shared" : "copied"}: the one-thread fit bit for bit`, async () => {
      expect(blockLayout(n).blocks).toBeGreaterThanOrEqual(members);
      const data = overlappingClusters(n, d, k, n + d + k);
      const engine = team(members, shared);
      await engine.load({ data, n, d }, "fit");
      for (const options of [{ k, seed: 1, nInit: 3 }, { k, seed: 7, nInit: 1, tolerance: 0 }]) {
        const one = kmeans(data, n, d, options);
        const many = await engine.kmeans(options);
        expect(many.iterations).toBe(one.iterations);
        expect(many.labels).toEqual(one.labels);
        expect(many.centroids).toEqual(one.centroids);
        expect(Object.is(many.inertia, one.inertia)).toBe(true);
        expect(many.sizes).toEqual(one.sizes);
      }
      await engine.release();
    });
  }

  it("more members than blocks: the extra ones sit out and the fit is unchanged", async () => {
    const n = 1500; // two blocks of 1,024 rows
    const data = overlappingClusters(n, 3, 4, 3);
    const engine = team(4);
    await engine.load({ data, n, d: 3 }, "fit");
    const many = await engine.kmeans({ k: 4, seed: 2, nInit: 2 });
    expect(many).toEqual(kmeans(data, n, 3, { k: 4, seed: 2, nInit: 2 }));
  });

  it("sweeps over k with every row on every member: the one-thread sweep, whatever order the k finish in", async () => {
    const n = 4000;
    const data = overlappingClusters(n, 3, 4, 11);
    const one = sweep(data, n, 3, { kMin: 2, kMax: 7, seed: 5, nInit: 2, silhouetteSample: 1500 });
    for (const [members, shared] of [[2, false], [3, true]] as const) {
      const engine = team(members, shared);
      await engine.load({ data, n, d: 3 }, "sweep");
      const finished: number[] = [];
      const fitted = await engine.sweepFits([2, 3, 4, 5, 6, 7], { seed: 5, nInit: 2, silhouetteSample: 1500 }, ({ row }) => finished.push(row.k));
      const runs: number[] = [];
      const values = await engine.silhouetteValues(fitted.map((f) => f.sample), { sampleSize: 1500, seed: 5 }, (done) => runs.push(done));
      expect(runs).toEqual(Array.from({ length: members * 4 }, (_, i) => i + 1));
      const measured = measuredRows(fitted, values);
      expect(measured.map((m) => m.row)).toEqual(one.rows);
      expect(finished.sort()).toEqual([2, 3, 4, 5, 6, 7]);
      expect(measured.every((m) => m.silhouetteRows === 1500 && m.silhouetteSampled)).toBe(true);
    }
  });

  it("runs the clustering and sweep jobs with the results of this thread's", async () => {
    const columns = customers(6000, 12);
    const local = await runCluster(columns, config);
    const progress: number[] = [];
    const shared = await runCluster(columns, config, (p) => progress.push(p.fraction), team(3));
    expect({ ...shared, timings: {} }).toEqual({ ...local, timings: {} });
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((f, i) => i === 0 || f >= progress[i - 1])).toBe(true);
    const sweepConfig = { ...config, kMin: 2, kMax: 6, silhouetteSample: 2000 };
    const sweepLocal = await runSweep(columns, sweepConfig, undefined, inThisThread());
    const sweepTeam = await runSweep(columns, sweepConfig, undefined, team(2));
    expect({ ...sweepTeam, timings: {} }).toEqual({ ...sweepLocal, timings: {} });
  });

  it("refuses a fit on a matrix loaded for a sweep, and passes a member's error on", async () => {
    const data = overlappingClusters(2000, 2, 3, 1);
    const engine = team(2);
    await engine.load({ data, n: 2000, d: 2 }, "sweep");
    await expect(engine.kmeans({ k: 3, seed: 1 })).rejects.toThrow("loaded for a sweep");
    await expect(engine.sweepFits([2, 2001], { seed: 1, nInit: 1 })).rejects.toThrow("cannot make 2001 clusters from 2000 customers");
    await engine.load({ data, n: 2000, d: 2 }, "fit");
    await expect(engine.kmeans({ k: 2001, seed: 1 })).rejects.toThrow("cannot make 2001 clusters from 2000 customers");
  });
});
