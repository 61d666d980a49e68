// The throwaway PostgreSQL server for a test file (the server itself: tools/postgres-server.ts).
// `usePostgres()` registers the hooks for a test file. Without PostgreSQL the tests skip with the
// reason printed, except under CI=true, where a missing server fails the file.
import { afterAll, beforeAll } from "vitest";
import { findPostgresBin, startPostgres, type PostgresServer } from "../../tools/postgres-server.js";

export { findPostgresBin, startPostgres, type PostgresServer };

export interface PostgresFixture {
  /** False when PostgreSQL is not installed (outside CI): describe.skipIf(!postgres.available). */
  available: boolean;
  /** The running server (inside tests, after beforeAll). */
  server(): PostgresServer;
}

/**
 * For a test file: starts a server before its tests and stops it after them. Outside CI, a machine
 * without PostgreSQL skips those tests with the reason printed; under CI=true it fails.
 */
export function usePostgres(): PostgresFixture {
  const found = findPostgresBin();
  const ci = process.env.CI === "true" || process.env.CI === "1";
  if ("missing" in found) {
    if (ci) throw new Error(`PostgreSQL is required in CI: ${found.missing}`);
    console.warn(`skipping the PostgreSQL tests: ${found.missing}`);
    return {
      available: false,
      server() {
        throw new Error(found.missing);
      },
    };
  }
  let running: PostgresServer | null = null;
  beforeAll(async () => {
    running = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await running?.stop();
    running = null;
  }, 120_000);
  return {
    available: true,
    server() {
      if (!running) throw new Error("the PostgreSQL server is not running (use server() inside tests, after beforeAll)");
      return running;
    },
  };
}
