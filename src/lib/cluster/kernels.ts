/**
 * The loops over rows that k-means spends its time in, for one number of features d and one number
 * of centres k. `genericKernels` takes any d and k; `compiledKernels` is the same code generated for
 * one (d, k), unrolled over the features and, for small k·d, over the centres too, with the centres
 * held in locals. Both do every floating-point operation in the same order, so they agree bit for
 * bit (tests/lib/cluster/kmeans.test.ts compares them).
 *
 * Every kernel works on the rows [from, to) of the arrays it is given, so the same kernel runs a
 * whole matrix, one block of it, or the share of rows one worker holds.
 *
 * Bounds are kept lazily (Hamerly 2010, as in kmeans.ts), so a row whose assignment cannot change
 * costs three reads and no write: row i is at most upper[i] + drift[labels[i]] from its centre
 * (drift[c]: how far centre c has moved in total) and at least lower[i] − maxDrift from every other
 * centre (maxDrift: the sum over iterations of the largest move). Only rows that fail the test are
 * measured; a row that changes cluster moves its values between the running per-cluster sums.
 *
 * Why unrolled over the centres: profiling at 10k–1M rows (d = 6, k = 8) showed the nearest-centre
 * scans dominating, and with the centres in locals and no loop over them a full scan costs about
 * 40 % less (42 ns against 67 ns a row here), the distances of different centres overlapping in
 * the processor instead of waiting on the loop.
 */
import { compiledOnce, compileFunction } from "./compiledOnce.js";

/** Cluster numbers: one byte each for up to 256 clusters (less memory to stream through every iteration). */
export type LabelArray = Uint8Array | Int32Array;

export interface Kernels {
  /** Assigns rows [from, to) to their nearest centre; sets the bounds to the nearest and second-nearest distance. */
  assignAll(data: Float64Array, from: number, to: number, centres: Float64Array, labels: LabelArray, upper: Float32Array, lower: Float32Array): void;
  /**
   * One assignment pass over [from, to) using and updating the bounds and the running sums; returns how many rows changed cluster.
   * `gaps` (k × k) holds half the distance between every two centres: a row's scan may skip centre c when
   * gaps[a][c] ≥ u + margin (u: its distance to its own centre a), for then c is farther than a (Elkan 2003).
   * The generic kernels and the compiled ones that loop over the centres do; the compiled ones with the
   * centres in locals measure every centre, which is cheaper there (see compiledSource).
   */
  assignBounded(
    data: Float64Array, from: number, to: number, centres: Float64Array, labels: LabelArray, upper: Float32Array, lower: Float32Array,
    drift: Float64Array, maxDrift: number, half: Float64Array, gaps: Float64Array, margin: number, sums: Float64Array, counts: Float64Array, pending: Int32Array,
  ): number;
  /** The final assignment of [from, to): as assignBounded, but every row's squared distance to its centre is computed and their sum (in row order) returned. */
  finish(
    data: Float64Array, from: number, to: number, centres: Float64Array, labels: LabelArray, upper: Float32Array, lower: Float32Array,
    drift: Float64Array, maxDrift: number, half: Float64Array, margin: number,
  ): number;
  /** Adds rows [from, to), in row order, to the per-cluster `sums` and `counts` (not zeroed first). */
  accumulate(data: Float64Array, from: number, to: number, labels: LabelArray, sums: Float64Array, counts: Float64Array): void;
  /** Labels rows [from, to) with their nearest centre (first strictly smaller distance wins, from Infinity); returns Σ of those squared distances in row order. */
  nearestAll(data: Float64Array, from: number, to: number, centres: Float64Array, labels: Int32Array): number;
  /** closest[i] = min(closest[i], squared distance from row i to `centre`) for rows [0, n); returns Σ closest in row order. */
  closer(data: Float64Array, n: number, centre: Float64Array, closest: Float64Array): number;
}

