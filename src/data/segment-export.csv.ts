// The customer_id,segment CSV, published only when the config sets report.publishExport to true
// (observablehq.config.ts then lists /data/segment-export.csv among the dynamic paths). Analysts get it
// with `npm run -s workbench -- export --out FILE` in any case.
import { loadConfig } from "../../pipeline/config.js";
import { buildExport } from "../../pipeline/report/export.js";

if (!loadConfig().config.report.publishExport) {
  throw new Error("report.publishExport is false in the config: the segment export is not published (use `npm run -s workbench -- export --out FILE`)");
}
process.stdout.write((await buildExport()).csv);
