#!/usr/bin/env node
// Makes sure a Chromium for the browser tests is installed: Debian's `chromium` package, through apt-get.
// No browser is ever downloaded any other way. A fast no-op when the browser is already there.
//
//   CHROMIUM_PATH   use this executable instead of /usr/bin/chromium (it must exist: nothing is installed)
import { spawnSync } from "node:child_process";
import { aptRunner, isExecutable } from "./apt.mjs";

const DEFAULT_PATH = "/usr/bin/chromium";

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
// The hint a user needs when nothing can be installed here.
const { run } = aptRunner("ensure-chromium", "chromium", (message) =>
  fail(message.startsWith("cannot install") ? `${message} Install Chromium yourself and set CHROMIUM_PATH to its executable.` : message)
);

run(["apt-get", "update"]);
run(["apt-get", "install", "-y", "chromium"]);

if (!isExecutable(DEFAULT_PATH)) fail(`apt-get installed chromium but ${DEFAULT_PATH} is still missing.`);
const version = spawnSync(DEFAULT_PATH, ["--version"], { encoding: "utf-8" });
console.log(`ensure-chromium: installed ${(version.stdout || "").trim() || DEFAULT_PATH}`);
