/**
 * A button that prints the page (the browser's print dialog, where "Save as PDF" makes a PDF). The
 * print stylesheet (style.css, @media print) drops the sidebar, navigation and every button, so a
 * segment page prints as that segment alone. DOM APIs only.
 */
export function printButton(label: string): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "print-bar no-print";
  const button = document.createElement("button");
  button.type = "button";
  button.dataset.testid = "print";
  button.textContent = label;
  button.addEventListener("click", () => window.print());
  bar.append(button);
  return bar;
}
