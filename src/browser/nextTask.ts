/**
 * Resolves in a later task of the page's event loop. A page cell that draws a large part of a
 * result awaits it first, so each part is drawn in a task of its own: the browser can paint and
 * answer input between them, instead of one long task drawing everything the result touches.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
