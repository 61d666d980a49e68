// A throwaway PostgreSQL server (for the tests, through tests/support/postgres.ts, and for
// bench:warehouse): initdb into a temporary folder, started with pg_ctl on a free 127.0.0.1 port, with a database and a role with a random password; stop() shuts it down and
// removes the folder (so does the process's exit, and the next start sweeps up the server of a test
// process that was killed). Each test file that needs one starts its own (beforeAll / afterAll), so two
// files running at once never share a server, and a port taken between asking for it and binding
// it is retried with another.
//
// PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user
// (runuser), which then owns the temporary folder. The binaries come from POSTGRES_BIN, else
// /usr/lib/postgresql/15/bin (Debian's postgresql-15; tools/ensure-postgres.mjs installs it), else
// the newest /usr/lib/postgresql/<version>/bin.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { processAlive } from "../pipeline/processAlive.js";

export interface PostgresServer {
  /** postgresql://ROLE@127.0.0.1:PORT/DATABASE: no password in it (it is in `password` / `env`). */
  url: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** Environment for the client layer: PGPASSWORD set to the role's password. */
  env: Record<string, string>;
  /** "PostgreSQL 15.x …", as the server reports it. */
  version: string;
  /** Runs SQL as the superuser (over the server's Unix socket), e.g. to create a second database. */
  admin(sql: string): Promise<void>;
  /**
   * Loads a CSV file (gzip when its name ends in .gz) into an existing table of the test database with
   * psql's client-side \copy as the superuser (so the server needs no access to the file): empty
   * unquoted fields are NULL, as DuckDB's CSV reader reads them. `columns` lists the table's columns
   * the file's fields go to, in order (default: all, in order).
   */
  copyCsv(table: string, file: string, options?: { header?: boolean; columns?: readonly string[] }): Promise<void>;
  stop(): Promise<void>;
}

