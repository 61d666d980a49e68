/**
 * The report's headline findings (src/lib/report/headlines.ts) as a list: each sentence with the
 * figures it cites in bold, each figure carrying data-figure (its key) and data-value (the raw
 * number), so a test holds every number against the report. Built from the sentence's template with
 * DOM APIs and textContent: a segment name in a sentence is never parsed as HTML.
 */
import { formatFigure } from "../lib/report/headlines.js";
import type { Headline, HeadlineFigure } from "../lib/report/types.js";
import { rowsCsv } from "../lib/io/tableCsv.js";

/** The headlines as a list; money in `currency` (the report's quality.transactions.currency). */
export function headlineList(headlines: readonly Headline[], options: { currency?: string | null } = {}): HTMLUListElement {
  const list = document.createElement("ul");
  list.className = "headlines";
  list.dataset.testid = "headlines";
  for (const h of headlines) {
    const item = document.createElement("li");
    item.dataset.headline = h.key;
    const byKey = new Map(h.figures.map((f) => [f.key, f]));
    // Alternating text and figure keys: "a {x} b" → ["a ", "x", " b"].
    h.template.split(/\{([\w.-]+)\}/).forEach((part, i) => {
      const figure = i % 2 ? byKey.get(part) : undefined;
      if (!figure) {
        item.append(document.createTextNode(i % 2 ? `{${part}}` : part));
        return;
      }
      const strong = document.createElement("strong");
      strong.dataset.figure = figure.key;
      strong.dataset.value = String(figure.value);
      strong.title = figure.label;
      strong.textContent = formatFigure(figure.value, figure.format, options.currency ?? null);
      item.append(strong);
    });
    list.append(item);
  }
  return list;
}

/** Every figure the headlines cite, one row each: the finding, the figure, its value. */
export function headlinesCsv(headlines: readonly Headline[]): string {
  type Row = { h: Headline; f: HeadlineFigure | null };
  const rows = headlines.flatMap((h): Row[] => (h.figures.length ? h.figures.map((f) => ({ h, f })) : [{ h, f: null }]));
  return rowsCsv(rows, [
    { label: "finding", value: (r) => r.h.key },
    { label: "sentence", value: (r) => r.h.text },
    { label: "figure", value: (r) => r.f?.label ?? "" },
    { label: "value", value: (r) => r.f?.value ?? "" },
  ]);
}
