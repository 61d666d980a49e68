/**
 * Special functions the CLV models need: log-gamma, digamma and the Gauss hypergeometric series.
 * Written here rather than pulled from @stdlib (three functions would bring 170 packages); tested
 * against tabulated values in tests/lib/clv/special.test.ts.
 */

/** Lanczos coefficients for g = 7, n = 9 (the set Numerical Recipes and Boost document). */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 (about 15 significant digits). Above 15 Stirling's series is used: it is more
 * accurate there than Lanczos, and likelihoods call this with large arguments (r + x for heavy buyers).
 */
export function lgamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  if (x >= 15) {
    const inv = 1 / x;
    const inv2 = inv * inv;
    // Bernoulli terms B2k / (2k (2k − 1) x^(2k − 1)), k = 1..6
    const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188 - inv2 * (691 / 360360))))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to 8, then the asymptotic series. */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < 8) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  // B2k / (2k x^(2k)), k = 1..6
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** How many terms the hypergeometric series may take before it is declared non-convergent. */
export const HYP2F1_MAX_TERMS = 1_000_000;

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, by its power series. When
 * a + b > c the terms first grow (polynomially) and the sum is large; Euler's transformation
 * ₂F₁(a, b; c; z) = (1 − z)^(c − a − b) ₂F₁(c − a, c − b; c; z) then gives a series whose terms shrink,
 * as lifetimes does when the direct value overflows. Throws when c is 0 or a negative whole number,
 * z is outside [0, 1), or the series has not converged in HYP2F1_MAX_TERMS terms: a wrong number
 * is never returned quietly.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1: z = ${z} is outside [0, 1)`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hyp2f1: c = ${c} is a pole (0 or a negative whole number)`);
  if (a + b > c) return Math.exp((c - a - b) * Math.log1p(-z)) * hyp2f1Series(c - a, c - b, c, z);
  return hyp2f1Series(a, b, c, z);
}

/**
 * The plain power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, summed until its tail cannot move the sum. The
 * ratio of consecutive terms is z·f(n), f(n) = (a+n)(b+n) / ((c+n)(n+1)) = 1 + N(n) / ((c+n)(n+1))
 * with N(n) = (a+b−c−1) n + ab − c. When a + b − c − 1 < 0 (always so after hyp2f1's Euler step),
 * N is falling, so once N(n) ≤ 0 and every factor is positive, all later ratios are at most z and
 * the tail after a term is at most |term| · z / (1 − z). Otherwise the ratio is bounded by its next
 * value once it is falling towards z from above.
 */
export function hyp2f1Series(a: number, b: number, c: number, z: number): number {
  if (z === 0) return 1;
  const slope = a + b - c - 1;
  // From this n on the bound with ratio z holds (slope < 0); past it for slope ≥ 0, the ratios fall towards z.
  const settled = Math.max(0, -a, -b, -c, slope < 0 ? (a * b - c) / -slope : 2 * (Math.abs(a) + Math.abs(b) + Math.abs(c) + 1)) + 1;
  let term = 1;
  let sum = 1;
  for (let n = 0; n < HYP2F1_MAX_TERMS; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term === 0) return sum;
    if (n + 1 >= settled) {
      const rho = slope < 0 ? z : Math.max(z, Math.abs(((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * z);
      if (rho < 1 && (Math.abs(term) * rho) / (1 - rho) <= Number.EPSILON * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`hyp2f1(${a}, ${b}; ${c}; ${z}): the series did not converge in ${HYP2F1_MAX_TERMS} terms`);
}
