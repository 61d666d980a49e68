// The clustering Web Worker (src/browser/kmeansWorker.ts and the pure modules it imports) bundled into one
// ES module, for `new Worker(await FileAttachment("data/kmeans-worker.js").url(), {type: "module"})`.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const result = await build({
  entryPoints: [fileURLToPath(new URL("../browser/kmeansWorker.ts", import.meta.url))],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "silent",
});
process.stdout.write(result.outputFiles[0].contents);
