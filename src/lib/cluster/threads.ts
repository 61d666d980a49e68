/**
 * How many threads a k-means fit uses by default. Two separate costs decide it.
 *
 * - Per iteration, on a running pool: a second thread pays as soon as it has a block of rows of its
 *   own (lloydShard.ts: blocks are what the shards are cut from, so a single block is one thread).
 *   With the hand-over of pipeline/segments/handover.ts (shared arrays, a short spin before any
 *   sleep), `npm run bench` on this project's 2-core machine, quiet, fits 2,000 × 6 values in 1.14 ms
 *   on two threads against 1.49 on one, and 10,000 × 6 in 6.6 ms against 12.0 (poolThreads).
 * - Once per job, starting the pool: a worker thread per extra core, each loading the TypeScript
 *   shard code through tsx, 0.15–0.3 s here. A job starts one only when its work is likely to repay
 *   that: rows × features × fits of at least POOL_WORTH_VALUES. On two threads each value of a fit
 *   saved about 0.08 µs (48 ms of a 100,000 × 6 fit, 5 ms of a 10,000 × 6 one), so 0.26 s is repaid
 *   at about 3 million (defaultKMeansThreads). Below that the job runs on this thread alone.
 *
 * An explicit thread count (`--threads N`) is always obeyed; the result is the same bits with any
 * count (the fixed blocks of lloydShard.ts).
 */
import { blockLayout } from "./lloydShard.js";

/** Rows × features × fits a job needs before starting a worker pool pays (see the module comment). */
export const POOL_WORTH_VALUES = 3_000_000;

/** Threads a running pool uses for n rows with `available` cores: every core, at most one per block, at least 1. */
export function poolThreads(n: number, available: number): number {
  const blocks = n >= 1 ? blockLayout(n).blocks : 1;
  return Math.max(1, Math.min(Math.floor(available) || 1, blocks));
}

/** Threads for a job of `fits` fits over n rows of d features with `available` cores: one unless the work repays a pool. */
export function defaultKMeansThreads(n: number, d: number, available: number, fits = 1): number {
  if (n * d * fits < POOL_WORTH_VALUES) return 1;
  return poolThreads(n, available);
}
