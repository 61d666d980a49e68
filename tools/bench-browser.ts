/**
 * Browser benchmark (`npm run -s bench:browser`; not a test): the workbench page's sweep over k =
 * 2–10 with every measure (inertia, silhouette on its 10,000-row sample, Calinski–Harabasz,
 * Davies–Bouldin; the committed config's features, scaling, seed and restarts) on a generated
 * table of 100,000 customers, in headless Chromium (Debian's, through playwright-core), on one
 * thread (`?threads=1`: the job's worker alone) and on every core, side by side.
 *
 * It builds the scale site (tools/scale-site.ts: the workbench page alone over the generated table),
 * opens it once per thread count, waits for the page's own first clustering to be drawn (so it does
 * not compete), then presses "Run the sweep" `repeats` times and times each sweep from the page
 * handing it to its workers to the result arriving, and to the sweep drawn. It checks the sweeps on
 * one thread and on every core give the same rows, and prints the load average before and after
 * (read the times with it: on a shared machine they stretch).
 *
 *   npm run -s bench:browser [-- --customers 100000] [--repeats 3] [--dist DIR (a scale site built before)] [--keep]
 */
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { parseArgs } from "node:util";
import { chromium, type Browser } from "playwright-core";
import { buildScaleSite } from "./scale-site.js";

const { values: args } = parseArgs({
  options: {
    customers: { type: "string", default: "100000" },
    repeats: { type: "string", default: "3" },
    dist: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});
const CUSTOMERS = Number(args.customers);
const REPEATS = Number(args.repeats);
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf-8").split(" ").slice(0, 3).join(", ");
  } catch {
    return "unknown";
  }
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".wasm": "application/wasm" };

/** The built site on 127.0.0.1, with Framework's clean URLs (/workbench → workbench.html). */
async function serve(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const file = [normalize(join(root, pathname)), normalize(join(root, `${pathname}.html`))].find((f) => {
      try {
        return (f === root || f.startsWith(root + sep)) && statSync(f).isFile();
      } catch {
        return false;
      }
    });
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}

// In the page: every sweep job handed to a worker, and when its result came back.
const INSTRUMENT = `(() => {
  const jobs = [];
  window.__sweeps = jobs;
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (event) => {
        const job = jobs.find((j) => j.worker === this && event.data && event.data.id === j.id);
        if (job && event.data.type !== "progress") {
          job.done = performance.now();
          job.outcome = event.data.type;
          job.rows = event.data.type === "result" ? JSON.stringify(event.data.result.rows) : event.data.message;
          job.k = event.data.type === "result" ? event.data.result.k : null;
          job.timings = event.data.type === "result" ? event.data.result.timings : null;
        }
      });
    }
    postMessage(message, transfer) {
      super.postMessage(message, transfer);
      if (message && message.type === "sweep") jobs.push({ worker: this, id: message.id, sent: performance.now(), done: null, outcome: null, rows: null, k: null, timings: null });
    }
  };
})();`;

interface Sweep {
  /** From the hand-off to the result's arrival, and to the sweep drawn, in ms. */
  job: number;
  drawn: number;
  rows: string;
  k: number;
  /** The coordinator's own timings: the fits and the silhouettes' pass, in ms. */
  timings: Record<string, number>;
}

async function sweeps(browser: Browser, url: string, threads: number | null): Promise<Sweep[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(INSTRUMENT);
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(new URL(threads ? `workbench?threads=${threads}` : "workbench", url).href);
    // The page's own first clustering, drawn, so the sweeps have the workers to themselves.
    await page.locator('[data-testid="pca"]').waitFor({ state: "attached", timeout: 600_000 });
    const out: Sweep[] = [];
    for (let r = 0; r < REPEATS; r++) {
      await page.getByRole("button", { name: /Run the sweep/ }).click();
      await page.waitForFunction((count) => (window as unknown as { __sweeps: { done: number | null }[] }).__sweeps.filter((j) => j.done !== null).length > count, r, {
        timeout: 600_000,
        polling: 20,
      });
      await page.locator(`[data-testid="sweep"]`).waitFor({ state: "attached", timeout: 60_000 });
      const drawnAt = await page.evaluate(() => performance.now());
      const job = await page.evaluate((i) => {
        const j = (window as unknown as { __sweeps: { sent: number; done: number; outcome: string; rows: string; k: number; timings: Record<string, number> }[] }).__sweeps[i];
        return { sent: j.sent, done: j.done, outcome: j.outcome, rows: j.rows, k: j.k, timings: j.timings };
      }, r);
      if (job.outcome !== "result") throw new Error(`the sweep failed: ${job.rows}`);
      out.push({ job: job.done - job.sent, drawn: drawnAt - job.sent, rows: job.rows, k: job.k, timings: job.timings });
    }
    if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
    return out;
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** The median of a phase the coordinator timed (the fits of every k; every k's silhouettes in one pass). */
const phase = (runs: Sweep[], name: string) => (runs.every((s) => Number.isFinite(s.timings?.[name])) ? seconds(median(runs.map((s) => s.timings[name]))) : "–");

const loadBefore = loadAverage();
let site: Awaited<ReturnType<typeof buildScaleSite>> | null = null;
const dist = args.dist ?? (site = await buildScaleSite(CUSTOMERS, (line) => console.log(line))).dist;
const server = await serve(dist);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
try {
  const cores = await (async () => {
    const page = await browser.newPage();
    try {
      return await page.evaluate(() => navigator.hardwareConcurrency);
    } finally {
      await page.close();
    }
  })();
  const one = await sweeps(browser, server.url, 1);
  const all = await sweeps(browser, server.url, null);
  const same = one.every((s) => s.rows === one[0].rows) && all.every((s) => s.rows === one[0].rows);
  const loadAfter = loadAverage();
  const t1 = median(one.map((s) => s.job));
  const tn = median(all.map((s) => s.job));
  console.log(
    [
      ``,
      `Sweep k = 2–10 with every measure on ${CUSTOMERS.toLocaleString("en-GB")} customers in Chromium (workbench page, committed config's settings; median of ${REPEATS}; ` +
        `${cores} cores in the browser, ${availableParallelism()} for Node; load average ${loadBefore} before, ${loadAfter} after):`,
      ``,
      `| threads | sweep (hand-off to result) | to the sweep drawn | of which fits | silhouettes | runs |`,
      `| --- | ---: | ---: | ---: | ---: | --- |`,
      `| 1 | ${seconds(t1)} | ${seconds(median(one.map((s) => s.drawn)))} | ${phase(one, "fits")} | ${phase(one, "silhouettes")} | ${one.map((s) => seconds(s.job)).join(", ")} |`,
      `| ${cores} (every core) | ${seconds(tn)} | ${seconds(median(all.map((s) => s.drawn)))} | ${phase(all, "fits")} | ${phase(all, "silhouettes")} | ${all.map((s) => seconds(s.job)).join(", ")} |`,
      ``,
      `every core ÷ one thread: ${(tn / t1).toFixed(2)}; recommended k = ${one[0].k}; the rows on one thread and on every core are ${same ? "identical" : "DIFFERENT"}`,
    ].join("\n"),
  );
  if (!same) process.exitCode = 1;
} finally {
  await browser.close();
  await server.close();
  if (site && !args.keep) site.remove();
  else if (site) console.log(`site kept: ${site.dist}`);
}
