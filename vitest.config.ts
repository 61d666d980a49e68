import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/support/summary-reporter.js";

// The test files that read the default site, built once per run by the "site" project's globalSetup
// (tests/support/sharedSite.ts): the browser tests of the built site and the dev server, and the
// build test that compares it with a second cold build.
const SITE_TESTS = ["tests/e2e/site.test.ts", "tests/e2e/report.test.ts", "tests/e2e/history.test.ts", "tests/e2e/workbench.test.ts", "tests/e2e/audiences.test.ts", "tests/build/site.test.ts"];

// Three projects so the heavy parts don't compete on a 2-core machine: the unit and loader tests run
// first (two files at a time), then the files on the shared default site, then the browser tests
// that build sites of their own (hostile exports, a million customers), one file at a time. A
// project's globalSetup runs only when the run includes one of its files, before the first test.
export default defineConfig({
  test: {
    // The default reporter ends with "Tests  N passed"; ours then prints "N passed, N failed" for CI.
    reporters: ["default", new SummaryReporter()],
    teardownTimeout: 30_000,
    globalSetup: ["./tests/support/global-setup.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/e2e/**", ...SITE_TESTS, "**/node_modules/**"],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "site",
          include: SITE_TESTS,
          globalSetup: ["./tests/support/sharedSite.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          // beforeAll starts servers and Chromium, builds a second site (tests/build/site.test.ts) or the dev server.
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          exclude: [...SITE_TESTS, "**/node_modules/**"],
          fileParallelism: false,
          testTimeout: 300_000,
          // beforeAll builds the test's own site (setup, data loaders, bundling).
          hookTimeout: 600_000,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