export function genericKernels(d: number, k: number): Kernels {
  /** Every distance from the row at offset o, ties to the lower index (ml-nearest-vector's rule): [best squared distance, index, second]. */
  const nearest = (data: Float64Array, o: number, centres: Float64Array, out: Float64Array) => {
    let best = Number.MAX_VALUE;
    let second = Number.MAX_VALUE;
    let bestIndex = 0;
    for (let c = 0, co = 0; c < k; c++, co += d) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const diff = data[o + t] - centres[co + t];
        s += diff * diff;
      }
      if (s < best) {
        second = best;
        best = s;
        bestIndex = c;
      } else if (s < second) {
        second = s;
      }
    }
    out[0] = best;
    out[1] = bestIndex;
    out[2] = second;
  };
  const toCentre = (data: Float64Array, o: number, centres: Float64Array, co: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = data[o + t] - centres[co + t];
      s += diff * diff;
    }
    return s;
  };
  const found = new Float64Array(3);
  return {
    assignAll(data, from, to, centres, labels, upper, lower) {
      for (let i = from; i < to; i++) {
        nearest(data, i * d, centres, found);
        labels[i] = found[1];
        upper[i] = Math.sqrt(found[0]);
        lower[i] = k > 1 ? Math.sqrt(found[2]) : Infinity;
      }
    },
    assignBounded(data, from, to, centres, labels, upper, lower, drift, maxDrift, half, gaps, margin, sums, counts) {
      // (One pass; the compiled kernel splits it in two with `pending`, with the same result.)
      let moved = 0;
      for (let i = from; i < to; i++) {
        const a = labels[i];
        const l = lower[i] - maxDrift;
        const m = l > half[a] ? l : half[a];
        if (upper[i] + drift[a] + margin < m) continue;
        const o = i * d;
        const sa = toCentre(data, o, centres, a * d);
        const u = Math.sqrt(sa);
        upper[i] = u - drift[a];
        if (u + margin < m) continue;
        // The scan: every centre in index order, ties to the lower index, but a centre the gaps
        // show to be farther than a is not measured (its lower bound stands in for its distance).
        let best = Number.MAX_VALUE;
        let second = Number.MAX_VALUE;
        let b = 0;
        const lim = u + margin;
        for (let c = 0; c < k; c++) {
          let s: number;
          if (c === a) s = sa;
          else if (gaps[a * k + c] >= lim) {
            const lb = 2 * gaps[a * k + c] - u;
            if (lb * lb < second) second = lb * lb;
            continue;
          } else s = toCentre(data, o, centres, c * d);
          if (s < best) {
            // (A skipped centre's bound may already be below the old best.)
            if (best < second) second = best;
            best = s;
            b = c;
          } else if (s < second) {
            second = s;
          }
        }
        labels[i] = b;
        upper[i] = Math.sqrt(best) - drift[b];
        lower[i] = (k > 1 ? Math.sqrt(second) : Infinity) + maxDrift;
        if (b !== a) {
          moved++;
          counts[a]--;
          counts[b]++;
          for (let t = 0; t < d; t++) {
            sums[a * d + t] -= data[o + t];
            sums[b * d + t] += data[o + t];
          }
        }
      }
      return moved;
    },
    finish(data, from, to, centres, labels, upper, lower, drift, maxDrift, half, margin) {
      let inertia = 0;
      for (let i = from; i < to; i++) {
        const a = labels[i];
        const l = lower[i] - maxDrift;
        const m = l > half[a] ? l : half[a];
        const o = i * d;
        const s = toCentre(data, o, centres, a * d);
        if (Math.sqrt(s) + margin < m) {
          inertia += s;
          continue;
        }
        nearest(data, o, centres, found);
        labels[i] = found[1];
        inertia += found[0];
      }
      return inertia;
    },
    accumulate(data, from, to, labels, sums, counts) {
      for (let i = from; i < to; i++) {
        const c = labels[i];
        counts[c]++;
        const o = i * d;
        const co = c * d;
        for (let t = 0; t < d; t++) sums[co + t] += data[o + t];
      }
    },
    nearestAll(data, from, to, centres, labels) {
      let inertia = 0;
      for (let i = from; i < to; i++) {
        let best = Infinity;
        let index = 0;
        for (let c = 0; c < k; c++) {
          const s = toCentre(data, i * d, centres, c * d);
          if (s < best) (best = s), (index = c);
        }
        labels[i] = index;
        inertia += best;
      }
      return inertia;
    },
    closer(data, n, centre, closest) {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const diff = data[o + t] - centre[t];
          s += diff * diff;
        }
        if (s < closest[i]) closest[i] = s;
        total += closest[i];
      }
      return total;
    },
  };
}

/** Centres are unrolled into locals up to this many values (k·d); above it the scans loop over the centres. */
const MAX_UNROLLED_CENTRE_VALUES = 192;
/** Unrolling over the features stops paying (and the generated code grows) beyond this many. */
export const MAX_COMPILED_FEATURES = 32;

