/**
 * Node preload that forbids network access beyond this machine, so that an offline build or preview
 * fails loudly (instead of hanging on an unreachable CDN) when Framework's npm cache lacks an entry:
 *
 *   node --import ./tools/forbid-network.mjs node_modules/@observablehq/framework/dist/bin/observable.js build
 *
 * - `globalThis.fetch` throws for any URL whose host is not loopback (127.0.0.0/8, ::1, localhost);
 *   `data:` and `blob:` URLs still work.
 * - TCP connections (net/tls, hence http, https, undici, WebSocket clients) to a non-loopback host fail
 *   with the same kind of error; loopback, Unix sockets and named pipes are left alone.
 * - Framework's telemetry is turned off (OBSERVABLE_TELEMETRY_DISABLE) so it does not trip the guard.
 *
 * Data loaders run in child processes (`tsx` for .ts loaders): with `node --import` they are not
 * affected. Set through NODE_OPTIONS (with an absolute path) the guard applies to them too, and they
 * keep working as long as they only use local files and loopback.
 */
import net from "node:net";

const HINT = "add it to tools/offline-cache.ts";

process.env.OBSERVABLE_TELEMETRY_DISABLE ||= "true";

/** Whether a host name or address is this machine's loopback. */
export function isLoopback(host) {
  if (host == null || host === "") return true; // Node defaults to localhost
  let h = String(host).toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const v4 = h.startsWith("::ffff:") ? h.slice(7) : h;
  return net.isIPv4(v4) && v4.split(".")[0] === "127";
}

function offlineError(what) {
  const error = new Error(`offline build: Framework tried to fetch ${what}; ${HINT}`);
  error.code = "EOFFLINE";
  return error;
}

function describe(input) {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  if (input && typeof input.url === "string") return input.url; // Request
  return String(input);
}

const originalFetch = globalThis.fetch;
if (typeof originalFetch === "function" && !originalFetch.offlineGuard) {
  const guardedFetch = async function fetch(input, init) {
    const href = describe(input);
    let url;
    try {
      url = new URL(href);
    } catch {
      return originalFetch(input, init); // relative or invalid: let fetch report it
    }
    if (url.protocol === "data:" || url.protocol === "blob:" || isLoopback(url.hostname)) {
      return originalFetch(input, init);
    }
    const error = offlineError(href);
    console.error(error.message);
    throw error;
  };
  guardedFetch.offlineGuard = true;
  globalThis.fetch = guardedFetch;
}

/** The host of a `socket.connect(...)` call, or undefined for Unix sockets and named pipes. */
function connectTarget(args) {
  let [first, second] = args;
  if (Array.isArray(first)) [first] = first; // net.connect() passes its normalised [options, callback]
  if (first !== null && typeof first === "object") {
    if (first.path != null) return undefined;
    return { host: first.host ?? first.hostname ?? "localhost", port: first.port };
  }
  if (typeof first === "string" && !/^\d+$/.test(first)) return undefined; // pipe path
  return { host: typeof second === "string" ? second : "localhost", port: first };
}

const originalConnect = net.Socket.prototype.connect;
if (!originalConnect.offlineGuard) {
  const guardedConnect = function connect(...args) {
    const target = connectTarget(args);
    if (target && !isLoopback(target.host)) {
      const error = offlineError(`${target.host}:${target.port}`);
      console.error(error.message);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return originalConnect.apply(this, args);
  };
  guardedConnect.offlineGuard = true;
  net.Socket.prototype.connect = guardedConnect;
}
