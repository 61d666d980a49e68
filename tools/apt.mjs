// What tools/ensure-chromium.mjs and tools/ensure-postgres.mjs share: finding an executable, and running
// apt-get as root or through passwordless sudo (never prompting: CI has no standard input), each command
// echoed and any failure reported through the caller's `fail`.
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks that packages can be installed here and returns `run(args)`, which runs one command (as root,
 * or under `sudo -n`), or calls `fail(message)` when it cannot.
 */
export function aptRunner(tool, what, fail) {
  if (process.platform !== "linux" || !isExecutable("/usr/bin/apt-get")) {
    fail(`cannot install ${what}: this is not a Debian/Ubuntu machine with apt-get.`);
  }
  const root = typeof process.getuid === "function" && process.getuid() === 0;
  let prefix = [];
  if (!root) {
    if (!isExecutable("/usr/bin/sudo")) fail(`cannot install ${what}: not running as root and sudo is not available.`);
    prefix = ["sudo", "-n"];
  }
  function run(args) {
    const command = [...prefix, ...args];
    console.log(`${tool}: $ ${command.join(" ")}`);
    const result = spawnSync(command[0], command.slice(1), {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (result.error) fail(`could not run ${command[0]}: ${result.error.message}.`);
    if (result.status !== 0) {
      fail(`\`${command.join(" ")}\` exited with ${result.status ?? `signal ${result.signal}`}.` + (root ? "" : " (sudo -n needs passwordless sudo; or run as root.)"));
    }
  }
  return { root, run };
}
