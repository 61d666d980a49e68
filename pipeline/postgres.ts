/**
 * The PostgreSQL client layer: one connection (node-postgres, `pg`) behind the small interface of
 * pipeline/duckdb.ts (run / all / close), with connection URLs whose password comes from the
 * environment, and errors that are one line naming the source and the fix, never the password.
 *
 * A URL is `postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=…&connect_timeout=…&application_name=…]`.
 * It never holds the password itself (it would end up in the config, logs and dist/): the password
 * is `PGPASSWORD`, or any environment variable named in the URL as `${NAME}`, e.g.
 * `postgresql://shop:${SHOP_DB_PASSWORD}@db.internal/shop`. `${NAME}` works in any part of the URL
 * (host, user, database) and is replaced by the variable's value, percent-encoded.
 *
 * Every message this module throws goes through `redact`, which removes the password from URLs,
 * from `password=…` settings and wherever the password's own text appears.
 *
 * Values come back as DuckDB's JS conversion gives them where that is exact: int8 as bigint,
 * double precision as number. NUMERIC stays exact decimal text (cast to double precision in SQL for
 * a number); date, timestamp and timestamptz stay the server's text, in UTC (the session time zone),
 * rather than JS Dates in the local time zone.
 */
import pg from "pg";

/** Where a connection goes, with no secret in it. */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  database: string;
  /** false, or TLS options (sslmode=require encrypts without checking the certificate). */
  ssl: false | { rejectUnauthorized: boolean };
  connectTimeoutMs: number;
  applicationName: string;
  /** Where the password comes from: "PGPASSWORD", "${NAME}", or null when none is set. */
  passwordFrom: string | null;
  /** user@host:port/database: how messages name the server. */
  label: string;
}

export interface PostgresOptions {
  /** Environment for the password and `${NAME}` placeholders (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** How messages name the source, e.g. "inputs.transactions" (the server's label follows in parentheses). */
  name?: string;
}

export interface PostgresDatabase {
  /** How messages name this source: `[name ](postgres user@host:port/database)`. */
  readonly source: string;
  /** Runs statements that return nothing of interest (several, separated by `;`, when there are no params). */
  run(sql: string, params?: unknown[]): Promise<void>;
  /** Runs a query and returns its rows as JS objects. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A table's or view's columns in order; throws naming the tables there are when it does not exist. */
  columns(table: string): Promise<string[]>;
  /** Throws naming the first of `names` the table lacks, with the columns it has. */
  requireColumns(table: string, names: readonly string[], fix?: string): Promise<void>;
  /**
   * Runs a query through a cursor and hands its rows over `batch` at a time, with the result's columns
   * (name and PostgreSQL type OID); `onBatch` is called at least once, with no rows for an empty result.
   */
  fetch(sql: string, batch: number, onBatch: (rows: Record<string, unknown>[], columns: ResultColumn[]) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/** A column of a query's result. */
export interface ResultColumn {
  name: string;
  /** The type's OID (pg_type.oid): 23 integer, 701 double precision, 25 text, 1082 date, … */
  typeOid: number;
}

/** An error from this layer: one line, no password; `code` is the SQLSTATE or Node's error code when there is one. */
export class PostgresError extends Error {
  readonly code: string | undefined;
  constructor(message: string, secrets: readonly string[], code?: string) {
    super(redact(message, secrets));
    this.name = "PostgresError";
    this.code = code;
  }
}

/**
 * Removes secrets from a message: the password of any `scheme://user:password@host` URL, the value of
 * `password=…` settings, and every occurrence of each given secret (as is and percent-encoded).
 * Newlines become spaces, so the message stays one line. (An unquoted `password=` value stops before a
 * final ":", since messages put ": " after a URL.)
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]*):[^\s/]*@/gi, "$1:***@");
  out = out.replace(/\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;]*[^\s&;:])/gi, "$1***");
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join("***");
  }
  return out.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

const PARAMETERS = ["sslmode", "connect_timeout", "application_name"];
const SSL_MODES: Record<string, PostgresTarget["ssl"]> = {
  disable: false,
  require: { rejectUnauthorized: false },
  "verify-ca": { rejectUnauthorized: true },
  "verify-full": { rejectUnauthorized: true },
};

/** The URL with every `${NAME}` replaced by that environment variable, percent-encoded. */
function substitute(url: string, env: PostgresOptions["env"] & object, secrets: string[]): string {
  return url.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new PostgresError(`postgres URL ${url}: \${${name}} is not an environment variable name (letters, digits and _)`, secrets);
    }
    const value = env[name];
    if (value === undefined || value === "") {
      throw new PostgresError(`postgres URL ${url}: environment variable ${name} (named in the URL) is not set: export ${name}=… before running`, secrets);
    }
    return encodeURIComponent(value);
  });
}

