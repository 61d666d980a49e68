// One segment page's data (src/segments/[segment].md): Framework runs this once per segment with --segment=N.
import { parseArgs } from "node:util";
import { buildReport } from "../../../pipeline/report/build.js";
import { segmentPageData } from "../../../src/lib/report/segmentPage.js";

const { values } = parseArgs({ options: { segment: { type: "string" } } });
const segment = Number(values.segment);
if (!Number.isInteger(segment) || segment < 0) throw new Error(`expected --segment=<segment number>, got ${JSON.stringify(values.segment)}`);
const { report } = await buildReport();
process.stdout.write(JSON.stringify(segmentPageData(report, segment), null, 2));
