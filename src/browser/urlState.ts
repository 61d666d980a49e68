/**
 * The page's address as the home of its settings (src/lib/segments/urlState.ts parses and writes
 * them): read once when the page opens, replaced (not pushed: Back leaves the page, as before) each
 * time the settings change, so the address bar always holds a link to the current view. The hash is
 * kept.
 */

/** The address's query, "" outside a browser. */
export function currentSearch(): string {
  return typeof location === "undefined" ? "" : location.search;
}

/** Puts the parameters in the address without reloading or adding a history entry. */
export function replaceSearch(params: URLSearchParams): void {
  if (typeof history === "undefined" || typeof location === "undefined") return;
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, "", url);
}
