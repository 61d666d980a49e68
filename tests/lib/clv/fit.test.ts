// Maximum likelihood on seeded simulations: known parameters are recovered within their standard
// errors, the same data give the same fit, and the warm start for large data reaches the same optimum.
import { describe, expect, it } from "vitest";
import { bgnbdObjective, type BgNbdParams } from "../../../src/lib/clv/bgnbd.js";
import { fitBgNbd, fitGammaGamma, WARM_START_ROWS } from "../../../src/lib/clv/fit.js";
import type { GammaGammaParams } from "../../../src/lib/clv/gammaGamma.js";
import { inverseSymmetric, maximizeLikelihood } from "../../../src/lib/clv/mle.js";
import { simulateCustomers } from "../../../src/lib/clv/simulate.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

const BG: BgNbdParams = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
const GG: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

function repeatBuyers(sim: { x: Float64Array; m: Float64Array }) {
  const keep = [...sim.x.keys()].filter((i) => sim.x[i] > 0);
  return { x: Float64Array.from(keep, (i) => sim.x[i]), m: Float64Array.from(keep, (i) => sim.m[i]) };
}

function expectRecovered<P extends object>(fit: { params: P; standardErrors: P | null; converged: boolean }, truth: P) {
  expect(fit.converged).toBe(true);
  expect(fit.standardErrors).not.toBeNull();
  for (const name of Object.keys(truth) as (keyof P)[]) {
    const se = fit.standardErrors![name] as number;
    expect(se).toBeGreaterThan(0);
    expect(Math.abs((fit.params[name] as number) - (truth[name] as number)), `${String(name)}: ${fit.params[name]} ± ${se}, true ${truth[name]}`).toBeLessThan(3 * se);
  }
}

describe("parameter recovery", () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers BG/NBD and Gamma-Gamma parameters from 8,000 simulated customers (seed ${seed})`, () => {
      const sim = simulateCustomers(seededRandom(seed), 8000, BG, { minT: 26, maxT: 78, spend: GG });
      const bg = fitBgNbd(sim);
      expectRecovered(bg, BG);
      expect(Number.isFinite(bg.logLikelihood)).toBe(true);
      const gg = fitGammaGamma(repeatBuyers(sim));
      expectRecovered(gg, GG);
    });
  }

  it("recovers other parameters too (frequent buyers who rarely drop out, in days)", () => {
    const truth = { r: 1.8, alpha: 40, a: 2.5, b: 9 };
    const sim = simulateCustomers(seededRandom(11), 6000, truth, { minT: 60, maxT: 540, spend: { p: 3, q: 8, gamma: 60 } });
    expectRecovered(fitBgNbd(sim), truth);
    expectRecovered(fitGammaGamma(repeatBuyers(sim)), { p: 3, q: 8, gamma: 60 });
  });

  it(`warm-starts above ${2 * WARM_START_ROWS} rows and reaches the full data's optimum`, () => {
    const sim = simulateCustomers(seededRandom(4), 2 * WARM_START_ROWS + 20_000, BG, { minT: 26, maxT: 78 });
    const warm = fitBgNbd(sim);
    expectRecovered(warm, BG);
    // A cold fit of the same data (BFGS from the plain start, no subsample) finds the same optimum.
    const objective = bgnbdObjective(sim);
    const cold = maximizeLikelihood((p, g) => objective.logLikelihood({ r: p[0], alpha: p[1], a: p[2], b: p[3] }, g), [1, 10, 1, 1], objective.count);
    expect(cold.converged).toBe(true);
    expect(warm.logLikelihood).toBeCloseTo(cold.logLikelihood, 3);
    (["r", "alpha", "a", "b"] as const).forEach((name, j) => expect(Math.abs(warm.params[name] - cold.estimates[j])).toBeLessThan(0.01 * warm.standardErrors![name]));
  });
});

describe("fitting", () => {
  it("is deterministic: the same data give the same estimates, bit for bit", () => {
    const a = simulateCustomers(seededRandom(9), 3000, BG, { minT: 26, maxT: 78, spend: GG });
    const b = simulateCustomers(seededRandom(9), 3000, BG, { minT: 26, maxT: 78, spend: GG });
    expect(b).toEqual(a);
    expect(fitBgNbd(b)).toEqual(fitBgNbd(a));
    expect(fitGammaGamma(repeatBuyers(b))).toEqual(fitGammaGamma(repeatBuyers(a)));
  });

  it("refuses empty data", () => {
    expect(() => fitBgNbd({ x: new Float64Array(0), tx: new Float64Array(0), T: new Float64Array(0) })).toThrow(/no customers/);
    expect(() => fitGammaGamma({ x: new Float64Array(0), m: new Float64Array(0) })).toThrow(/no repeat customers/);
  });

  it("inverts symmetric positive definite matrices and refuses others", () => {
    const inverse = inverseSymmetric([
      [4, 2],
      [2, 3],
    ])!;
    expect(inverse[0][0]).toBeCloseTo(3 / 8, 14);
    expect(inverse[0][1]).toBeCloseTo(-2 / 8, 14);
    expect(inverse[1][1]).toBeCloseTo(4 / 8, 14);
    expect(inverseSymmetric([[1, 2], [2, 1]])).toBeNull();
  });
});
