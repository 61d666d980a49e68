/** Finding a customer by id on the lookup page: from the page's address, and from what was typed. */

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a lone "%" and the like: the text as typed
  }
}

/**
 * The first of the address's candidates (the #hash, the /lookup/<id> parameter) that is a known id,
 * as written or URL-decoded; "" when none is.
 */
export function customerFromAddress(candidates: readonly (string | undefined)[], known: ReadonlyMap<string, number>): string {
  for (const text of candidates) {
    if (!text) continue;
    for (const id of [text, decode(text)]) if (id && known.has(id)) return id;
  }
  return "";
}

/** An exact id, else up to `limit` ids containing the typed text (case-insensitive), in table order. */
export function matchingIds(query: string, ids: readonly (string | null)[], known: ReadonlyMap<string, number>, limit = 20): { needle: string; exact: string | null; matches: string[] } {
  const needle = query.trim();
  const exact = known.has(needle) ? needle : null;
  if (exact || !needle) return { needle, exact, matches: [] };
  const lower = needle.toLowerCase();
  const matches: string[] = [];
  for (const id of ids) {
    if (id !== null && id.toLowerCase().includes(lower)) matches.push(id);
    if (matches.length === limit) break;
  }
  return { needle, exact, matches };
}
