// Gamma-Gamma formulas against Fader & Hardie (2013), as lifetimes' tests use them.
import { describe, expect, it } from "vitest";
import { expectedAverageValue, gammaGammaObjective, populationMeanValue, spendFrequencyCorrelation, type GammaGammaParams } from "../../../src/lib/clv/gammaGamma.js";
import { lgamma } from "../../../src/lib/clv/special.js";

const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe("Gamma-Gamma", () => {
  it("a customer with 2 repeat purchases averaging 22.35 has an expected average value of 24.66", () => {
    expect(expectedAverageValue(CDNOW, 2, 22.35).toFixed(2)).toBe("24.66");
  });

  it("without repeat purchases, and for the population, the mean is p γ / (q − 1)", () => {
    expect(populationMeanValue(CDNOW)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(expectedAverageValue(CDNOW, 0, 0)).toBe(populationMeanValue(CDNOW));
    expect(expectedAverageValue({ ...CDNOW, q: 0.9 }, 2, 22.35)).toBeNaN();
  });

  it("has the log-likelihood written out, and its gradient", () => {
    const data = { x: Float64Array.of(1, 2, 2, 7), m: Float64Array.of(10, 22.35, 40, 15.5) };
    const objective = gammaGammaObjective(data);
    const { p, q, gamma } = CDNOW;
    let direct = 0;
    for (let i = 0; i < 4; i++) {
      const [x, m] = [data.x[i], data.m[i]];
      direct += lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(m) + p * x * Math.log(x) - (p * x + q) * Math.log(gamma + m * x);
    }
    const gradient = new Float64Array(3);
    expect(objective.logLikelihood(CDNOW, gradient)).toBeCloseTo(direct, 10);
    (["p", "q", "gamma"] as const).forEach((name, j) => {
      const h = 1e-6 * CDNOW[name];
      const numeric = (objective.logLikelihood({ ...CDNOW, [name]: CDNOW[name] + h }) - objective.logLikelihood({ ...CDNOW, [name]: CDNOW[name] - h })) / (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 4);
    });
  });

  it("rejects customers without repeat purchases or a positive mean, naming the row", () => {
    expect(() => gammaGammaObjective({ x: Float64Array.of(1, 0), m: Float64Array.of(5, 5) })).toThrow(/row 1/);
    expect(() => gammaGammaObjective({ x: Float64Array.of(1), m: Float64Array.of(-2) })).toThrow(/row 0.*m > 0/);
  });

  it("reports the spend–frequency correlation, weighted rows counted as copies", () => {
    const x = Float64Array.of(1, 2, 3, 4);
    const m = Float64Array.of(10, 12, 11, 15);
    const r = spendFrequencyCorrelation({ x, m });
    expect(r).toBeCloseTo(0.8366600265340756, 12); // Python's statistics.correlation
    const copies = spendFrequencyCorrelation({ x: Float64Array.of(1, 2, 2, 3), m: Float64Array.of(10, 12, 12, 11) });
    expect(spendFrequencyCorrelation({ x: Float64Array.of(1, 2, 3), m: Float64Array.of(10, 12, 11), weight: Float64Array.of(1, 2, 1) })).toBeCloseTo(copies!, 12);
    expect(spendFrequencyCorrelation({ x: Float64Array.of(2, 2), m: Float64Array.of(1, 3) })).toBeNull();
  });
});
