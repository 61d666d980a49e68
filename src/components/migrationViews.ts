/**
 * Segment migration views: the transition matrix (rows: segment at the earlier date, columns:
 * segment now), a segment's came-from / went-to lists, and a two-column Sankey drawn as SVG from
 * sankeyLayout (src/lib/segments/migration.ts). DOM APIs and textContent only.
 */
import { formatCount, formatShare } from "../lib/io/format.js";
import { rowsCsv } from "../lib/io/tableCsv.js";
import { GONE_LABEL, NEW_LABEL, sankeyLayout, shownMigration, type Flow } from "../lib/segments/migration.js";

const SVG = "http://www.w3.org/2000/svg";
const NEUTRAL = "#9aa5b1";

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function swatch(color: string): HTMLElement {
  const span = document.createElement("span");
  span.className = "segment-swatch";
  span.style.background = color;
  return span;
}

/**
 * The transition matrix: counts, each row's share in a tooltip, row and column totals, the diagonal
 * (stayed) in bold. A segment or group with nobody at either date, the "new" row and the "not in the
 * current base" column appear only when non-empty (shownMigration).
 */
export function migrationTable(matrix: readonly (readonly number[])[], names: readonly string[], options: { colors: readonly string[]; then: string; now: string }): HTMLTableElement {
  const k = names.length;
  const { rows, cols } = shownMigration(matrix, k);
  const label = (i: number, other: string) => (i === k ? other : names[i]);
  const table = document.createElement("table");
  table.className = "segment-table migration-table";
  const caption = table.createCaption();
  caption.textContent = `Rows: segment on ${options.then}. Columns: segment on ${options.now}. Cells: customers.`;
  const head = table.createTHead().insertRow();
  const corner = document.createElement("th");
  corner.textContent = `${options.then} ↓ / ${options.now} →`;
  head.append(corner);
  for (const c of cols) {
    const th = document.createElement("th");
    th.className = "num";
    th.textContent = label(c, GONE_LABEL);
    head.append(th);
  }
  const total = document.createElement("th");
  total.className = "num";
  total.textContent = "Total then";
  head.append(total);
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    tr.dataset.from = r === k ? "new" : String(r);
    const th = document.createElement("th");
    th.scope = "row";
    th.append(swatch(r === k ? NEUTRAL : options.colors[r % options.colors.length]), document.createTextNode(label(r, NEW_LABEL)));
    tr.append(th);
    const rowTotal = cols.reduce((s, c) => s + matrix[r][c], 0);
    for (const c of cols) {
      const td = tr.insertCell();
      td.className = r === c ? "num stayed" : "num";
      td.dataset.to = c === k ? "gone" : String(c);
      td.dataset.value = String(matrix[r][c]);
      td.textContent = matrix[r][c] ? formatCount(matrix[r][c]) : "·";
      if (rowTotal) td.title = `${formatShare(matrix[r][c] / rowTotal)} of ${label(r, NEW_LABEL)}`;
    }
    const td = tr.insertCell();
    td.className = "num total";
    td.textContent = formatCount(rowTotal);
  }
  const foot = table.createTFoot().insertRow();
  const fth = document.createElement("th");
  fth.textContent = "Total now";
  foot.append(fth);
  for (const c of cols) {
    const td = foot.insertCell();
    td.className = "num total";
    td.textContent = formatCount(rows.reduce((s, r) => s + matrix[r][c], 0));
  }
  const all = foot.insertCell();
  all.className = "num total";
  all.textContent = formatCount(rows.reduce((s, r) => s + cols.reduce((t, c) => t + matrix[r][c], 0), 0));
  return table;
}

/**
 * The matrix as CSV, one row per cell: segment then (or "Not yet a customer"), segment now, customers;
 * every cell of the full matrix but a segment or group with nobody at either date (shownMigration's
 * labels, with "new" and "not in the current base" always, so the file's shape is fixed).
 */
export function migrationCsv(matrix: readonly (readonly number[])[], names: readonly string[], options: { then: string; now: string }): string {
  const k = names.length;
  const shown = shownMigration(matrix, k);
  const kept = (i: number) => i === k || shown.rows.includes(i);
  const cells = matrix.flatMap((row, r) => (kept(r) ? row.flatMap((customers, c) => (kept(c) ? [{ from: r === k ? NEW_LABEL : names[r], to: c === k ? GONE_LABEL : names[c], customers }] : [])) : []));
  return rowsCsv(cells, [
    { label: `segment on ${options.then}`, value: (d) => d.from },
    { label: `segment on ${options.now}`, value: (d) => d.to },
    { label: "customers", value: (d) => d.customers },
  ]);
}

/** A came-from or went-to list as CSV. */
export function flowsCsv(flows: readonly Flow[], shareLabel: string): string {
  return rowsCsv(flows, [
    { label: "segment", value: (f) => f.label },
    { label: "customers", value: (f) => f.customers },
    { label: shareLabel, value: (f) => f.share },
  ]);
}

