// Reading the bundled samples back in tests, independently of the writer.

/** A strict RFC 4180 reader (comma, `"` quoting, `\n` records), independent of the writer. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        if (text[i + 1] !== "," && text[i + 1] !== "\n") throw new Error(`text after a closing quote at ${i}`);
      } else field += c;
    } else if (c === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (quoted || field !== "" || row.length) throw new Error("the file does not end with a complete record and a newline");
  return rows;
}
