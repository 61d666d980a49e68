// The committed config, for the workbench's Save button: the file's own text (so a saved config
// changes only its segmentation section) and the parsed segmentation, playbook and RFM rules, and the
// size under which a segment is flagged (report.minSegmentSize).
// Input paths stay as written in the file (relative to it); no resolved path of the build machine ships.
// With the money's currency as ingest resolved it (report.currency or the export's currency column).
import { basename } from "node:path";
import { loadConfig } from "../../pipeline/config.js";
import { runPipeline } from "../../pipeline/run.js";
import { qualityCurrency } from "../lib/ingest/quality.js";

const { file, text, config } = loadConfig();
const { quality } = await runPipeline();
process.stdout.write(
  JSON.stringify(
    {
      file: file ? basename(file) : "workbench.config.json",
      text: file ? text : "{}\n",
      segmentation: config.segmentation,
      playbook: config.playbook,
      rfm: config.rfm,
      minSegmentSize: config.report.minSegmentSize,
      currency: qualityCurrency(quality),
      transactions: quality.transactions !== undefined,
    },
    null,
    2,
  ),
);
