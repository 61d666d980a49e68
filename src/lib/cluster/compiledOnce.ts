/**
 * Loops generated for their sizes (unrolled over the features, values held in locals) are compiled
 * with `new Function` once per key. Where the runtime forbids it (a Content-Security-Policy without
 * 'unsafe-eval'), compiling throws: null is cached for the key and the caller runs its generic loops.
 */
export function compiledOnce<T>(cache: Map<string, T | null>, key: string, compile: () => T): T | null {
  if (!cache.has(key)) {
    let compiled: T | null = null;
    try {
      compiled = compile();
    } catch {
      compiled = null;
    }
    cache.set(key, compiled);
  }
  return cache.get(key)!;
}

/** A strict-mode function of `params` with `body`, typed as F. */
export function compileFunction<F>(params: readonly string[], body: string): F {
  return new Function(...params, `"use strict";\n${body}`) as F;
}
