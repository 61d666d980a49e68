// The published site, built with `npm run build` twice from cold caches, each in a temporary copy of
// the project (node_modules linked), to show that the same inputs and config give byte-identical data
// files wherever the project lives; and scanned for the bundled sample's personal data, which must not
// reach dist/. The first build is the run's shared default site (tests/support/sharedSite.ts: a cold
// build in its own copy); the second is this file's, in another copy. With SITE_DIST set (a site that
// need not be cold), this file builds both itself.
//
// BUILD_TEST_KEEP=1 keeps the copy (its path is printed).
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../pipeline/config.js";
import { copyProject, listFiles, npmBuild } from "../support/projectCopy.js";
import { sharedSite } from "../support/site.js";
import { piiValues, scanForPii } from "./pii.js";

let copy: string;
let first: string;
let second: string;
const timings: number[] = [];

/** `npm run -s build` in the copy; fails the run with the build's output. */
async function build(cwd: string): Promise<void> {
  const result = await npmBuild(cwd);
  timings.push(result.seconds);
  if (result.code !== 0) throw new Error(`npm run build in ${cwd} exited with ${result.code}:\n${result.output.slice(-10_000)}`);
}

beforeAll(async () => {
  const shared = sharedSite();
  copy = copyProject("site-build-");
  if (shared.cold) {
    first = shared.dist;
  } else {
    await build(copy);
    first = join(copy, "dist-first");
    renameSync(join(copy, "dist"), first);
    // Cold again: no pipeline outputs, no Framework loader outputs.
    rmSync(join(copy, ".workbench-cache"), { recursive: true, force: true });
    rmSync(join(copy, "src", ".observablehq", "cache", "data"), { recursive: true, force: true });
  }
  await build(copy);
  second = join(copy, "dist");
  console.log(`cold builds compared: ${first} and ${second} (this file's builds: ${timings.map((t) => `${t.toFixed(1)} s`).join(", ")})`);
}, 600_000);

afterAll(() => {
  if (copy && !process.env.BUILD_TEST_KEEP) rmSync(copy, { recursive: true, force: true });
});

describe("npm run build", () => {
  it("publishes the overview and one page per segment of the committed config", () => {
    const { config } = loadConfig(join(copy, "workbench.config.json"));
    const pages = listFiles(first).filter((f) => f.endsWith(".html"));
    expect(pages).toEqual(expect.arrayContaining(["index.html", ...Array.from({ length: config.segmentation.k }, (_, i) => `segments/${i}.html`)]));
    const data = listFiles(join(first, "_file"));
    expect(data.filter((f) => /^data\/segments\/\d+\.[0-9a-f]+\.json$/.test(f))).toHaveLength(config.segmentation.k);
    // The CRM export is left out unless report.publishExport is true.
    expect(config.report.publishExport).toBe(false);
    expect(listFiles(first).filter((f) => /segment-export|\.csv$/.test(f))).toEqual([]);
  });

  it("gives byte-identical data files (dist/_file/) from the same inputs and config", () => {
    const a = listFiles(join(first, "_file"));
    const b = listFiles(join(second, "_file"));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    const different = a.filter((f) => !readFileSync(join(first, "_file", f)).equals(readFileSync(join(second, "_file", f))));
    expect(different).toEqual([]);
  });

  it("gives an identical site as a whole, but for the time stamps Framework writes into pages", () => {
    // Framework registers each file with the modification time of its loader's output
    // ("lastModified" in the page's registerFile calls): that is the only difference.
    const a = listFiles(first);
    expect(listFiles(second)).toEqual(a);
    const stamp = /"lastModified":\d+/g;
    const read = (root: string, f: string) => {
      const bytes = readFileSync(join(root, f));
      return f.endsWith(".html") ? Buffer.from(bytes.toString("utf-8").replace(stamp, '"lastModified":0')) : bytes;
    };
    expect(a.filter((f) => !read(first, f).equals(read(second, f)))).toEqual([]);
  });

  it("publishes no personal data from the customers export: no email, phone or name", async () => {
    const { config } = loadConfig(join(copy, "workbench.config.json"));
    const customersCsv = join(copy, "data", "sample", "customers.csv");
    const pii = piiValues(customersCsv, config.pii);
    expect([...pii.keys()].sort()).toEqual(["email", "first_name", "last_name", "phone"]);
    // The world map's country boundaries (src/data/countries.json.ts, from world-atlas) name Jordan the country.
    const scan = await scanForPii(first, pii, customersCsv, /^_file\/data\/countries\.[0-9a-f]+\.json$/);
    expect(scan.files).toBeGreaterThan(10);
    expect(scan.values).toBeGreaterThan(1000);
    expect(scan.found.slice(0, 50), `${scan.found.length} personal data values in dist/`).toEqual([]);
  });

  it("the scan finds personal data when it is there", async () => {
    const { config } = loadConfig(join(copy, "workbench.config.json"));
    const customersCsv = join(copy, "data", "sample", "customers.csv");
    const pii = piiValues(customersCsv, config.pii);
    const leak = mkdtempSync(join(tmpdir(), "leak-"));
    try {
      const [, row] = readFileSync(customersCsv, "utf-8").split("\n");
      const [, firstName, lastName, email, phone] = row.split(",");
      mkdirSync(join(leak, "_file"));
      writeFileSync(join(leak, "_file", "a.json"), JSON.stringify({ customers: [{ who: lastName }] }));
      writeFileSync(join(leak, "page.html"), `<p>Dear ${firstName} ${lastName} (${email.toUpperCase()}), call ${phone.replace(/ /g, "")}</p>`);
      const scan = await scanForPii(leak, pii, customersCsv);
      expect(scan.found).toEqual([
        `_file/a.json: last_name value "${lastName}"`,
        `page.html: email ${email}`,
        `page.html: phone ${phone}`,
        `page.html: name "${firstName} ${lastName}"`,
      ]);
    } finally {
      rmSync(leak, { recursive: true, force: true });
    }
  });
});
