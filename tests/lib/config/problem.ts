import { expect } from "vitest";
import { ConfigError, parseConfig } from "../../../src/lib/config/config.js";

/** The one-line error parseConfig gives for `raw` (read from "my.json"); fails the test if it parses. */
export function problemOf(raw: unknown): string {
  try {
    parseConfig(raw, "my.json");
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    expect(error.message).not.toContain("\n");
    return error.message;
  }
  throw new Error(`parseConfig accepted ${JSON.stringify(raw)}`);
}
