// The audience page's settings from the committed config (pipeline/report/audienceSettings.ts): its
// audiences, the value they sum and its currency, the as-of date, the CRM export's next best product
// floors, and whether the page may download member lists (report.publishExport).
import { audiencePageSettings } from "../../pipeline/report/audienceSettings.js";

process.stdout.write(JSON.stringify(await audiencePageSettings(), null, 2));
