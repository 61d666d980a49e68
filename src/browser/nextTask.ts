/**
 * Resolves in a later task of the page's event loop. A page cell that draws a large part of a
 * result awaits it first, so each part is drawn in a task of its own: the browser can paint and
 * answer input between them, instead of one long task drawing everything the result touches.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** The prefix of the performance measures `drawn` records (the scale test reads them). */
export const DRAW_MEASURE = "workbench draw: ";

/**
 * `draw()`, timed as a performance measure named DRAW_MEASURE + `name`, so a long task on the page
 * can be traced to the part of the result it drew (tests/e2e/scale.test.ts prints them).
 */
export function drawn<T>(name: string, draw: () => T): T {
  const start = performance.now();
  try {
    return draw();
  } finally {
    performance.measure(DRAW_MEASURE + name, { start, end: performance.now() });
  }
}
