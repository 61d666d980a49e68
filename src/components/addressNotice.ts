/**
 * The notice a page shows when settings in its address could not be used (src/lib/segments/urlState.ts
 * says which and why): the defaults are shown instead. DOM APIs and textContent only.
 */
/** A list of the parameters that fell back to their defaults, or null when there are none. */
export function addressNotice(problems: readonly string[]): HTMLElement | null {
  if (!problems.length) return null;
  const box = document.createElement("div");
  box.className = "warning address-notice";
  box.dataset.testid = "address-notice";
  box.setAttribute("role", "status");
  const lead = document.createElement("p");
  lead.textContent = "Some settings in this link could not be used, so their defaults are shown instead:";
  const list = document.createElement("ul");
  for (const problem of problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    list.append(item);
  }
  box.append(lead, list);
  return box;
}
