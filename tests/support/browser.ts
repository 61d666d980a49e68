// Headless Debian Chromium through playwright-core, and pages that record everything that goes wrong.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Request } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  /** A new page in a fresh context (no cache or storage shared with other pages). */
  openPage(url: string, origin?: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh temporary profile (removed on close).
 *
 * Chromium must not be given --user-data-dir through `args` with playwright: it owns the profile
 * directory. launchPersistentContext(dir) is how a chosen profile directory is used; each page then
 * gets its own context from browser.newContext(), launched from the same persistent browser.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: run \`node tools/ensure-chromium.mjs\` (npm test does it first)`);
  }
  const profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.once("exit", removeProfile); // also when the run is cut short before close()
  const persistent = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    offline: false,
  });
  const browser = persistent.browser();
  const contexts = new Set<BrowserContext>();
  return {
    async openPage(url: string, origin?: string) {
      // A persistent context's browser() is null in playwright; fall back to pages of the persistent context.
      const context = browser ? await browser.newContext() : persistent;
      if (context !== persistent) contexts.add(context);
      const opened = await openPageIn(context, url, origin);
      const close = opened.close;
      return {
        ...opened,
        async close() {
          await close();
          if (context !== persistent) {
            contexts.delete(context);
            await context.close();
          }
        },
      };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await persistent.close();
      removeProfile();
      process.off("exit", removeProfile);
    },
  };
}

export interface Problem {
  kind: "console error" | "page error" | "request failed" | "http error" | "off-origin request" | "cell error" | "accessibility";
  message: string;
}

export interface OpenedPage {
  page: Page;
  /** Everything recorded so far. */
  problems(): Problem[];
  /** Requests started and not yet finished (URLs). */
  inflight(): string[];
  /** Time of the last request start or end, from Date.now(). */
  lastNetworkActivity(): number;
  close(): Promise<void>;
}

function describeRequest(request: Request): string {
  return `${request.method()} ${request.url()}`;
}

/**
 * Opens url in a new page of context, recording console errors, page errors, failed requests,
 * HTTP statuses >= 400, and requests to any origin other than `origin` (default: url's origin), which
 * are blocked. Resolves once the page's "load" event fired.
 */
export async function openPageIn(context: BrowserContext, url: string, origin = new URL(url).origin): Promise<OpenedPage> {
  const page = await context.newPage();
  const problems: Problem[] = [];
  const blocked = new Set<Request>();
  const pending = new Set<Request>();
  const answered = new WeakMap<Request, number>(); // request → HTTP status of its response
  let lastActivity = Date.now();

  await page.route("**/*", async (route) => {
    const request = route.request();
    let requestOrigin: string;
    try {
      requestOrigin = new URL(request.url()).origin;
    } catch {
      requestOrigin = "null";
    }
    if (requestOrigin === origin) {
      await route.continue();
    } else {
      blocked.add(request);
      problems.push({ kind: "off-origin request", message: describeRequest(request) });
      await route.abort("blockedbyclient");
    }
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const { url: where, lineNumber } = message.location();
    problems.push({ kind: "console error", message: `${message.text()}${where ? ` (${where}:${lineNumber + 1})` : ""}` });
  });
  page.on("pageerror", (error) => {
    problems.push({ kind: "page error", message: error.stack || error.message });
  });
  page.on("request", (request) => {
    pending.add(request);
    lastActivity = Date.now();
  });
  page.on("requestfinished", (request) => {
    pending.delete(request);
    lastActivity = Date.now();
  });
  page.on("requestfailed", (request) => {
    pending.delete(request);
    lastActivity = Date.now();
    if (blocked.has(request)) return; // already recorded as off-origin
    // Every failure counts, net::ERR_ABORTED included: a download the page started and dropped
    // (apache-arrow's stream reader behind FileAttachment(…).arrow() cancels the body once it has the
    // last batch) is a download the page paid for twice or for nothing.
    const status = answered.get(request);
    const errorText = request.failure()?.errorText ?? "failed";
    problems.push({ kind: "request failed", message: `${describeRequest(request)}: ${errorText}${status === undefined ? "" : ` (after HTTP ${status})`}` });
  });
  page.on("response", (response) => {
    answered.set(response.request(), response.status());
    if (response.status() >= 400) {
      problems.push({ kind: "http error", message: `${describeRequest(response.request())} → ${response.status()} ${response.statusText()}` });
    }
  });

  await page.goto(url, { waitUntil: "load" });
  return {
    page,
    problems: () => [...problems],
    inflight: () => [...pending].map(describeRequest),
    lastNetworkActivity: () => lastActivity,
    close: () => page.close(),
  };
}