function decode(part: string, what: string, url: string, secrets: string[]): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new PostgresError(`postgres URL ${url}: the ${what} is not valid percent-encoding`, secrets);
  }
}

/**
 * Reads a connection URL. Returns the target and the password (from `${NAME}` or PGPASSWORD), and the
 * secrets to redact; throws one line for a URL that is not a PostgreSQL URL, holds a password, names an
 * unset variable, or lacks a user or database.
 */
export function parsePostgresUrl(url: string, env: PostgresOptions["env"] = process.env): { target: PostgresTarget; password: string | undefined; secrets: string[] } {
  const secrets: string[] = [];
  const environment = env ?? {};
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new PostgresError(`postgres URL ${url}: expected postgresql://USER@HOST[:PORT]/DATABASE`, secrets);
  }
  // A password written in the URL itself is refused before anything else (the message shows it as ***).
  const authority = /^postgres(?:ql)?:\/\/([^/?#]*)/i.exec(url)![1];
  const userinfo = authority.includes("@") ? authority.slice(0, authority.lastIndexOf("@")) : "";
  const written = userinfo.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : "";
  const placeholder = /^\$\{[^}]*\}$/.test(written) ? written : null;
  if (written && !placeholder) {
    throw new PostgresError(
      `postgres URL ${url}: the password is written in the URL; put it in an environment variable instead ` +
        "(PGPASSWORD, or postgresql://USER:${NAME}@HOST/DATABASE with NAME exported), so it never reaches the config, logs or dist/",
      secrets,
    );
  }
  const resolved = substitute(url, environment, secrets);
  let parsed: URL;
  try {
    parsed = new URL(resolved.replace(/^postgres(ql)?:/i, "postgresql:"));
  } catch {
    throw new PostgresError(`postgres URL ${url}: not a valid URL; expected postgresql://USER@HOST[:PORT]/DATABASE`, secrets);
  }
  const fromUrl = parsed.password ? decode(parsed.password, "password", url, secrets) : undefined;
  if (fromUrl) secrets.push(fromUrl);
  const password = fromUrl ?? (environment.PGPASSWORD || undefined);
  if (password && !fromUrl) secrets.push(password);
  const passwordFrom = fromUrl ? placeholder : password ? "PGPASSWORD" : null;
  const user = decode(parsed.username, "user", url, secrets);
  if (!user) throw new PostgresError(`postgres URL ${url}: no user; write it in the URL: postgresql://USER@HOST/DATABASE`, secrets);
  const database = decode(parsed.pathname.replace(/^\//, ""), "database", url, secrets);
  if (!database || database.includes("/")) throw new PostgresError(`postgres URL ${url}: no database; write it in the URL: postgresql://USER@HOST/DATABASE`, secrets);
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (!host) throw new PostgresError(`postgres URL ${url}: no host; write it in the URL: postgresql://USER@HOST/DATABASE`, secrets);
  const port = parsed.port ? Number(parsed.port) : 5432;
  let ssl: PostgresTarget["ssl"] = false;
  let connectTimeoutMs = 10_000;
  let applicationName = "segment-workbench";
  for (const [key, value] of parsed.searchParams) {
    if (key === "sslmode") {
      if (!(value in SSL_MODES)) throw new PostgresError(`postgres URL ${url}: sslmode=${value} is not supported; use ${Object.keys(SSL_MODES).join(", ")}`, secrets);
      ssl = SSL_MODES[value];
    } else if (key === "connect_timeout") {
      const seconds = Number(value);
      if (!(Number.isFinite(seconds) && seconds > 0)) throw new PostgresError(`postgres URL ${url}: connect_timeout=${value}: expected seconds (> 0)`, secrets);
      connectTimeoutMs = seconds * 1000;
    } else if (key === "application_name") {
      applicationName = value;
    } else {
      throw new PostgresError(`postgres URL ${url}: unknown parameter "${key}"; supported: ${PARAMETERS.join(", ")}`, secrets);
    }
  }
  const label = `${user}@${host.includes(":") ? `[${host}]` : host}:${port}/${database}`;
  return { target: { host, port, user, database, ssl, connectTimeoutMs, applicationName, passwordFrom, label }, password, secrets };
}

/** Thrown by the password callback when the server asks for a password and none is configured. */
class NoPassword extends Error {}

const NETWORK_CAUSES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
};

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One line for a failed connection: what happened and what to check. */
function connectError(source: string, target: PostgresTarget, error: unknown, secrets: string[]): PostgresError {
  const code = errorCode(error);
  const message = messageOf(error);
  const reach = "check the host and port in the URL, that the server is running and that it accepts TCP connections from this machine";
  let line: string;
  if (error instanceof NoPassword) {
    line = `the server asks for a password and none is set: export PGPASSWORD, or name a variable as the URL's password (${target.user}:\${NAME}@${target.host})`;
  } else if (code && code in NETWORK_CAUSES) {
    line = `cannot connect (${NETWORK_CAUSES[code]}): ${reach}`;
  } else if (/timeout/i.test(message)) {
    line = `cannot connect (no answer within ${target.connectTimeoutMs / 1000} s): ${reach}, or raise connect_timeout in the URL`;
  } else if (code === "28P01") {
    line = `password authentication failed for user "${target.user}": check the password in ${target.passwordFrom ?? "PGPASSWORD"} and the user in the URL`;
  } else if (code === "28000") {
    line = `the server refused the connection (${message}): check the user in the URL and that the server allows it (pg_hba.conf)`;
  } else if (code === "3D000") {
    line = `database "${target.database}" does not exist: check the database in the URL`;
  } else if (/does not support SSL/i.test(message)) {
    line = `the server does not accept SSL: use sslmode=disable in the URL, or enable SSL on the server`;
  } else if (/terminated unexpectedly/i.test(message)) {
    line = `the server closed the connection while connecting (${message}): check the URL's port and sslmode (the server may require SSL: sslmode=require)`;
  } else {
    line = `cannot connect: ${message}${code ? ` (${code})` : ""}`;
  }
  return new PostgresError(`${source}: ${line}`, secrets, code);
}

const QUERY_HINTS: Record<string, string> = {
  "42P01": "check the table name (SCHEMA.NAME when it is outside the search path)",
  "42703": "check the column names",
  "42501": "grant the user access to it, or connect as a user who has it",
  "42601": "the SQL has a syntax error",
  "57014": "the query was cancelled (statement_timeout or an administrator)",
};

/** One line for a failed query. */
function queryError(source: string, error: unknown, secrets: string[]): PostgresError {
  const code = errorCode(error);
  const hint = code ? QUERY_HINTS[code] : undefined;
  return new PostgresError(`${source}: query failed: ${messageOf(error)}${code ? ` (SQLSTATE ${code})` : ""}${hint ? `: ${hint}` : ""}`, secrets, code);
}

// int8 as bigint, as DuckDB's JS conversion gives BIGINT; numeric, dates and timestamps as text.
const TEXT_TYPES = new Set([1700, 1082, 1114, 1184, 1083, 1266]);
const typeParsers = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === 20) return (text: string) => BigInt(text);
    if (TEXT_TYPES.has(oid)) return (text: string) => text;
    return pg.types.getTypeParser(oid, (format ?? "text") as "text");
  }) as typeof pg.types.getTypeParser,
};

