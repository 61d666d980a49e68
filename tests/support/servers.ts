// Servers for the browser tests: a static server for the built site (served the way Framework's
// clean URLs expect; pipeline/staticServer.ts, which the pdf command uses too) and Framework's own
// preview server.
import { spawn, type ChildProcess } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";

export { freePort, mimeType, resolveStaticPath, serveStatic, type RunningServer } from "../../pipeline/staticServer.js";
import { freePort, type RunningServer } from "../../pipeline/staticServer.js";

function get(url: string, timeoutMs: number): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(url, { method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", fail);
    req.end();
  });
}

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal); // the whole process group: Framework runs data loaders as children
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

export interface PreviewOptions {
  /** How long to wait for the server to answer (default 120 s). */
  startTimeoutMs?: number;
  /** Extra environment variables. */
  env?: Record<string, string>;
}

export interface PreviewServer extends RunningServer {
  /** Everything the preview server printed so far (stdout and stderr). */
  output(): string;
}

/**
 * Starts `observable preview` (Framework's dev server) for the project in cwd on 127.0.0.1 at a free port,
 * waits until it answers and returns its URL. close() kills its process group.
 */
export async function startPreview(cwd: string, options: PreviewOptions = {}): Promise<PreviewServer> {
  const { startTimeoutMs = 120_000 } = options;
  const port = await freePort();
  const bin = join(cwd, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  const child = spawn(process.execPath, [bin, "preview", "--no-open", "--port", String(port), "--host", "127.0.0.1"], {
    cwd,
    detached: true, // own process group, so close() can end the loaders it spawns too
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", NO_COLOR: "1", ...options.env },
  });
  let log = "";
  const append = (chunk: Buffer) => {
    log += chunk.toString();
    if (log.length > 1_000_000) log = log.slice(-500_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  let exited: string | null = null;
  const exit = new Promise<void>((ok) => {
    child.once("exit", (code, signal) => {
      exited = `exited with ${code ?? signal}`;
      ok();
    });
    child.once("error", (error) => {
      exited = `failed to start: ${error.message}`;
      ok();
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    if (exited === null) {
      killTree(child, "SIGTERM");
      const timer = setTimeout(() => killTree(child, "SIGKILL"), 5_000);
      await exit;
      clearTimeout(timer);
    }
    // The loaders it started are in the same group; make sure none is left behind.
    killTree(child, "SIGKILL");
  };

  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`observable preview ${exited} before answering on ${url}:\n${log}`);
    try {
      await get(url, 5_000);
      break;
    } catch {
      if (Date.now() > deadline) {
        await close();
        throw new Error(`observable preview did not answer on ${url} within ${startTimeoutMs / 1000} s:\n${log}`);
      }
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }
  return { url, close, output: () => log };
}
