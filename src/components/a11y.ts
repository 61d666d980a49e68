/**
 * Small fixes that make library output pass an accessibility audit (axe-core, run by the browser
 * tests on every page): Plot charts, Inputs controls and scrolling tables. DOM APIs only.
 */

/**
 * Plot labels each mark's <g> with aria-label but gives it no role, and a <g> without a role may not
 * be named (axe's aria-prohibited-attr; Plot issue #1760): such groups get role="group", which may.
 */
export function accessibleChart<T extends Element>(chart: T): T {
  for (const g of chart.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
  return chart;
}

/**
 * Inputs' controls label only their first field (Inputs.range's slider has no label of its own; a
 * table's row checkboxes none): every input, select or textarea without a label gets the control's
 * label text as aria-label, with `suffix` ("slider").
 */
export function labelledInputs<T extends Element>(control: T, options: { label?: string } = {}): T {
  const text = options.label ?? control.querySelector("label")?.textContent?.trim() ?? "";
  for (const field of control.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea")) {
    if (field.labels?.length || field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")) continue;
    const kind = field instanceof HTMLInputElement ? field.type : field.tagName.toLowerCase();
    field.setAttribute("aria-label", text ? `${text} (${kind === "range" ? "slider" : kind})` : kind);
  }
  return control;
}

/**
 * A table that scrolls in its own box can be scrolled from the keyboard: focusable, and named (a
 * region; Inputs.table's box is a form, which its name already makes a landmark).
 */
export function scrollableRegion<T extends HTMLElement>(element: T, label: string): T {
  element.tabIndex = 0;
  if (element.tagName !== "FORM") element.setAttribute("role", "region");
  element.setAttribute("aria-label", label);
  return element;
}
