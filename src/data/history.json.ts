// The history page's data (src/history.md): the report's history (report.history) and the segments' names.
import { buildReport } from "../../pipeline/report/build.js";
import { historyPageData } from "../../src/lib/report/historyPage.js";

const { report } = await buildReport();
process.stdout.write(JSON.stringify(historyPageData(report), null, 2));
