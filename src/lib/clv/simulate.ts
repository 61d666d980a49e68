/**
 * Seeded simulation of customers from the BG/NBD and Gamma-Gamma processes, for parameter-recovery
 * tests and the benchmark: the same seed gives the same customers everywhere.
 *
 * BG/NBD: each customer draws λ ~ Gamma(r, rate α) and p ~ Beta(a, b); from the first purchase at
 * time 0 they buy at rate λ and, after each repeat purchase, drop out with probability p (never at
 * time 0, as in the model). Gamma-Gamma: each customer draws ν ~ Gamma(q, rate γ) and every
 * purchase's value ~ Gamma(p, rate ν).
 */
import type { BgNbdParams } from "./bgnbd.js";
import type { GammaGammaParams } from "./gammaGamma.js";
import { randomNormal, type Random } from "../stats/random.js";

/** A Gamma(shape, rate) deviate: Marsaglia & Tsang's squeeze method (shape < 1 boosted by U^(1/shape)). */
export function randomGamma(random: Random, shape: number, rate = 1): number {
  if (!(shape > 0 && rate > 0)) throw new RangeError(`randomGamma: shape ${shape} and rate ${rate} must be positive`);
  if (shape < 1) {
    let u = random();
    while (u === 0) u = random();
    return randomGamma(random, shape + 1, rate) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = randomNormal(random);
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * z * z * z * z || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return (d * v) / rate;
  }
}

/** A Beta(a, b) deviate as G₁ / (G₁ + G₂). */
export function randomBeta(random: Random, a: number, b: number): number {
  const g1 = randomGamma(random, a);
  const g2 = randomGamma(random, b);
  return g1 / (g1 + g2);
}

/** Repeat-purchase times (in the model's unit, after the first purchase at 0) of one simulated customer up to T. */
export function simulatePurchaseTimes(random: Random, params: BgNbdParams, T: number): number[] {
  const lambda = randomGamma(random, params.r, params.alpha);
  const p = randomBeta(random, params.a, params.b);
  const times: number[] = [];
  let t = 0;
  for (;;) {
    let u = random();
    while (u === 0) u = random();
    t += -Math.log(u) / lambda;
    if (t > T) return times;
    times.push(t);
    if (random() < p) return times;
  }
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchases (NaN when x = 0). */
  m: Float64Array;
}

/**
 * `n` customers whose ages T are spread evenly over [minT, maxT] (as in a cohort acquired over a
 * period), with BG/NBD purchases and, when `spend` is given, Gamma-Gamma values.
 */
export function simulateCustomers(
  random: Random,
  n: number,
  params: BgNbdParams,
  { minT, maxT, spend }: { minT: number; maxT: number; spend?: GammaGammaParams },
): SimulatedCustomers {
  const out: SimulatedCustomers = { x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n), m: new Float64Array(n).fill(NaN) };
  for (let i = 0; i < n; i++) {
    const T = minT + (maxT - minT) * random();
    const times = simulatePurchaseTimes(random, params, T);
    out.T[i] = T;
    out.x[i] = times.length;
    out.tx[i] = times.length ? times[times.length - 1] : 0;
    if (spend) {
      const nu = randomGamma(random, spend.q, spend.gamma);
      if (times.length) {
        let sum = 0;
        for (let j = 0; j < times.length; j++) sum += randomGamma(random, spend.p, nu);
        out.m[i] = sum / times.length;
      }
    }
  }
  return out;
}

export interface SimulatedExport {
  /** CSV lines with a header, in the form ingest reads (customer_id, order_id, timestamp, product, quantity, unit_price). */
  lines: string[];
  customers: number;
  orders: number;
}

/**
 * A transactions export from the two processes: `n` customers acquired on days spread evenly over
 * the first `acquisitionDays` after `startDate` (YYYY-MM-DD), followed to day `observationDays`; each
 * purchase (times in weeks) is one order on its day, with the Gamma-Gamma value as its one line's
 * price. For pipeline tests and the benchmark.
 */
export function simulateExport(
  random: Random,
  n: number,
  params: BgNbdParams,
  spend: GammaGammaParams,
  { startDate, acquisitionDays, observationDays }: { startDate: string; acquisitionDays: number; observationDays: number },
): SimulatedExport {
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const stamp = (day: number) => new Date(start + day * 86_400_000 + 12 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
  const lines = ["customer_id,order_id,timestamp,product_id,quantity,unit_price"];
  let orders = 0;
  for (let i = 0; i < n; i++) {
    const first = Math.floor((i * acquisitionDays) / n);
    const nu = randomGamma(random, spend.q, spend.gamma);
    const days = [first, ...simulatePurchaseTimes(random, params, (observationDays - first) / 7).map((t) => first + Math.ceil(t * 7))];
    for (const day of days) {
      if (day > observationDays) continue;
      const value = Math.max(0.01, Math.round(randomGamma(random, spend.p, nu) * 100) / 100);
      lines.push(`S${i},O${++orders},${stamp(day)},P1,1,${value.toFixed(2)}`);
    }
  }
  return { lines, customers: n, orders };
}
