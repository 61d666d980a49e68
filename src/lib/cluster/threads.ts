/**
 * How many threads a k-means fit should use by default: every core once each thread gets enough of
 * the matrix, one below. A Lloyd iteration on few rows is shorter than waking another thread and
 * waiting for its sums: measured with `npm run bench` on this project's 2-core machine, quiet, an
 * iteration on 10,000 × 6 values takes 0.31 ms on one thread and 0.84 ms on two, while at
 * 100,000 × 6 two threads take 0.66 of one thread's time. An explicit thread count (`--threads N`)
 * is always obeyed; the result is the same bits with any count (the fixed blocks of lloydShard.ts).
 */

/** Values (rows × features) each thread needs before a second thread pays off. */
export const MIN_VALUES_PER_THREAD = 250_000;

/** Threads for a fit over n rows of d features with `available` cores: at least 1, at most `available`. */
export function defaultKMeansThreads(n: number, d: number, available: number): number {
  const useful = Math.floor((n * d) / MIN_VALUES_PER_THREAD);
  return Math.max(1, Math.min(Math.max(1, Math.floor(available)), useful));
}
