/**
 * SQL with bound parameters, for the actions' queries (recommendations, audiences, KPIs): values
 * from the config or a page never enter the SQL text, they are bound as `$1`, `$2`, … in the order
 * they were added. Run it with `db.all(sql, params)` (native DuckDB, pipeline/duckdb.ts),
 * `connection.prepare(sql)` then `.query(...params)` (DuckDB-WASM) or Framework's
 * `DuckDBClient.query(sql, params)`.
 *
 * Every placeholder is wrapped in a CAST to the SQL type it stands for, because the two clients
 * infer a JavaScript number differently: native DuckDB binds 5 as INTEGER and DuckDB-WASM (which
 * passes parameters as JSON) as DOUBLE. With the cast, `5` means the same value of the same type on
 * both engines, and integer division or overflow cannot differ between them.
 */

export type BoundValue = string | number | boolean | null;

export interface BoundSql {
  sql: string;
  /** Values for $1, $2, … in order. */
  params: BoundValue[];
}

/**
 * The most values one statement binds. DuckDB-WASM 1.29 fails ("memory access out of bounds", and
 * the database is unusable after it) somewhere between 3,000 and 4,000 cast parameters in one
 * statement; native DuckDB has no such limit. Refusing early keeps the engines alike.
 */
export const MAX_BOUND_VALUES = 2000;

/** The SQL types a bound value is cast to. */
export type ParamType = "DOUBLE" | "INTEGER" | "VARCHAR" | "BOOLEAN" | "DATE" | "TIMESTAMP";

/**
 * Collects parameter values while SQL is being written; each call returns the placeholder text.
 * Numbered ($n), so fragments can be written in any order and a placeholder may be used twice.
 */
export class Params {
  readonly values: BoundValue[] = [];

  /** `CAST($n AS type)` for a new parameter holding `value`. */
  add(value: BoundValue, type: ParamType): string {
    if (typeof value === "number" && !Number.isFinite(value)) {
      // JSON (DuckDB-WASM's transport) turns NaN and infinities into null: refuse rather than bind a different value.
      throw new Error(`a bound number must be finite, got ${value}`);
    }
    if (type === "INTEGER" && typeof value === "number" && !Number.isInteger(value)) {
      throw new Error(`a bound INTEGER must be a whole number, got ${value}`);
    }
    if (this.values.length >= MAX_BOUND_VALUES) {
      throw new Error(`more than ${MAX_BOUND_VALUES} values in one query: shorten the "in" lists of the rules, or run fewer audiences at once`);
    }
    this.values.push(value);
    return `CAST($${this.values.length} AS ${type})`;
  }

  double(value: number): string {
    return this.add(value, "DOUBLE");
  }

  integer(value: number): string {
    return this.add(value, "INTEGER");
  }

  text(value: string): string {
    return this.add(value, "VARCHAR");
  }

  bound(sql: string): BoundSql {
    return { sql, params: [...this.values] };
  }
}

/** YYYY-MM-DD that is a real calendar date. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
