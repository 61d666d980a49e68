import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { committedChecksums, staleSampleFiles } from "../../tools/sampleChecksums.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function sampleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sample-sums-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

// sha256("a\n") and sha256("b\n"), as sha256sum prints them.
const A = "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7";
const B = "0263829989b6fd954f72baaf2fc64bc2e2f01d692d4de72986ea808f6e99813f";

describe("staleSampleFiles", () => {
  it("lists files missing or differing from SHA256SUMS, and none that match", () => {
    const dir = sampleDir({ "SHA256SUMS": `${A}  one.csv\n${A}  two.csv\n${B} *three.csv\n`, "one.csv": "a\n", "two.csv": "b\n", "three.csv": "b\n" });
    expect(committedChecksums(dir)).toEqual(new Map([["one.csv", A], ["two.csv", A], ["three.csv", B]]));
    expect(staleSampleFiles(dir, ["one.csv", "two.csv", "three.csv", "four.csv"])).toEqual(["two.csv", "four.csv"]);
  });

  it("without committed checksums only a missing file is stale", () => {
    const dir = sampleDir({ "one.csv": "anything" });
    expect(staleSampleFiles(dir, ["one.csv", "two.csv"])).toEqual(["two.csv"]);
  });
});