/** Source of the kernels for d features and k centres (the row's values held in locals x0…x{d-1}). */
function compiledSource(d: number, k: number): Record<keyof Kernels, { params: string[]; body: string }> {
  const ts = Array.from({ length: d }, (_, t) => t);
  const cs = Array.from({ length: k }, (_, c) => c);
  const unrolled = k * d <= MAX_UNROLLED_CENTRE_VALUES;
  const loadRow = ts.map((t) => `const x${t} = data[o + ${t}];`).join("\n");
  const index = (offset: string, t: number) => (offset ? (t ? `${offset} + ${t}` : offset) : `${t}`);
  const distance = (centre: string, offset: string) =>
    `let s = 0, df = 0;\n${ts.map((t) => `df = x${t} - ${centre}[${index(offset, t)}]; s += df * df;`).join("\n")}`;
  // The centres in locals c{c}_{t}, read once per call (they change between iterations, not within one).
  const loadCentres = unrolled ? cs.map((c) => ts.map((t) => `const c${c}_${t} = centres[${c * d + t}];`).join(" ")).join("\n") : "";
  const compare = (c: string) => `if (s < best) { second = best; best = s; bestIndex = ${c}; } else if (s < second) { second = s; }`;
  const nearest = unrolled
    ? `let best = Number.MAX_VALUE, second = Number.MAX_VALUE, bestIndex = 0;
       ${cs.map((c) => `{ let s = 0, df = 0; ${ts.map((t) => `df = x${t} - c${c}_${t}; s += df * df;`).join(" ")} ${compare(String(c))} }`).join("\n")}`
    : `let best = Number.MAX_VALUE, second = Number.MAX_VALUE, bestIndex = 0;
       for (let c = 0, co = 0; c < ${k}; c++, co += ${d}) {
         ${distance("centres", "co")}
         ${compare("c")}
       }`;
  // The bounded pass's scan: centre a's distance is known (sa), and a centre whose gap to a is at
  // least u + margin is farther than a, so it is skipped and its lower bound (2 gap − u) counts
  // towards the second-nearest distance instead (see Kernels.assignBounded). A bound can be below
  // the best distance found so far, so a new best keeps the smaller of the old best and `second`.
  const prunedStep = (c: string) => `{
    let s = 0;
    if (a === ${c}) s = sa;
    else {
      const g = gaps[go + ${c}];
      if (g >= lim) { const lb = 2 * g - u; if (lb * lb < second) second = lb * lb; s = -1; }
      else { let df = 0; ${"${DIST}"} }
    }
    if (s >= 0) {
      if (s < best) { if (best < second) second = best; best = s; bestIndex = ${c}; } else if (s < second) { second = s; }
    }
  }`;
  // With the centres in locals (small k·d) the scan measures every centre: profiling at 4,000–100,000
  // rows (d = 6, k = 8) showed the gap test's unpredictable branch per centre costing more than the
  // distances it saves (a bounded pass about 25 % slower with it on the Online Retail features).
  // Looping over the centres (large k·d), a skipped distance saves more, so the gap test stays.
  // Before the looped scan, the row's distance to its own centre (sa, u) tightens the upper bound,
  // which may clear the test without a scan, and is what the gap test compares with. Unrolled,
  // measuring the other centres costs little more than that one distance and the branch on it
  // (the bounded pass about 15 % faster without it, same profile), so a failed row goes straight to the scan.
  const tighten = unrolled
    ? ""
    : `let sa = 0;
       {
         const co = a * ${d};
         ${distance("centres", "co")}
         sa = s;
       }
       const u = Math.sqrt(sa);
       upper[i] = u - drift[a];
       if (u + margin < m) continue;`;
  const prunedScan = unrolled
    ? nearest
    : `let best = Number.MAX_VALUE, second = Number.MAX_VALUE, bestIndex = 0;
       const go = a * ${k}, lim = u + margin;
       for (let c = 0, co = 0; c < ${k}; c++, co += ${d}) {
         ${prunedStep("c").replace("${DIST}", ts.map((t) => `df = x${t} - centres[co + ${t}]; s += df * df;`).join(" "))}
       }`;
  const lowerOf = (second: string) => (k > 1 ? `Math.sqrt(${second})` : "Infinity");
  const test = `
    const a = labels[i];
    const l = lower[i] - maxDrift;
    const m = l > half[a] ? l : half[a];`;
  return {
    assignAll: {
      params: ["data", "from", "to", "centres", "labels", "upper", "lower"],
      body: `${loadCentres}
      for (let i = from, o = from * ${d}; i < to; i++, o += ${d}) {
        ${loadRow}
        ${nearest}
        labels[i] = bestIndex;
        upper[i] = Math.sqrt(best);
        lower[i] = ${lowerOf("second")};
      }`,
    },
    assignBounded: {
      params: ["data", "from", "to", "centres", "labels", "upper", "lower", "drift", "maxDrift", "half", "gaps", "margin", "sums", "counts", "pending"],
      // Two passes: the first only reads the bounds (sequentially) and lists the rows that fail the
      // test; the second measures those. Rows fail sparsely and at random, so fetching their values
      // inside the first loop would stall on each; listed first, the fetches can overlap.
      body: `
        let count = 0;
        for (let i = from; i < to; i++) {
          ${test}
          if (upper[i] + drift[a] + margin < m) continue;
          pending[count++] = i;
        }
        if (count === 0) return 0;
        ${loadCentres}
        let moved = 0;
        for (let p = 0; p < count; p++) {
          const i = pending[p], o = i * ${d};
          ${test}
          ${loadRow}
          ${tighten}
          ${prunedScan}
          labels[i] = bestIndex;
          upper[i] = Math.sqrt(best) - drift[bestIndex];
          lower[i] = ${lowerOf("second")} + maxDrift;
          if (bestIndex !== a) {
            moved++;
            counts[a]--;
            counts[bestIndex]++;
            const ao = a * ${d}, bo = bestIndex * ${d};
            ${ts.map((t) => `sums[ao + ${t}] -= x${t}; sums[bo + ${t}] += x${t};`).join("\n")}
          }
        }
        return moved;`,
    },
    finish: {
      params: ["data", "from", "to", "centres", "labels", "upper", "lower", "drift", "maxDrift", "half", "margin"],
      body: `${loadCentres}
        let inertia = 0;
        for (let i = from, o = from * ${d}; i < to; i++, o += ${d}) {
          ${test}
          ${loadRow}
          {
            const co = a * ${d};
            ${distance("centres", "co")}
            if (Math.sqrt(s) + margin < m) { inertia += s; continue; }
          }
          ${nearest}
          labels[i] = bestIndex;
          inertia += best;
        }
        return inertia;`,
    },
    accumulate: {
      params: ["data", "from", "to", "labels", "sums", "counts"],
      body: `
        for (let i = from, o = from * ${d}; i < to; i++, o += ${d}) {
          const c = labels[i];
          counts[c]++;
          const co = c * ${d};
          ${ts.map((t) => `sums[co + ${t}] += data[o + ${t}];`).join("\n")}
        }`,
    },
    nearestAll: {
      params: ["data", "from", "to", "centres", "labels"],
      body: `${loadCentres}
        let inertia = 0;
        for (let i = from, o = from * ${d}; i < to; i++, o += ${d}) {
          ${loadRow}
          let best = Infinity, index = 0;
          ${
            unrolled
              ? cs.map((c) => `{ let s = 0, df = 0; ${ts.map((t) => `df = x${t} - c${c}_${t}; s += df * df;`).join(" ")} if (s < best) { best = s; index = ${c}; } }`).join("\n")
              : `for (let c = 0, co = 0; c < ${k}; c++, co += ${d}) { ${distance("centres", "co")} if (s < best) { best = s; index = c; } }`
          }
          labels[i] = index;
          inertia += best;
        }
        return inertia;`,
    },
    closer: {
      params: ["data", "n", "centre", "closest"],
      body: `
        ${ts.map((t) => `const y${t} = centre[${t}];`).join(" ")}
        let total = 0;
        for (let i = 0, o = 0; i < n; i++, o += ${d}) {
          let s = 0, df = 0;
          ${ts.map((t) => `df = data[o + ${t}] - y${t}; s += df * df;`).join("\n")}
          const c = closest[i];
          if (s < c) { closest[i] = s; total += s; } else total += c;
        }
        return total;`,
    },
  };
}

