/**
 * A worker thread whose entry is a TypeScript module. tsx's loader registers itself on the main
 * thread only, so each worker starts from a few lines that register tsx's module hooks, then import
 * the entry.
 */
import { Worker, type TransferListItem } from "node:worker_threads";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export function startTypeScriptWorker(entry: URL, workerData: unknown, transferList: TransferListItem[] = []): Worker {
  // tsx's "tsx/esm/api" export, import condition (require.resolve would give its CommonJS build).
  const tsxApi = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs")).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, transferList });
}
