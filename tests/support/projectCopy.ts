// Project copies for the build and browser tests: tools/project-copy.ts (shared with the browser
// benchmark), and comparing two builds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { listFiles } from "../../tools/project-copy.js";

export { copyProject, frameworkBuild, listFiles, npmBuild, run, tail, type Run } from "../../tools/project-copy.js";

/**
 * Framework writes each data file's modification time (when its loader ran) into the pages that use
 * it (`registerFile(…, {…, "lastModified": 1795432428503, …})`): the one part of a page that differs
 * between two builds of the same inputs. This blanks it.
 */
export function withoutLastModified(file: string, bytes: Buffer): Buffer {
  return file.endsWith(".html") ? Buffer.from(bytes.toString("utf-8").replace(/"lastModified":\d+/g, '"lastModified":0')) : bytes;
}

/**
 * Files that differ between two folders: missing on either side, or with different bytes (after
 * `normalise`, which sees each file's path and bytes; default: none).
 */
export function differences(a: string, b: string, normalise: (file: string, bytes: Buffer) => Buffer = (_, bytes) => bytes): string[] {
  const left = listFiles(a);
  const right = listFiles(b);
  const out = [...left.filter((f) => !right.includes(f)).map((f) => `only in ${a}: ${f}`), ...right.filter((f) => !left.includes(f)).map((f) => `only in ${b}: ${f}`)];
  for (const f of left.filter((f) => right.includes(f))) {
    if (!normalise(f, readFileSync(join(a, f))).equals(normalise(f, readFileSync(join(b, f))))) out.push(`differs: ${f}`);
  }
  return out;
}

