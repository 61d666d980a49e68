import { defineConfig } from "vitest/config";
import SummaryReporter from "./tests/support/summary-reporter.js";

// Two projects so the heavy parts don't compete on a 2-core machine: the unit and loader tests run
// first (two files at a time), then the browser tests (which build the site, start Framework's dev
// server and drive Chromium) run alone.
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
          exclude: ["tests/e2e/**", "**/node_modules/**"],
          maxWorkers: 2,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          // beforeAll builds the site (setup, data loaders, bundling) or starts the dev server.
          hookTimeout: 600_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
