/** Loads workbench.config.json (or $WORKBENCH_CONFIG / --config) and resolves its paths. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig, type InputSource, type WorkbenchConfig } from "../src/lib/config/config.js";

/** The repository root, wherever the process was started from (Framework runs loaders from src/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface LoadedConfig {
  /** Absolute path of the config file read, or null for the built-in defaults. */
  file: string | null;
  /** The config's own text, hashed to tell when outputs are stale. */
  text: string;
  config: WorkbenchConfig;
}

export function configPath(explicit?: string): string {
  return resolve(explicit ?? process.env.WORKBENCH_CONFIG ?? resolve(PROJECT_ROOT, "workbench.config.json"));
}

export function loadConfig(explicit?: string): LoadedConfig {
  const file = configPath(explicit);
  if (!existsSync(file)) {
    if (explicit || process.env.WORKBENCH_CONFIG) throw new Error(`${file}: config file not found`);
    const config = parseConfig({});
    return { file: null, text: "{}", config: resolvePaths(config, PROJECT_ROOT) };
  }
  const text = readFileSync(file, "utf-8");
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const config = parseConfig(raw, relative(process.cwd(), file) || file);
  return { file, text, config: resolvePaths(config, dirname(file)) };
}

/** Input paths in the config are relative to the config file (a table input stays as it is). */
function resolvePaths(config: WorkbenchConfig, base: string): WorkbenchConfig {
  const abs = <T extends InputSource>(p: T): T => (typeof p !== "string" || isAbsolute(p) ? p : (resolve(base, p) as T));
  return {
    ...config,
    inputs: {
      transactions: config.inputs.transactions === null ? null : abs(config.inputs.transactions),
      ...(config.inputs.customers ? { customers: abs(config.inputs.customers) } : {}),
    },
  };
}
