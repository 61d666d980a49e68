/**
 * Download buttons for any table or chart of the workbench:
 *
 *   display(downloadable(Plot.plot({…}), {name: "Segment sizes", csv: () => recordsCsv(rows)}));
 *   display(downloadTable(rows, columns, {name: "Sweep"}));
 *
 * - CSV: from the data behind the table or chart (not from its formatted cells), through
 *   src/lib/io/tableCsv.ts, so spreadsheet formulas in exported text are neutralised.
 * - SVG: Plot's SVG with its title, subtitle, caption and swatch legend drawn in, self-contained
 *   (Plot's own <style> travels inside the SVG; `currentColor` is set to the page's text colour).
 * - PNG: that SVG drawn on a canvas at twice the size, on white.
 *
 * Built with DOM APIs and textContent only: titles and values from exports are never parsed as HTML.
 * Files are made in the page (blob: URLs), so downloading works offline and never leaves the site.
 */
import type { CsvValue } from "../lib/io/csv.js";
import { rowsCsv, safeFileName } from "../lib/io/tableCsv.js";
import { textTable, type TextColumn } from "./textTable.js";

const SVG_NS = "http://www.w3.org/2000/svg";

export interface DownloadOptions {
  /** Title the file names come from ("Segment sizes" → segment-sizes.csv). */
  name: string;
  /** CSV text of the data behind the content (computed when the button is pressed). */
  csv?: () => string;
  /** Offer SVG and PNG (default: when the content holds an <svg>). */
  image?: boolean;
}

/** Saves a blob under a file name through a temporary link. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function saveText(text: string, fileName: string, type: string): void {
  saveBlob(new Blob([text], { type }), fileName);
}

function button(label: string, format: string, title: string, onClick: () => void | Promise<void>): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  b.title = title;
  b.dataset.downloadFormat = format;
  b.addEventListener("click", () => {
    b.disabled = true;
    Promise.resolve()
      .then(onClick)
      .catch((error: unknown) => {
        b.title = `Download failed: ${error instanceof Error ? error.message : String(error)}`;
        console.warn(b.title);
      })
      .finally(() => (b.disabled = false));
  });
  return b;
}

function size(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox?.baseVal;
  const width = Number(svg.getAttribute("width")) || box?.width || svg.getBoundingClientRect().width || 640;
  const height = Number(svg.getAttribute("height")) || box?.height || svg.getBoundingClientRect().height || 400;
  return { width, height };
}

function textElement(text: string, x: number, y: number, attributes: Record<string, string>): SVGTextElement {
  const t = document.createElementNS(SVG_NS, "text");
  t.setAttribute("x", String(x));
  t.setAttribute("y", String(y));
  for (const [k, v] of Object.entries(attributes)) t.setAttribute(k, v);
  t.textContent = text;
  return t;
}

/**
 * One self-contained SVG of a chart: a bare Plot <svg>, or a Plot <figure> (title, subtitle, swatch
 * or ramp legends, the chart, caption) stacked top to bottom. Null when there is no <svg>.
 */
