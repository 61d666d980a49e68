/**
 * Columns of an Arrow table as plain arrays: numbers as Float64Array with NaN for NULL (so a missing
 * mean_days_between_orders is never read as 0), text as strings. Duck-typed over both Arrow
 * libraries the pages meet: apache-arrow (DuckDB-WASM's query results) and flechette (arquero's
 * decoder, which reads the loaders' Arrow files: `arrowTable(bytes)` in arrowTable.ts), and plain
 * objects in tests. No arquero here: the clustering workers read columns with these functions and
 * do not need it.
 */
export interface VectorLike {
  length: number;
  nullCount?: number;
  get(i: number): unknown;
  toArray?(): unknown;
}

export interface TableLike {
  numRows: number;
  schema: { fields: readonly { name: string; type: unknown }[] };
  getChild(name: string): VectorLike | null;
}

function child(table: TableLike, name: string): VectorLike {
  const vector = table.getChild(name);
  if (!vector) throw new Error(`the table has no column "${name}"`);
  return vector;
}

export function numberColumn(table: TableLike, name: string): Float64Array {
  const vector = child(table, name);
  if (vector.nullCount === 0 && vector.toArray) {
    const values = vector.toArray();
    if (values instanceof Float64Array) return values;
    if (ArrayBuffer.isView(values) && (values as unknown as ArrayLike<number>).length === vector.length) {
      // set() converts a number array at copy speed (a mapping from() is some 15 times slower at 1M rows);
      // 64-bit integers cannot be set into doubles, so they go through Number.
      if (values instanceof BigInt64Array || values instanceof BigUint64Array) return Float64Array.from(values, Number);
      const out = new Float64Array(vector.length);
      out.set(values as unknown as ArrayLike<number>);
      return out;
    }
  }
  const out = new Float64Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const x = vector.get(i);
    out[i] = x === null || x === undefined ? NaN : Number(x);
  }
  return out;
}

/**
 * A value as pages show and export it: Arrow gives dates and timestamps as epoch milliseconds, which
 * become "2024-01-02" and "2024-01-02 03:04:05" (UTC); big integers become numbers.
 */
export function plainValue(type: unknown, x: unknown): string | number | boolean | null {
  if (x === null || x === undefined) return null;
  const t = typeName(type);
  if ((/^Date/.test(t) || /^Timestamp/.test(t)) && (typeof x === "number" || typeof x === "bigint" || x instanceof Date)) {
    const date = x instanceof Date ? x : new Date(Number(x));
    if (Number.isNaN(date.getTime())) return null;
    const iso = date.toISOString();
    // Date32<DAY> is a calendar date; Date64<MILLISECOND> (DuckDB-WASM's timestamps) and Timestamp carry a time.
    return /^Date.*DAY/.test(t) ? iso.slice(0, 10) : iso.replace("T", " ").replace(/\.000Z$|Z$/, "");
  }
  if (typeof x === "bigint") return Number(x);
  if (x instanceof Date) return x.toISOString();
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "string") return x;
  return String(x);
}

/** Flechette's type ids (its `Type` enum) for the types the loaders write. */
const FLECHETTE = { Dictionary: -1, Int: 2, Float: 3, Utf8: 5, Bool: 6, Decimal: 7, Date: 8, Timestamp: 10, LargeUtf8: 20 } as const;

interface FlechetteType {
  typeId: number;
  bitWidth?: number;
  signed?: boolean;
  precision?: number;
  unit?: number;
  dictionary?: unknown;
}

/**
 * A type's name as apache-arrow prints it ("Float64", "Int32", "Date32<DAY>", "Utf8"): apache-arrow's
 * types are named by String(type); flechette's are plain objects with a typeId.
 */
export function typeName(type: unknown): string {
  const printed = String(type);
  if (!printed.startsWith("[object") || typeof (type as FlechetteType).typeId !== "number") return printed;
  const t = type as FlechetteType;
  switch (t.typeId) {
    case FLECHETTE.Dictionary:
      return typeName(t.dictionary);
    case FLECHETTE.Int:
      return `${t.signed === false ? "Uint" : "Int"}${t.bitWidth ?? 32}`;
    case FLECHETTE.Float:
      return `Float${[16, 32, 64][t.precision ?? 2] ?? 64}`;
    case FLECHETTE.Decimal:
      return "Decimal";
    case FLECHETTE.Date:
      return t.unit === 0 ? "Date32<DAY>" : "Date64<MILLISECOND>";
    case FLECHETTE.Timestamp:
      return "Timestamp";
    case FLECHETTE.Utf8:
    case FLECHETTE.LargeUtf8:
      return "Utf8";
    case FLECHETTE.Bool:
      return "Bool";
    default:
      return `Type ${t.typeId}`;
  }
}

function fieldType(table: TableLike, name: string): unknown {
  return table.schema.fields.find((f) => f.name === name)?.type;
}

export function stringColumn(table: TableLike, name: string): (string | null)[] {
  const vector = child(table, name);
  const type = fieldType(table, name);
  const out: (string | null)[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    const x = plainValue(type, vector.get(i));
    out[i] = x === null ? null : String(x);
  }
  return out;
}

/** Arrow's names for number types: Int8…Int64, Uint8…Uint64, Float16…Float64, Decimal. */
export function isNumericType(type: unknown): boolean {
  return /^(Int|Uint|Float|Decimal)/.test(typeName(type));
}

/** Names of the table's number columns, in table order, without the excluded ones. */
export function numericColumnNames(table: TableLike, exclude: readonly string[] = []): string[] {
  return table.schema.fields.filter((f) => isNumericType(f.type) && !exclude.includes(f.name)).map((f) => f.name);
}

/** One row as a record of plain values (numbers, strings, ISO dates, null). */
export function rowRecord(table: TableLike, i: number): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const { name, type } of table.schema.fields) out[name] = plainValue(type, child(table, name).get(i));
  return out;
}

/** Every row as records (for CSV downloads of query results). */
export function tableRecords(table: TableLike): Record<string, string | number | boolean | null>[] {
  const vectors = table.schema.fields.map(({ name, type }) => ({ name, type, vector: child(table, name) }));
  const out: Record<string, string | number | boolean | null>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, string | number | boolean | null> = {};
    for (const { name, type, vector } of vectors) row[name] = plainValue(type, vector.get(i));
    out[i] = row;
  }
  return out;
}
