// BG/NBD formulas against the published reference values (Fader, Hardie & Lee 2005, as lifetimes' and
// CLVTools' tests use them), and the likelihood's gradient and weights.
import { describe, expect, it } from "vitest";
import { bgnbdObjective, conditionalExpectedPurchases, expectedPurchases, probabilityAlive, type BgNbdParams } from "../../../src/lib/clv/bgnbd.js";
import { simulateCustomers } from "../../../src/lib/clv/simulate.js";
import { seededRandom } from "../../../src/lib/stats/random.js";

const CDNOW: BgNbdParams = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };

describe("BG/NBD reference values (weeks)", () => {
  it("a customer with x = 2, t_x = 30.43, T = 38.86 has 1.226 expected purchases in the next 39 weeks", () => {
    expect(conditionalExpectedPurchases(CDNOW, 39, 2, 30.43, 38.86).toFixed(3)).toBe("1.226");
  });

  it("unconditional expected purchases by t = 1, 3 and 78 weeks are 0.0532, 0.1506 and 1.858", () => {
    expect(expectedPurchases(CDNOW, 1).toFixed(4)).toBe("0.0532");
    expect(expectedPurchases(CDNOW, 3).toFixed(4)).toBe("0.1506");
    expect(expectedPurchases(CDNOW, 78).toFixed(3)).toBe("1.858");
    expect(expectedPurchases(CDNOW, 0)).toBe(0);
  });

  it("P(alive) is 1 without repeat purchases, and within [0, 1] everywhere", () => {
    expect(probabilityAlive(CDNOW, 0, 0, 40)).toBe(1);
    for (let x = 1; x < 60; x += 7) {
      for (let T = 1; T < 100; T += 13) {
        for (let tx = 0; tx <= T; tx += T / 5) {
          const p = probabilityAlive(CDNOW, x, tx, T);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }
    }
    // A recent last purchase means more likely alive than an early one.
    expect(probabilityAlive(CDNOW, 3, 35, 38.86)).toBeGreaterThan(probabilityAlive(CDNOW, 3, 5, 38.86));
  });

  it("with almost no dropout (a → 0, b large) tends to the NBD's r t / α", () => {
    const params = { r: 0.72, alpha: 9.39, a: 1e-7, b: 13000 };
    expect(expectedPurchases(params, 13)).toBeCloseTo((0.72 * 13) / 9.39, 4);
  });
});

describe("BG/NBD log-likelihood", () => {
  const sim = simulateCustomers(seededRandom(5), 3000, CDNOW, { minT: 26, maxT: 78 });

  it("has the analytic gradient of its central differences", () => {
    const objective = bgnbdObjective(sim);
    const gradient = new Float64Array(4);
    objective.logLikelihood(CDNOW, gradient);
    const names = ["r", "alpha", "a", "b"] as const;
    names.forEach((name, j) => {
      const h = 1e-6 * CDNOW[name];
      const numeric = (objective.logLikelihood({ ...CDNOW, [name]: CDNOW[name] + h }) - objective.logLikelihood({ ...CDNOW, [name]: CDNOW[name] - h })) / (2 * h);
      expect(gradient[j]).toBeCloseTo(numeric, 2);
    });
  });

  it("counts a row of weight w as w identical rows", () => {
    const rows = { x: Float64Array.of(0, 2, 2, 5, 0), tx: Float64Array.of(0, 10, 10, 30.5, 0), T: Float64Array.of(20, 40, 40, 38, 7) };
    const merged = { x: Float64Array.of(0, 2, 5, 0), tx: Float64Array.of(0, 10, 30.5, 0), T: Float64Array.of(20, 40, 38, 7), weight: Float64Array.of(1, 2, 1, 1) };
    expect(bgnbdObjective(merged).logLikelihood(CDNOW)).toBeCloseTo(bgnbdObjective(rows).logLikelihood(CDNOW), 10);
    expect(bgnbdObjective(merged).count).toBe(5);
  });

  it("matches the single-customer likelihood written out (x = 2, t_x = 30.43, T = 38.86)", () => {
    const { r, alpha, a, b } = CDNOW;
    const [x, tx, T] = [2, 30.43, 38.86];
    // Γ(r+x)/Γ(r) = r(r+1) for x = 2; B(a, b+x)/B(a, b) = b(b+1)/((a+b)(a+b+1)).
    const direct = Math.log(
      ((r * (r + 1) * Math.pow(alpha, r)) * (b * (b + 1))) / ((a + b) * (a + b + 1)) *
        (Math.pow(alpha + T, -(r + x)) + (a / (b + x - 1)) * Math.pow(alpha + tx, -(r + x))),
    );
    expect(bgnbdObjective({ x: Float64Array.of(x), tx: Float64Array.of(tx), T: Float64Array.of(T) }).logLikelihood(CDNOW)).toBeCloseTo(direct, 12);
  });

  it("rejects rows the model cannot read, naming the row", () => {
    expect(() => bgnbdObjective({ x: Float64Array.of(1, 1.5), tx: Float64Array.of(1, 1), T: Float64Array.of(2, 2) })).toThrow(/row 1: x = 1.5/);
    expect(() => bgnbdObjective({ x: Float64Array.of(1), tx: Float64Array.of(3), T: Float64Array.of(2) })).toThrow(/row 0.*t_x ≤ T/);
  });
});