/**
 * A came-from or went-to list: segment (linked when `href` gives a page: groups kept out of the
 * clustering have none), customers, share.
 */
export function flowTable(flows: readonly Flow[], options: { colors: readonly string[]; href: (segment: number) => string | null; shareLabel: string; testId: string }): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "segment-table flow-table";
  table.dataset.testid = options.testId;
  const head = table.createTHead().insertRow();
  for (const [text, numeric] of [["Segment", false], ["Customers", true], [options.shareLabel, true]] as const) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = text;
    if (numeric) th.className = "num";
    head.append(th);
  }
  const body = table.createTBody();
  for (const f of flows) {
    const tr = body.insertRow();
    tr.dataset.segment = f.segment === null ? "none" : String(f.segment);
    const name = tr.insertCell();
    const href = f.segment === null ? null : options.href(f.segment);
    if (f.segment === null) {
      name.append(swatch(NEUTRAL), document.createTextNode(f.label));
    } else if (href === null) {
      name.append(swatch(options.colors[f.segment % options.colors.length]), document.createTextNode(f.label));
    } else {
      const a = document.createElement("a");
      a.href = href;
      a.textContent = f.label;
      name.append(swatch(options.colors[f.segment % options.colors.length]), a);
    }
    const customers = tr.insertCell();
    customers.className = "num";
    customers.dataset.value = String(f.customers);
    customers.textContent = formatCount(f.customers);
    const share = tr.insertCell();
    share.className = "num";
    share.dataset.value = String(f.share);
    share.textContent = formatShare(f.share);
  }
  return table;
}

/**
 * A two-column Sankey of the matrix: earlier segments on the left, current on the right, bands
 * coloured by the earlier segment. `highlight` (a segment number) fades the bands that do not touch it.
 */
export function migrationSankey(
  matrix: readonly (readonly number[])[],
  names: readonly string[],
  options: { colors: readonly string[]; width?: number; height?: number; then: string; now: string; highlight?: number },
): SVGSVGElement {
  const k = names.length;
  const width = options.width ?? 720;
  const height = options.height ?? 360;
  const top = 24;
  const labelWidth = Math.min(200, width * 0.28);
  const nodeWidth = 12;
  const x0 = labelWidth;
  const x1 = width - labelWidth;
  const fromLabels = [...names, NEW_LABEL];
  const toLabels = [...names, GONE_LABEL];
  const { nodes, links } = sankeyLayout(matrix, fromLabels, toLabels, { height: height - top - 4, gap: 10 });
  const color = (i: number) => (i === k ? NEUTRAL : options.colors[i % options.colors.length]);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "migration-sankey" });
  root.style.maxWidth = "100%";
  root.style.height = "auto";
  const title = svg("title", {});
  title.textContent = `Customers' segments on ${options.then} (left) and on ${options.now} (right)`;
  root.append(title);
  for (const [x, text, anchor] of [[x0, options.then, "end"], [x1 + nodeWidth, options.now, "start"]] as const) {
    const t = svg("text", { x, y: 12, "text-anchor": anchor, "font-size": 12, "font-weight": "bold", fill: "currentColor" });
    t.textContent = text;
    root.append(t);
  }
  const fades = (from: number, to: number) => options.highlight !== undefined && from !== options.highlight && to !== options.highlight;
  const bands = svg("g", { "fill-opacity": 0.45 });
  const mid = (x0 + nodeWidth + x1) / 2;
  for (const link of links) {
    const a = x0 + nodeWidth;
    const b = x1;
    const d =
      `M${a},${top + link.sy0} C${mid},${top + link.sy0} ${mid},${top + link.ty0} ${b},${top + link.ty0} ` +
      `L${b},${top + link.ty1} C${mid},${top + link.ty1} ${mid},${top + link.sy1} ${a},${top + link.sy1} Z`;
    const path = svg("path", { d, fill: color(link.from) });
    if (fades(link.from, link.to)) path.setAttribute("fill-opacity", "0.25");
    if (fades(link.from, link.to)) path.setAttribute("opacity", "0.35");
    const tip = svg("title", {});
    tip.textContent = `${fromLabels[link.from]} → ${toLabels[link.to]}: ${formatCount(link.value)} customers`;
    path.append(tip);
    bands.append(path);
  }
  root.append(bands);
  for (const node of nodes) {
    const left = node.side === "from";
    const x = left ? x0 : x1;
    const rect = svg("rect", { x, y: top + node.y0, width: nodeWidth, height: Math.max(1, node.y1 - node.y0), fill: color(node.index) });
    const tip = svg("title", {});
    tip.textContent = `${node.label}: ${formatCount(node.value)} customers`;
    rect.append(tip);
    const text = svg("text", {
      x: left ? x - 6 : x + nodeWidth + 6,
      y: top + (node.y0 + node.y1) / 2,
      dy: "0.35em",
      "text-anchor": left ? "end" : "start",
      "font-size": 11,
      fill: "currentColor",
    });
    text.textContent = `${node.label} (${formatCount(node.value)})`;
    root.append(rect, text);
  }
  return root;
}