export interface SettleOptions {
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
  /** How long network and DOM must stay quiet (default 750 ms). */
  quietMs?: number;
}

/**
 * Waits until the page has settled: no request in flight and none started or ended for quietMs, no
 * Framework loading placeholder (`<observablehq-loading>`, which Framework puts before each cell's
 * output until the cell first displays something) and no DOM mutation for quietMs.
 *
 * Framework does not mark cells that are recomputing (the previous output stays until the new one is
 * displayed; the `observablehq--running` class belongs to the notebook Inspector, which Framework does
 * not use for pending cells), so after an interaction wait for the output itself to change.
 */
export async function settle(opened: OpenedPage, options: SettleOptions = {}): Promise<void> {
  const { timeoutMs = 120_000, quietMs = 750 } = options;
  const { page } = opened;
  await page.evaluate(() => {
    const w = window as unknown as { __settleLastMutation?: number; __settleObserver?: MutationObserver };
    if (w.__settleObserver) return;
    w.__settleLastMutation = performance.now();
    w.__settleObserver = new MutationObserver(() => {
      w.__settleLastMutation = performance.now();
    });
    w.__settleObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  const deadline = Date.now() + timeoutMs;
  let state = { loading: 0, sinceMutation: 0 };
  for (;;) {
    state = await page.evaluate(() => {
      const w = window as unknown as { __settleLastMutation?: number };
      return {
        loading: document.querySelectorAll("observablehq-loading").length,
        sinceMutation: performance.now() - (w.__settleLastMutation ?? 0),
      };
    });
    const networkQuiet = opened.inflight().length === 0 && Date.now() - opened.lastNetworkActivity() >= quietMs;
    if (networkQuiet && state.loading === 0 && state.sinceMutation >= quietMs) return;
    if (Date.now() > deadline) {
      const inflight = opened.inflight();
      throw new Error(
        `page ${page.url()} did not settle within ${timeoutMs / 1000} s: ` +
          `${state.loading} cell(s) still loading (<observablehq-loading>), ` +
          `${inflight.length} request(s) in flight${inflight.length ? ` (${inflight.slice(0, 5).join(", ")})` : ""}, ` +
          `last DOM change ${Math.round(state.sinceMutation)} ms ago`
      );
    }
    await page.waitForTimeout(100);
  }
}

/** Framework shows a cell that threw as an element with class observablehq--error. */
export async function cellErrors(page: Page): Promise<Problem[]> {
  const texts = await page.$$eval(".observablehq--error", (nodes) => nodes.map((node) => (node.textContent ?? "").trim()));
  return texts.map((message) => ({ kind: "cell error" as const, message }));
}

export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `  - ${p.kind}: ${p.message}`).join("\n");
}

/** axe-core's browser build, from node_modules: injected into the page, never fetched. */
const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** The impacts that fail a page: axe-core's "serious" and "critical". */
export const FAILING_IMPACTS: readonly string[] = ["serious", "critical"];

interface AxeResult {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/**
 * An accessibility audit of the page as it is now (run it after settle): axe-core (injected from
 * node_modules with addScriptTag, so nothing is fetched) over the WCAG 2.0, 2.1 and 2.2 A and AA rules
 * and axe's best practices. Returns one problem per rule with a serious or critical violation, naming
 * the rule, what it asks, and up to five elements (CSS selectors) with the first failure's summary.
 */
export async function accessibilityProblems(page: Page, options: { impacts?: readonly string[] } = {}): Promise<Problem[]> {
  const impacts = options.impacts ?? FAILING_IMPACTS;
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== "undefined");
  if (!loaded) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })) }));
  });
  return violations
    .filter((v) => v.impact !== null && impacts.includes(v.impact))
    .map((v) => {
      const where = v.nodes.slice(0, 5).map((n) => n.target.join(" ")).join("; ");
      const more = v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : "";
      const why = v.nodes[0]?.failureSummary?.replace(/\s+/g, " ").trim();
      return { kind: "accessibility" as const, message: `${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length === 1 ? "" : "s"}: ${where}${more})${why ? `: ${why}` : ""}` };
    });
}
