/**
 * A plain table of records, every cell set with textContent: values from exports (product names,
 * raw rejected lines) are shown literally, never parsed as HTML.
 */
export interface TextColumn<T> {
  label: string;
  value: (row: T) => unknown;
  numeric?: boolean;
}

export function textTable<T>(rows: readonly T[], columns: readonly TextColumn<T>[], options: { className?: string; caption?: string } = {}): HTMLTableElement {
  const table = document.createElement("table");
  if (options.className) table.className = options.className;
  if (options.caption) table.createCaption().textContent = options.caption;
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    const th = document.createElement("th");
    th.textContent = column.label;
    if (column.numeric) th.style.textAlign = "right";
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const column of columns) {
      const td = tr.insertCell();
      const value = column.value(row);
      td.textContent = value === null || value === undefined ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
      if (column.numeric) {
        td.style.textAlign = "right";
        td.style.fontVariantNumeric = "tabular-nums";
      }
    }
  }
  return table;
}
