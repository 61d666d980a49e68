// Prints one plain closing line for CI after vitest's own summary:
//   <passed> passed, <failed> failed[, <skipped> skipped]
// Failures that are not a test's own also count, so that the line never reads "0 failed" for a run that
// failed: a test file that could not be loaded, a failing beforeAll/afterAll with no failed test under it
// (counted once per file or suite), and each unhandled error.
import type { Reporter, TestModule, TestRunEndReason, TestSuite } from "vitest/node";

export interface RunCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Counts the tests under entity into counts; returns how many failures it counted. */
function countCollection(entity: TestModule | TestSuite, counts: RunCounts): number {
  let failures = 0;
  for (const child of entity.children) {
    if (child.type === "suite") {
      failures += countCollection(child, counts);
    } else {
      const { state } = child.result();
      if (state === "passed") counts.passed++;
      else if (state === "failed") {
        counts.failed++;
        failures++;
      } else if (state === "skipped") counts.skipped++;
      // "pending" (an interrupted run) is counted nowhere
    }
  }
  // A suite or file that failed on its own (collection error, failing hook) with no failure counted under it.
  if (failures === 0 && (entity.state() === "failed" || entity.errors().length > 0)) {
    counts.failed++;
    failures++;
  }
  return failures;
}

export function countRun(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): RunCounts {
  const counts: RunCounts = { passed: 0, failed: 0, skipped: 0 };
  for (const testModule of testModules) countCollection(testModule, counts);
  counts.failed += unhandledErrors.length;
  return counts;
}

export function formatCounts({ passed, failed, skipped }: RunCounts): string {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>, _reason: TestRunEndReason): void {
    process.stdout.write(`\n${formatCounts(countRun(testModules, unhandledErrors))}\n`);
  }
}
