// Special functions against tabulated values (Abramowitz & Stegun; closed forms of ₂F₁).
import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, hyp2f1Series, lgamma } from "../../../src/lib/clv/special.js";

describe("lgamma", () => {
  it("matches ln Γ at known points, below and above the switch to Stirling's series", () => {
    expect(lgamma(1)).toBeCloseTo(0, 14);
    expect(lgamma(2)).toBeCloseTo(0, 14);
    expect(lgamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(lgamma(0.1)).toBeCloseTo(2.252712651734206, 13);
    expect(lgamma(10)).toBeCloseTo(Math.log(362880), 13);
    // Both sides of the switch from Lanczos to Stirling at 15: ln 14! and ln 19!, and continuity there.
    expect(lgamma(15)).toBeCloseTo(Math.log(87178291200), 12);
    expect(lgamma(20)).toBeCloseTo(Math.log(121645100408832000), 12);
    expect(lgamma(15 - 1e-9)).toBeCloseTo(lgamma(15) - 1e-9 * 2.6743466819, 12);
    expect(lgamma(100)).toBeCloseTo(359.1342053695754, 10);
    expect(lgamma(1e6)).toBeCloseTo(12815504.569147611, 5);
    expect(lgamma(0)).toBe(Infinity);
    expect(lgamma(-1)).toBeNaN();
  });
});

describe("digamma", () => {
  it("matches ψ at known points", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 13);
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.log(2), 13);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 13);
    expect(digamma(0.01)).toBeCloseTo(-100.56088545786867, 10);
  });

  it("is the derivative of lgamma", () => {
    for (const x of [0.3, 1.7, 8, 25, 300]) expect(digamma(x)).toBeCloseTo((lgamma(x + 1e-6) - lgamma(x - 1e-6)) / 2e-6, 6);
  });
});

describe("hyp2f1", () => {
  it("matches closed forms: ₂F₁(1,1;2;z) = −ln(1−z)/z and ₂F₁(a,b;b;z) = (1−z)^−a", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 11);
      expect(hyp2f1(0.3, 2.5, 2.5, z)).toBeCloseTo(Math.pow(1 - z, -0.3), 11);
    }
  });

  it("agrees between the direct series and Euler's transformation", () => {
    // a + b > c: hyp2f1 transforms; the direct series (slowly) gives the same value.
    const z = 0.6;
    expect(hyp2f1(1.5, 2.2, 2.1, z)).toBeCloseTo(hyp2f1Series(1.5, 2.2, 2.1, z), 10);
  });

  it("ends a terminating series exactly, even with parameters in the thousands (a BG/NBD fit with b of 13,000)", () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const [b, c, z] = [13000, 13391.7, 0.8];
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 12);
  });

  it("refuses what it cannot compute", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(/outside \[0, 1\)/);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(/pole/);
  });
});
