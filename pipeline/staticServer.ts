/**
 * A static server for a built site (dist/), served the way Framework's clean URLs expect: the pdf
 * command renders pages from it, and the browser tests serve the built site with it
 * (tests/support/servers.ts). Only 127.0.0.1, at a free port.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";

export interface RunningServer {
  /** Origin plus "/", e.g. http://127.0.0.1:43121/ */
  url: string;
  close(): Promise<void>;
}

const MIME_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/vnd.apache.parquet",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".gz": "application/gzip",
  ".zip": "application/zip",
  ".xml": "application/xml",
};

export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Maps a URL path to a file under root the way Framework's built sites are served (cleanUrls):
 * /            → /index.html
 * /dir/        → /dir/index.html
 * /foo         → /foo (if it is a file), else /foo.html (and serveStatic redirects /dir to /dir/)
 * Returns null when nothing matches or the path escapes root.
 */
export async function resolveStaticPath(root: string, urlPath: string): Promise<string | null> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (pathname.includes("\0")) return null;
  const file = normalize(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) return null;
  const candidates = pathname.endsWith("/") ? [join(file, "index.html")] : [file, `${file}.html`];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  return null;
}

/** Serves dir on 127.0.0.1 at a free port. Unknown paths get dir/404.html (if any) with status 404. */
export async function serveStatic(dir: string): Promise<RunningServer> {
  const root = resolve(dir);
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    let file = await resolveStaticPath(root, pathname);
    if (!file && !pathname.endsWith("/") && (await resolveStaticPath(root, `${pathname}/`))) {
      // /dir → /dir/, as static hosts do for a folder with an index.html
      const { search } = new URL(req.url ?? "/", "http://localhost");
      res.writeHead(302, { location: `${pathname}/${search}` }).end();
      return;
    }
    let status = 200;
    if (!file) {
      status = 404;
      file = (await isFile(join(root, "404.html"))) ? join(root, "404.html") : null;
      if (!file) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
        return;
      }
    }
    const { size } = await stat(file);
    res.writeHead(status, { "content-type": mimeType(file), "content-length": size, "cache-control": "no-cache" });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on("error", () => res.destroy());
    stream.pipe(res);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end(String(error));
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
