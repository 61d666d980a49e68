/** A DuckDB query result (an Arrow table) as a table of plain values with a CSV download. */
import * as Inputs from "npm:@observablehq/inputs";
import { tableRecords, type TableLike } from "../lib/io/arrowColumns.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import { scrollableRegion } from "./a11y.js";
import { downloadable } from "./download.js";

export function queryResult(table: TableLike, name: string): HTMLElement {
  const records = tableRecords(table);
  return downloadable(scrollableRegion(Inputs.table(records, { rows: 12, select: false }), `Table: ${name}`), { name, image: false, csv: () => recordsCsv(records, table.schema.fields.map((f) => f.name)) });
}
