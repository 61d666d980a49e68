/**
 * Principal components of a row-major n × d matrix, for a 2-D picture of the clusters: the
 * covariance matrix (d × d, population), its eigenvectors by cyclic Jacobi rotations (exact for
 * the small symmetric matrices we have, and deterministic), components ordered by variance, each
 * signed so its largest-magnitude loading is positive (so the picture does not flip between runs).
 */

export interface PcaResult {
  /** Number of components returned (≤ d). */
  components: number;
  /** components × d loadings (unit vectors). */
  loadings: number[][];
  /** Variance along each returned component. */
  variances: number[];
  /** Share of the total variance along each returned component. */
  explained: number[];
  mean: number[];
  /** Coordinates of every row on the first two components (zeros where there is no second component). */
  x: Float64Array;
  y: Float64Array;
}

/** Eigenvalues and eigenvectors (as columns of `vectors`, row-major d × d) of a symmetric matrix. */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < d; p++) {
      diag += a[p * d + p] ** 2;
      for (let q = p + 1; q < d; q++) off += a[p * d + q] ** 2;
    }
    if (off <= 1e-30 * (diag || 1)) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < d; r++) {
          const arp = a[r * d + p];
          const arq = a[r * d + q];
          a[r * d + p] = c * arp - s * arq;
          a[r * d + q] = s * arp + c * arq;
        }
        for (let r = 0; r < d; r++) {
          const apr = a[p * d + r];
          const aqr = a[q * d + r];
          a[p * d + r] = c * apr - s * aqr;
          a[q * d + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < d; r++) {
          const vrp = v[r * d + p];
          const vrq = v[r * d + q];
          v[r * d + p] = c * vrp - s * vrq;
          v[r * d + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

export function pca(data: Float64Array, n: number, d: number, components = 2): PcaResult {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += data[i * d + t];
  for (let t = 0; t < d; t++) mean[t] /= n || 1;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) row[t] = data[i * d + t] - mean[t];
    for (let p = 0; p < d; p++) {
      const rp = row[p];
      for (let q = p; q < d; q++) cov[p * d + q] += rp * row[q];
    }
  }
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      cov[p * d + q] /= n || 1;
      cov[q * d + p] = cov[p * d + q];
    }
  }
  const { values, vectors } = symmetricEigen(cov, d);
  const order = [...Array(d).keys()].sort((a, b) => values[b] - values[a] || a - b);
  const m = Math.min(components, d);
  const loadings = order.slice(0, m).map((col) => {
    const vec = Array.from({ length: d }, (_, r) => vectors[r * d + col]);
    let largest = 0;
    for (const x of vec) if (Math.abs(x) > Math.abs(largest)) largest = x;
    return largest < 0 ? vec.map((x) => -x) : vec;
  });
  const variances = order.slice(0, m).map((col) => Math.max(0, values[col]));
  let total = 0;
  for (let t = 0; t < d; t++) total += cov[t * d + t];
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const [l0, l1] = [loadings[0], loadings[1]];
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let t = 0; t < d; t++) {
      const c = data[i * d + t] - mean[t];
      a += c * l0[t];
      if (l1) b += c * l1[t];
    }
    x[i] = a;
    y[i] = b;
  }
  return {
    components: m,
    loadings,
    variances,
    explained: variances.map((v) => (total > 0 ? v / total : 0)),
    mean: Array.from(mean),
    x,
    y,
  };
}