/** Splits `schema.name` into its parts (null when it is neither NAME nor SCHEMA.NAME). */
function tableName(table: string): { schema: string | null; name: string } | null {
  const parts = table.split(".");
  if (parts.length > 2 || parts.some((p) => p === "")) return null;
  const [schema, name] = parts.length === 2 ? parts : [null, parts[0]];
  return { schema, name };
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Opens one connection. Throws a one-line PostgresError (no password) when it cannot. */
export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<PostgresDatabase> {
  const { target, password, secrets } = parsePostgresUrl(url, options.env ?? process.env);
  const source = `${options.name ? `${options.name} ` : ""}(postgres ${target.label})`;
  const client = new pg.Client({
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    // A function, so pg never falls back on its own environment or ~/.pgpass lookups.
    password: () => {
      if (password === undefined) throw new NoPassword();
      return password;
    },
    ssl: target.ssl,
    connectionTimeoutMillis: target.connectTimeoutMs,
    application_name: target.applicationName,
    options: "-c TimeZone=UTC",
    types: typeParsers,
  });
  // A connection lost while idle is reported by the next query; without a listener it would crash the process.
  let lost: unknown = null;
  client.on("error", (error) => (lost = error));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw connectError(source, target, error, secrets);
  }
  const query = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
    if (lost) throw new PostgresError(`${source}: the connection was lost (${messageOf(lost)}): run again, and check the server`, secrets, errorCode(lost));
    try {
      const result = await client.query(sql, params);
      // Several statements give one result each: the rows of the last one.
      const last = Array.isArray(result) ? result.at(-1) : result;
      return (last?.rows ?? []) as T[];
    } catch (error) {
      throw queryError(source, error, secrets);
    }
  };
  const describe = async (table: string) => {
    const t = tableName(table);
    if (!t) throw new PostgresError(`${source}: table "${table}": expected NAME or SCHEMA.NAME`, secrets);
    const qualified = t.schema === null ? quoteIdent(t.name) : `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`;
    const [found] = await query<{ oid: bigint | null }>("SELECT to_regclass($1)::oid::int8 AS oid", [qualified]);
    if (found.oid === null) {
      const tables = await query<{ name: string }>(
        `SELECT CASE WHEN table_schema = ANY (current_schemas(false)) THEN table_name ELSE table_schema || '.' || table_name END AS name
         FROM information_schema.tables WHERE table_schema <> 'information_schema' AND table_schema NOT LIKE 'pg\\_%' ORDER BY 1 LIMIT 21`,
      );
      const names = tables.map((r) => r.name);
      const near = names.find((n) => n.toLowerCase() === table.toLowerCase());
      const list = names.length ? `tables: ${names.slice(0, 20).join(", ")}${names.length > 20 ? ", …" : ""}` : "the database has no tables";
      throw new PostgresError(
        `${source}: table "${table}" not found (${list}): ${near ? `did you mean "${near}"? Names are case-sensitive` : "check the table name (SCHEMA.NAME when it is outside the search path)"}`,
        secrets,
        "42P01",
      );
    }
    const rows = await query<{ name: string }>(
      "SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
      [String(found.oid)],
    );
    return rows.map((r) => r.name);
  };
  return {
    source,
    async run(sql, params) {
      await query(sql, params);
    },
    all: query,
    columns: describe,
    async requireColumns(table, names, fix = "check the column names") {
      const columns = await describe(table);
      for (const name of names) {
        if (columns.includes(name)) continue;
        const near = columns.find((c) => c.toLowerCase() === name.toLowerCase());
        throw new PostgresError(
          `${source}: table "${table}" has no column "${name}" (columns: ${columns.join(", ")}): ${near ? `did you mean "${near}"? Names are case-sensitive` : fix}`,
          secrets,
          "42703",
        );
      }
    },
    async fetch(sql, batch, onBatch) {
      // A cursor needs a transaction; the session's temporary tables are unaffected by it.
      await query("BEGIN");
      try {
        await query(`DECLARE wb_fetch NO SCROLL CURSOR FOR ${sql}`);
        for (let first = true; ; first = false) {
          let result: pg.QueryResult;
          try {
            result = await client.query(`FETCH ${Math.max(1, Math.trunc(batch))} FROM wb_fetch`);
          } catch (error) {
            throw queryError(source, error, secrets);
          }
          if (!result.rows.length && !first) break;
          await onBatch(result.rows, result.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })));
          if (!result.rows.length) break;
        }
        await query("CLOSE wb_fetch");
        await query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}
