/**
 * Audiences on the report and the audience page: the config's audiences with their rule in words,
 * size, value and play; the overlap matrix (how much of each audience is also in another); and an
 * audience's live count. DOM APIs, textContent and Plot; names and rules from the config are text.
 */
import * as Plot from "npm:@observablehq/plot";
// Plot.plot with the accessibility fix (its named mark groups get a role): plot.ts.
import { plot } from "./plot.js";
import type { AudienceOverlap } from "../lib/actions/audiences.js";
import { ruleText } from "../lib/actions/ruleText.js";
import { formatCount, formatMoney, formatShare } from "../lib/io/format.js";
/* Money here is the audience table's value column: net revenue by default, in the report's currency. */
import { recordsCsv } from "../lib/io/tableCsv.js";
import type { ReportAudience } from "../lib/report/types.js";
import { downloadable, downloadTable, saveText } from "./download.js";

type AudienceRow = Pick<ReportAudience, "name" | "rule" | "customers" | "customer_share" | "value" | "value_share" | "value_missing"> & { play?: Record<string, string> | null };

/** The audiences: rule in words, customers and value with their shares, blanks in the value, and the play. */
export function audienceTable(list: readonly AudienceRow[], options: { name: string; valueColumn: string | null; currency?: string | null }): HTMLElement {
  const currency = options.currency ?? null;
  const value = options.valueColumn ?? "value";
  const table = downloadTable(
    list,
    [
      { label: "Audience", value: (a) => a.name },
      { label: "Rule", value: (a) => ruleText(a.rule), csv: (a) => JSON.stringify(a.rule) },
      { label: "Customers", numeric: true, value: (a) => formatCount(a.customers), csv: (a) => a.customers },
      { label: "Share of customers", numeric: true, value: (a) => formatShare(a.customer_share), csv: (a) => a.customer_share },
      { label: `Sum of ${value}`, numeric: true, value: (a) => formatMoney(a.value, currency), csv: (a) => a.value },
      { label: `Share of ${value}`, numeric: true, value: (a) => (a.value_share === null ? "–" : formatShare(a.value_share)), csv: (a) => a.value_share },
      { label: `Blank ${value}`, numeric: true, value: (a) => formatCount(a.value_missing), csv: (a) => a.value_missing },
      { label: "Play", value: (a) => (a.play ? [a.play.action, a.play.kpi ? `KPI: ${a.play.kpi}` : ""].filter(Boolean).join(" · ") : "no play") },
    ],
    { name: options.name, className: "segment-table audience-table" },
  );
  table.dataset.testid = "audience-table";
  const rows = table.querySelectorAll("tbody tr");
  list.forEach((a, i) => {
    const row = rows[i] as HTMLElement;
    row.dataset.audience = a.name;
    row.dataset.customers = String(a.customers);
    row.dataset.value = String(a.value);
  });
  return table;
}

/** The overlap matrix: rows are audiences, columns the audience they are also in; cells the share of the row's customers. */
export function overlapMatrix(overlap: readonly AudienceOverlap[], options: { name: string; width?: number }): HTMLElement {
  const names = [...new Map(overlap.map((c) => [c.a, c.a_name])).values()];
  const cells = overlap.map((c) => ({ ...c, share: c.share_of_a ?? 0 }));
  const chart = plot({
    width: Math.min(Math.max(420, options.width ?? 640), 220 + 110 * names.length),
    height: 100 + 36 * names.length,
    marginLeft: 190,
    marginTop: 100,
    x: { label: "Also in", domain: names, axis: "top", tickRotate: -30 },
    y: { label: null, domain: names },
    color: { type: "linear", scheme: "blues", domain: [0, 1], legend: true, label: "Share of the row's customers", tickFormat: "%" },
    marks: [
      Plot.cell(cells, { x: "b_name", y: "a_name", fill: "share", inset: 0.5, tip: { channels: { customers: "customers" }, format: { fill: (x: number) => formatShare(x) } } }),
      Plot.text(cells, { x: "b_name", y: "a_name", text: (d: (typeof cells)[number]) => `${formatCount(d.customers)} · ${formatShare(d.share)}`, fill: (d: (typeof cells)[number]) => (d.share > 0.55 ? "white" : "black"), fontSize: 10 }),
    ],
  });
  const out = downloadable(chart, { name: options.name, csv: () => recordsCsv(overlap as unknown as Record<string, unknown>[], ["a_name", "b_name", "customers", "share_of_a"]) });
  out.dataset.testid = "overlap-matrix";
  return out;
}

/** An audience's size and value as the page computes them live, with raw values in data attributes for tests. */
export function audienceCount(
  summary: { customers: number; customer_share: number; value: number; value_share: number | null; value_missing: number } | null,
  options: { valueColumn: string | null; currency?: string | null },
): HTMLElement {
  const p = document.createElement("p");
  p.className = "audience-count";
  p.dataset.testid = "audience-count";
  if (!summary) {
    p.textContent = "Fix the rule to count its customers.";
    p.dataset.state = "invalid";
    return p;
  }
  p.dataset.state = "counted";
  p.dataset.customers = String(summary.customers);
  p.dataset.value = String(summary.value);
  const strong = (text: string) => {
    const s = document.createElement("strong");
    s.textContent = text;
    return s;
  };
  const value = options.valueColumn ?? "value";
  p.append(
    strong(formatCount(summary.customers)),
    ` customers (${formatShare(summary.customer_share)} of everyone) · ${value} `,
    strong(formatMoney(summary.value, options.currency ?? null)),
    summary.value_share === null ? "" : ` (${formatShare(summary.value_share)})`,
    summary.value_missing ? ` · ${formatCount(summary.value_missing)} with a blank ${value}, not counted in it` : "",
  );
  return p;
}

/** A button that makes a file when pressed (a query may run first) and saves it. */
export function fileButton(label: string, fileName: string, make: () => Promise<string>, options: { testId?: string } = {}): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  if (options.testId) button.dataset.testid = options.testId;
  button.addEventListener("click", () => {
    button.disabled = true;
    make()
      .then((text) => saveText(text, fileName, "text/csv;charset=utf-8"))
      .catch((error: unknown) => {
        button.title = `Failed: ${error instanceof Error ? error.message : String(error)}`;
        console.warn(button.title);
      })
      .finally(() => (button.disabled = false));
  });
  return button;
}
