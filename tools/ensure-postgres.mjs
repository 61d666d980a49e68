#!/usr/bin/env node
// Makes sure PostgreSQL's server binaries are installed for the tests (tests/support/postgres.ts starts
// a throwaway server from them): Debian's postgresql package (PostgreSQL 15 on Debian 12), through
// apt-get. A fast no-op when /usr/lib/postgresql/15/bin/initdb is there.
//
// The install creates no system cluster (create_main_cluster = false), so no server is left running
// on port 5432: the tests start their own on free ports.
//
// When it cannot install (no apt-get, not root and no passwordless sudo), it says so; under CI=true
// that is a failure, elsewhere the PostgreSQL tests are skipped with the reason printed.
//
//   POSTGRES_BIN   use the initdb, pg_ctl and postgres in this folder instead (nothing is installed)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { aptRunner, isExecutable } from "./apt.mjs";

const DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
const CI = process.env.CI === "true" || process.env.CI === "1";

function fail(message) {
  if (CI) {
    console.error(`ensure-postgres: ${message}`);
    process.exit(1);
  }
  console.error(`ensure-postgres: ${message} The PostgreSQL tests will be skipped.`);
  process.exit(0);
}

/** The newest installed server's bin folder, if any. */
function installedBin() {
  if (isExecutable(join(DEFAULT_BIN, "initdb"))) return DEFAULT_BIN;
  if (!existsSync("/usr/lib/postgresql")) return null;
  const versions = readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (isExecutable(`/usr/lib/postgresql/${v}/bin/initdb`)) return `/usr/lib/postgresql/${v}/bin`;
  return null;
}

const custom = process.env.POSTGRES_BIN;
if (custom) {
  if (isExecutable(join(custom, "initdb"))) process.exit(0);
  fail(`POSTGRES_BIN=${custom} has no executable initdb. Unset POSTGRES_BIN to use Debian's PostgreSQL in ${DEFAULT_BIN}.`);
}
if (installedBin()) process.exit(0);

console.log(`ensure-postgres: ${DEFAULT_BIN}/initdb is missing; installing Debian's postgresql package with apt-get`);
const { root, run } = aptRunner("ensure-postgres", "PostgreSQL", (message) =>
  fail(message.startsWith("cannot install") ? `${message} Install PostgreSQL 15 and set POSTGRES_BIN to its bin folder.` : message)
);

// No "main" cluster on port 5432: postgresql-common reads this folder when the package is configured.
const NO_MAIN_CLUSTER = "/etc/postgresql-common/createcluster.d/segment-workbench.conf";
if (!existsSync(NO_MAIN_CLUSTER)) {
  const text = "# The segment workbench tests start their own servers.\ncreate_main_cluster = false\n";
  if (root) {
    try {
      mkdirSync(dirname(NO_MAIN_CLUSTER), { recursive: true });
      writeFileSync(NO_MAIN_CLUSTER, text);
    } catch (error) {
      console.warn(`ensure-postgres: could not write ${NO_MAIN_CLUSTER} (${error.message}); apt-get may create and start a cluster on port 5432`);
    }
  } else {
    run(["sh", "-c", `mkdir -p ${dirname(NO_MAIN_CLUSTER)} && printf '%s' '${text}' > ${NO_MAIN_CLUSTER}`]);
  }
}
run(["apt-get", "update"]);
run(["apt-get", "install", "-y", "--no-install-recommends", "-o", "Dpkg::Options::=--force-confold", "postgresql"]);

const bin = installedBin();
if (!bin) fail(`apt-get installed postgresql but no server binaries are under /usr/lib/postgresql.`);
const version = spawnSync(join(bin, "postgres"), ["--version"], { encoding: "utf-8" });
console.log(`ensure-postgres: installed ${(version.stdout || "").trim() || bin}${bin === DEFAULT_BIN ? "" : ` (not 15: the tests use ${bin})`}`);