const DEFAULT_BIN = "/usr/lib/postgresql/15/bin";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The folder with initdb, pg_ctl and postgres, or why there is none. */
export function findPostgresBin(): { bin: string } | { missing: string } {
  const custom = process.env.POSTGRES_BIN;
  if (custom) {
    return isExecutable(join(custom, "initdb")) ? { bin: custom } : { missing: `POSTGRES_BIN=${custom} has no executable initdb` };
  }
  if (isExecutable(join(DEFAULT_BIN, "initdb"))) return { bin: DEFAULT_BIN };
  const versions = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions) {
    const bin = `/usr/lib/postgresql/${v}/bin`;
    if (isExecutable(join(bin, "initdb"))) return { bin };
  }
  return { missing: `no PostgreSQL server binaries (${DEFAULT_BIN}/initdb is missing; run node tools/ensure-postgres.mjs, or set POSTGRES_BIN)` };
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** The OS user the server runs as when we are root. */
function serverUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf-8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("running as root, but there is no `postgres` OS user to run PostgreSQL as (apt-get install postgresql creates it)");
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a PostgreSQL program (as the postgres user when root); throws with its output on failure. */
function runProgram(bin: string, program: string, args: string[]): string {
  const command = isRoot ? ["runuser", "-u", "postgres", "--", join(bin, program), ...args] : [join(bin, program), ...args];
  const result = spawnSync(command[0], command.slice(1), { encoding: "utf-8", stdio: ["ignore", "pipe", "pipe"], timeout: 120_000 });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim();
  if (result.error) throw new Error(`${program}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${program} exited with ${result.status ?? result.signal}:\n${output}`);
  return output;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A word for sh: single-quoted. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const PREFIX = "workbench-pg-";

/**
 * Stops and removes the servers of test processes that were killed before their afterAll (a signal
 * skips the exit hook): each folder records the pid of the process that started it.
 */
function sweepAbandoned(bin: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, "owner.pid"), "utf-8"));
    } catch {
      continue; // being set up right now, or not ours
    }
    if (!Number.isInteger(owner) || owner <= 0 || processAlive(owner)) continue;
    if (existsSync(join(dir, "data", "postmaster.pid"))) {
      try {
        runProgram(bin, "pg_ctl", ["stop", "-D", join(dir, "data"), "-m", "immediate", "-w", "-t", "30"]);
      } catch {
        // not running any more
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Starts a fresh cluster. Settings favour speed over durability (fsync off): the data is thrown away.
 * The superuser `postgres` connects over the Unix socket in the temporary folder without a password
 * (trust); TCP connections need the role's password (scram-sha-256).
 */
export async function startPostgres(options: { database?: string; user?: string } = {}): Promise<PostgresServer> {
  const found = findPostgresBin();
  if ("missing" in found) throw new Error(found.missing);
  const { bin } = found;
  const database = options.database ?? "workbench";
  const user = options.user ?? "workbench";
  const password = randomBytes(18).toString("base64url");
  sweepAbandoned(bin);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  if (isRoot) {
    const { uid, gid } = serverUser();
    chownSync(dir, uid, gid);
  }
  writeFileSync(join(dir, "owner.pid"), String(process.pid));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  let started = false;
  const stopServer = () => {
    if (started) {
      try {
        runProgram(bin, "pg_ctl", ["stop", "-D", data, "-m", "fast", "-w", "-t", "60"]);
      } catch {
        try {
          runProgram(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"]);
        } catch {
          // already gone
        }
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // If the test process exits without afterAll (a crash), still stop the server.
  process.once("exit", stopServer);
  try {
    runProgram(bin, "initdb", ["-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"]);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const settings = [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "max_connections = 30",
        "shared_buffers = 128MB",
        "timezone = 'UTC'",
      ];
      writeFileSync(join(data, "postgresql.auto.conf"), settings.join("\n") + "\n");
      try {
        runProgram(bin, "pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "60"]);
        started = true;
        break;
      } catch (error) {
        const serverLog = existsSync(log) ? readFileSync(log, "utf-8") : "";
        // Another process took the port after freePort released it: try another one.
        if (attempt < 5 && /could not bind|address already in use/i.test(serverLog)) continue;
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${serverLog}`);
      }
    }
    const admin = async (sql: string) => {
      const client = new pg.Client({ host: dir, port, user: "postgres", database: "postgres" });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    };
    const versionClient = new pg.Client({ host: dir, port, user: "postgres", database: "postgres" });
    await versionClient.connect();
    let version: string;
    try {
      // The password is a base64url string: no quote to escape.
      await versionClient.query(`CREATE ROLE ${quoteIdent(user)} LOGIN PASSWORD '${password}'`);
      await versionClient.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(user)}`);
      version = (await versionClient.query<{ version: string }>("SELECT version()")).rows[0].version;
    } finally {
      await versionClient.end();
    }
    const copyCsv = async (table: string, file: string, copyOptions: { header?: boolean; columns?: readonly string[] } = {}) => {
      const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
      const source = file.endsWith(".gz") ? `PROGRAM ${literal(`gzip -dc ${shellQuote(file)}`)}` : literal(file);
      const columns = copyOptions.columns ? ` (${copyOptions.columns.map(quoteIdent).join(", ")})` : "";
      const command = `\\copy ${quoteIdent(table)}${columns} FROM ${source} WITH (FORMAT csv, HEADER ${copyOptions.header ?? true})`;
      const result = spawnSync(join(bin, "psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", dir, "-p", String(port), "-U", "postgres", "-d", database, "-c", command], {
        encoding: "utf-8",
        timeout: 600_000,
      });
      if (result.status !== 0) throw new Error(`psql \\copy into ${table} failed: ${result.error?.message ?? ""}${result.stderr ?? ""}`);
    };
    const host = "127.0.0.1";
    return {
      url: `postgresql://${encodeURIComponent(user)}@${host}:${port}/${encodeURIComponent(database)}`,
      host,
      port,
      database,
      user,
      password,
      env: { PGPASSWORD: password },
      version,
      admin,
      copyCsv,
      async stop() {
        process.removeListener("exit", stopServer);
        stopServer();
      },
    };
  } catch (error) {
    process.removeListener("exit", stopServer);
    stopServer();
    throw error;
  }
}

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = (server.address() as AddressInfo);
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}