export function chartSvg(content: Element): SVGSVGElement | null {
  const svgs = (content instanceof SVGSVGElement ? [content] : [...content.querySelectorAll("svg")]).filter(
    (svg) => !svg.parentElement?.closest("svg") && !/-swatch$/.test(svg.parentElement?.getAttribute("class") ?? ""),
  );
  if (!svgs.length) return null;
  const color = getComputedStyle(content).color || "#000";
  const font = getComputedStyle(content).fontFamily || "sans-serif";
  const out = document.createElementNS(SVG_NS, "svg");
  out.setAttribute("xmlns", SVG_NS);
  out.setAttribute("style", `color: ${color}; background: white; font-family: ${font}`);
  let y = 0;
  let width = 0;
  const pad = 4;
  const heading = (selector: string, fontSize: number, weight: string) => {
    const node = content instanceof SVGSVGElement ? null : content.querySelector(selector);
    const text = node?.textContent?.trim();
    if (!text) return;
    y += fontSize + pad;
    out.append(textElement(text, 0, y, { "font-size": String(fontSize), "font-weight": weight, fill: "currentColor" }));
  };
  heading(":scope > h2, figure > h2", 15, "600");
  heading(":scope > h3, figure > h3", 12, "400");
  // Swatch legends are HTML: draw each swatch as a square and its label.
  const swatches = content instanceof SVGSVGElement ? [] : [...content.querySelectorAll("[class$='-swatch']")];
  if (swatches.length) {
    y += 8;
    let x = 0;
    for (const swatch of swatches) {
      const fill = swatch.querySelector("svg")?.getAttribute("fill") ?? swatch.querySelector("rect")?.getAttribute("fill") ?? "currentColor";
      const label = swatch.textContent?.trim() ?? "";
      const rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("x", String(x));
      rect.setAttribute("y", String(y));
      rect.setAttribute("width", "10");
      rect.setAttribute("height", "10");
      rect.setAttribute("fill", fill);
      out.append(rect, textElement(label, x + 14, y + 9, { "font-size": "10", fill: "currentColor" }));
      x += 24 + label.length * 6;
    }
    width = Math.max(width, x);
    y += 10 + pad;
  }
  for (const svg of svgs) {
    const { width: w, height: h } = size(svg);
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute("x", "0");
    copy.setAttribute("y", String(y + pad));
    copy.setAttribute("width", String(w));
    copy.setAttribute("height", String(h));
    out.append(copy);
    y += h + pad;
    width = Math.max(width, w);
  }
  const caption = content instanceof SVGSVGElement ? null : content.querySelector("figcaption");
  if (caption?.textContent?.trim()) {
    y += 14;
    out.append(textElement(caption.textContent.trim(), 0, y, { "font-size": "11", fill: "currentColor" }));
    y += pad;
  }
  out.setAttribute("width", String(Math.ceil(width)));
  out.setAttribute("height", String(Math.ceil(y)));
  out.setAttribute("viewBox", `0 0 ${Math.ceil(width)} ${Math.ceil(y)}`);
  return out;
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

/** The SVG drawn on a white canvas at `scale` times its size, as PNG. */
export async function svgToPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute("width"));
  const height = Number(svg.getAttribute("height"));
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.width = width;
    image.height = height;
    await new Promise<void>((ok, fail) => {
      image.onload = () => ok();
      image.onerror = () => fail(new Error("the chart could not be drawn as an image"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(width * scale);
    canvas.height = Math.ceil(height * scale);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("no 2-D canvas");
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((blob) => (blob ? ok(blob) : fail(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Wraps a table or chart with CSV / SVG / PNG download buttons. */
export function downloadable(content: Element, options: DownloadOptions): HTMLElement {
  const wrapper = document.createElement("div");
  wrapper.className = "downloadable";
  wrapper.dataset.download = options.name;
  const bar = document.createElement("div");
  bar.className = "download-bar";
  const label = document.createElement("span");
  label.className = "download-label";
  label.textContent = "Download";
  bar.append(label);
  if (options.csv) {
    const csv = options.csv;
    bar.append(button("CSV", "csv", `${options.name}: the data as CSV`, () => saveText(csv(), safeFileName(options.name, "csv"), "text/csv;charset=utf-8")));
  }
  const image = options.image ?? (content instanceof SVGSVGElement || content.querySelector("svg") !== null);
  if (image) {
    const svg = () => {
      const out = chartSvg(content);
      if (!out) throw new Error("there is no chart to save");
      return out;
    };
    bar.append(
      button("SVG", "svg", `${options.name}: the chart as SVG`, () => saveText(svgText(svg()), safeFileName(options.name, "svg"), "image/svg+xml")),
      button("PNG", "png", `${options.name}: the chart as PNG`, async () => saveBlob(await svgToPng(svg()), safeFileName(options.name, "png"))),
    );
  }
  wrapper.append(content, bar);
  return wrapper;
}

export interface DownloadColumn<T> extends TextColumn<T> {
  /** The value written to the CSV (default: `value`), e.g. the unformatted number. */
  csv?: (row: T) => unknown;
}

/** A text table (textContent cells) with a CSV download of the same rows and columns. */
export function downloadTable<T>(rows: readonly T[], columns: readonly DownloadColumn<T>[], options: { name: string; caption?: string; className?: string }): HTMLElement {
  const table = textTable(rows, columns, { caption: options.caption, className: options.className });
  return downloadable(table, {
    name: options.name,
    image: false,
    csv: () => rowsCsv(rows, columns.map((c) => ({ label: c.label, value: c.csv ?? c.value }))),
  });
}

export type { CsvValue };