const compiledCache = new Map<string, Kernels | null>();

/** The kernels generated for (d, k), or null where `new Function` is not allowed (a strict Content-Security-Policy) or d is too large. */
export function compiledKernels(d: number, k: number): Kernels | null {
  if (d < 1 || d > MAX_COMPILED_FEATURES || k < 1) return null;
  return compiledOnce(compiledCache, `${d}:${k}`, () => {
    const source = compiledSource(d, k);
    const build = <F>(name: keyof Kernels) => compileFunction<F>(source[name].params, source[name].body);
    return {
      assignAll: build<Kernels["assignAll"]>("assignAll"),
      assignBounded: build<Kernels["assignBounded"]>("assignBounded"),
      finish: build<Kernels["finish"]>("finish"),
      accumulate: build<Kernels["accumulate"]>("accumulate"),
      nearestAll: build<Kernels["nearestAll"]>("nearestAll"),
      closer: build<Kernels["closer"]>("closer"),
    };
  });
}

/** Which kernel to run: `auto` compiles for (d, k) when it can; `generic` forces the plain loops (tests compare the two). */
export type KernelChoice = "auto" | "generic";

export function kernelsFor(d: number, k: number, choice: KernelChoice = "auto"): Kernels {
  return (choice === "auto" ? compiledKernels(d, k) : null) ?? genericKernels(d, k);
}
