/**
 * Which valid key an unknown config key most likely misspells, for the "did you mean …?" of an
 * unknown-key error.
 */

/**
 * Optimal string alignment distance: each insertion, deletion, substitution, or swap of two adjacent
 * characters counts 1 (a swap is the commonest typo, "segmnetation", and Levenshtein would count it 2).
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: distance between the first i characters of a and the first j of b.
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** A prefix this long or longer is taken as a shortened key ("customer" for "customer_id"). */
const MIN_PREFIX = 3;

/**
 * The valid key closest to `unknown`, ignoring case: within an edit distance of a third of its length
 * (at least 1, and less than its length: "x" is not a misspelt "k"), or one of the two a prefix of
 * the other. Ties go to the key listed first, so the answer is the same on every run. Undefined when
 * no key is close.
 */
export function closestKey(unknown: string, valid: readonly string[]): string | undefined {
  const wanted = unknown.toLowerCase();
  const limit = Math.min(Math.max(1, Math.floor(wanted.length / 3)), wanted.length - 1);
  let best: { key: string; distance: number } | undefined;
  for (const key of valid) {
    const candidate = key.toLowerCase();
    const distance = editDistance(wanted, candidate);
    const [shorter, longer] = wanted.length <= candidate.length ? [wanted, candidate] : [candidate, wanted];
    const prefix = shorter.length >= MIN_PREFIX && longer.startsWith(shorter);
    if (distance > limit && !prefix) continue;
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best?.key;
}
