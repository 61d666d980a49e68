import { kmeans as mlKmeans } from "/work/wt-perf/node_modules/ml-kmeans/lib/index.js";
import { kmeansPlusPlus, lloyd } from "/work/wt-perf/src/lib/cluster/kmeans.ts";
import { randomNormal, seededRandom } from "/work/wt-perf/src/lib/stats/random.ts";
function overlapping(n: number, d: number, k: number, seed: number) {
  const random = seededRandom(seed);
  const centres = Array.from({ length: k }, () => Array.from({ length: d }, () => randomNormal(random, 0, 2)));
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) data[i * d + t] = randomNormal(random, centres[i % k][t], 1.5);
  return data;
}
const n = 1500, d = 1, k = 10;
const data = overlapping(n, d, k, 23);
const rows = Array.from({ length: n }, (_, i) => Array.from(data.subarray(i * d, i * d + d)));
const start = kmeansPlusPlus(data, n, d, k, seededRandom(1));
for (const mi of [1, 2, 3, 4, 5, 8]) {
  const ml = mlKmeans(rows, k, { initialization: start.map((c) => [...c]), maxIterations: mi, tolerance: 1e-8 });
  const ours = lloyd(data, n, d, start, { maxIterations: mi, tolerance: 1e-8, kernel: "generic" });
  let diff = 0; let first = -1;
  for (let i = 0; i < n; i++) if (ours.labels[i] !== ml.clusters[i]) { diff++; if (first < 0) first = i; }
  console.log(mi, "diffs", diff, first >= 0 ? `row ${first} x=${data[first]} ours ${ours.labels[first]} ml ${ml.clusters[first]}` : "");
}
