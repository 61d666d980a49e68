#!/usr/bin/env node
// Makes sure a Chromium for the browser tests is installed: Debian's `chromium` package, through apt-get.
// No browser is ever downloaded any other way. A fast no-op when the browser is already there.
//
//   CHROMIUM_PATH   use this executable instead of /usr/bin/chromium (it must exist: nothing is installed)
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";

const DEFAULT_PATH = "/usr/bin/chromium";

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function fail(message) {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
}

const custom = process.env.CHROMIUM_PATH;
if (custom) {
  if (isExecutable(custom)) process.exit(0);
  fail(`CHROMIUM_PATH=${custom} is not an executable file. Unset CHROMIUM_PATH to use Debian's chromium at ${DEFAULT_PATH}.`);
}
if (isExecutable(DEFAULT_PATH)) process.exit(0);

console.log(`ensure-chromium: ${DEFAULT_PATH} is missing; installing Debian's chromium package with apt-get`);
if (process.platform !== "linux" || !isExecutable("/usr/bin/apt-get")) {
  fail(
    `cannot install chromium: this is not a Debian/Ubuntu machine with apt-get. ` +
      `Install Chromium yourself and set CHROMIUM_PATH to its executable.`
  );
}

const root = typeof process.getuid === "function" && process.getuid() === 0;
let prefix = [];
if (!root) {
  if (!isExecutable("/usr/bin/sudo")) fail("cannot install chromium: not running as root and sudo is not available.");
  prefix = ["sudo", "-n"]; // never prompt: CI has no standard input
}

function run(args) {
  const command = [...prefix, ...args];
  console.log(`ensure-chromium: $ ${command.join(" ")}`);
  const result = spawnSync(command[0], command.slice(1), {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) fail(`could not run ${command[0]}: ${result.error.message}`);
  if (result.status !== 0) {
    fail(
      `\`${command.join(" ")}\` exited with ${result.status ?? `signal ${result.signal}`}.` +
        (root ? "" : " (sudo -n needs passwordless sudo; or run as root.)")
    );
  }
}

run(["apt-get", "update"]);
run(["apt-get", "install", "-y", "chromium"]);

if (!isExecutable(DEFAULT_PATH)) fail(`apt-get installed chromium but ${DEFAULT_PATH} is still missing.`);
const version = spawnSync(DEFAULT_PATH, ["--version"], { encoding: "utf-8" });
console.log(`ensure-chromium: installed ${(version.stdout || "").trim() || DEFAULT_PATH}`);
