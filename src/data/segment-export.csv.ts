// The customer_id,segment CSV, published only when the config sets report.publishExport to true
// (observablehq.config.ts then lists /data/segment-export.csv among the dynamic paths). Analysts get it
// with `npm run -s workbench -- export --out FILE` in any case.
import { publishedExport } from "../../pipeline/report/export.js";

process.stdout.write(await publishedExport());
