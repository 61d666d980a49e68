/**
 * Reading back the CSV files the workbench writes (RFC 4180, as csv.ts writes them): fields
 * separated by commas, a field in double quotes may hold commas, doubled quotes and line breaks;
 * lines end in \n or \r\n; a leading byte-order mark is dropped. Each record keeps the physical line
 * it starts on (the header is line 1), so errors can name it. Cells are returned as written: a
 * neutralised formula keeps its apostrophe.
 */

export interface CsvRecord {
  /** Physical line the record starts on (1 = the header). */
  line: number;
  fields: string[];
}

export class CsvReadError extends Error {}

/** The records of a CSV text, the header first; a blank line is skipped. Throws CsvReadError naming the line of a malformed record. */
export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let start = 1;
  let empty = true;
  const endField = () => {
    fields.push(field);
    field = "";
    afterQuote = false;
  };
  const endRecord = () => {
    endField();
    if (!(empty && fields.length === 1 && fields[0] === "")) records.push({ line: start, fields });
    fields = [];
    empty = true;
  };
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === "\r" && text[i + 1] === "\n") continue;
    if (c === "\n") {
      endRecord();
      line++;
      start = line;
      continue;
    }
    if (c === ",") {
      endField();
      empty = false;
      continue;
    }
    if (afterQuote) throw new CsvReadError(`line ${line}: text after a closing quote (write a quote inside a quoted field as "")`);
    if (c === '"') {
      if (field !== "") throw new CsvReadError(`line ${line}: a quote inside an unquoted field (quote the whole field)`);
      quoted = true;
      empty = false;
      continue;
    }
    field += c;
    empty = false;
  }
  if (quoted) throw new CsvReadError(`line ${start}: a quoted field is not closed before the end of the file`);
  if (field !== "" || fields.length > 0 || !empty) endRecord();
  return records;
}
