/**
 * Where a segment's customers are: a map of its share of each country's customers (Plot's geo mark
 * over Natural Earth's boundaries, shipped by the data loader src/data/countries.json.ts from the
 * world-atlas package), the countries without a shape listed under it with their customers, and a
 * table of its share by country or region against everyone's (data-testid="geography-map",
 * "geography-table"). Text goes through htl's `html` or Plot.
 */
import * as Plot from "npm:@observablehq/plot";
import { html } from "npm:htl";
import { formatCount, formatShare } from "../lib/io/format.js";
import { atlasCountryName } from "../lib/report/geography.js";
import { recordsCsv } from "../lib/io/tableCsv.js";
import type { CategoricalProfile } from "../lib/segments/profile.js";
import { downloadable, downloadTable } from "./download.js";
import { plot } from "./plot.js";

export interface Countries {
  type: "FeatureCollection";
  features: { type: "Feature"; properties: { name: string }; geometry: unknown }[];
}

export interface CountryShare {
  /** The value as the export writes it. */
  value: string;
  /** The boundary file's name for it, or null when it has no shape ("Other", small islands, "Unspecified"). */
  atlas: string | null;
  /** Customers of the country, and of them in the chosen segment. */
  customers: number;
  inSegment: number;
  /** inSegment / customers: the segment's share of the country's customers. */
  share: number;
}

/** One country's customers, and of them in the segment. */
export interface CountryRow {
  value: string;
  everyoneCustomers: number;
  customers: number;
}

/** A code's rows of a geography profile (values, everyone, segments by code). */
export function profileRows(profile: CategoricalProfile, code: number): CountryRow[] {
  return profile.values.map((value, v) => ({ value, everyoneCustomers: profile.everyone[v].customers, customers: profile.segments[code]?.[v]?.customers ?? 0 }));
}

/** Each country's customers and the segment's share of them, matched to the boundary file's names. */
export function countryShares(rows: readonly CountryRow[], atlasNames: readonly string[]): CountryShare[] {
  return rows.map((r) => ({ value: r.value, atlas: atlasCountryName(r.value, atlasNames), customers: r.everyoneCustomers, inSegment: r.customers, share: r.everyoneCustomers ? r.customers / r.everyoneCustomers : 0 }));
}

/** The map of a segment's share of each country's customers, with the countries it cannot draw listed. */
export function countryMap(countries: Countries, rows: readonly CountryRow[], options: { name: string; width?: number }): HTMLElement {
  const names = countries.features.map((f) => f.properties.name);
  const shares = countryShares(rows, names);
  const byAtlas = new Map(shares.filter((s) => s.atlas !== null).map((s) => [s.atlas!, s]));
  const withData = countries.features.filter((f) => byAtlas.has(f.properties.name));
  const width = Math.max(320, options.width ?? 640);
  const chart = plot({
    width,
    height: Math.round(width * 0.5),
    projection: withData.length ? { type: "equal-earth", domain: { type: "FeatureCollection", features: withData } as never, inset: 10 } : "equal-earth",
    color: { type: "linear", scheme: "blues", domain: [0, Math.max(0.01, ...shares.map((s) => s.share))], legend: true, label: `${options.name}: share of the country's customers`, tickFormat: "%" },
    marks: [
      Plot.geo(countries as never, { fill: "#eee", stroke: "white", strokeWidth: 0.5 }),
      Plot.geo({ type: "FeatureCollection", features: withData } as never, {
        fill: (f: { properties: { name: string } }) => byAtlas.get(f.properties.name)!.share,
        stroke: "white",
        strokeWidth: 0.5,
        title: (f: { properties: { name: string } }) => {
          const s = byAtlas.get(f.properties.name)!;
          return `${s.value}: ${formatCount(s.inSegment)} of ${formatCount(s.customers)} customers (${formatShare(s.share)})`;
        },
      }),
    ],
  });
  const unmapped = shares.filter((s) => s.atlas === null);
  const csv = () => recordsCsv(shares.map((s) => ({ country: s.value, map_name: s.atlas ?? "", customers: s.customers, in_segment: s.inSegment, share: s.share })));
  const map = downloadable(chart, { name: `Share by country, ${options.name}`, csv });
  return html`<div data-testid="geography-map" data-countries=${withData.length} data-unmapped=${unmapped.length}>
    ${map}
    ${unmapped.length ? html`<p class="muted" data-testid="geography-unmapped">Not on the map: ${unmapped.map((s, i) => html`${i ? ", " : ""}${s.value} (${formatCount(s.inSegment)} of ${formatCount(s.customers)})`)}.</p>` : ""}
  </div>`;
}

/** A segment's share by country or region against everyone's (the values with at least 5 customers; the rest as Other). */
export function geographyTable(rows: readonly { value: string; customers: number; share: number; everyoneShare: number }[], options: { column: string; name: string }): HTMLElement {
  const table = downloadTable(
    rows,
    [
      { label: options.column, value: (r) => r.value },
      { label: `Customers in ${options.name}`, numeric: true, value: (r) => formatCount(r.customers), csv: (r) => r.customers },
      { label: `Share of ${options.name}`, numeric: true, value: (r) => formatShare(r.share), csv: (r) => r.share },
      { label: "Share of everyone", numeric: true, value: (r) => formatShare(r.everyoneShare), csv: (r) => r.everyoneShare },
      { label: "Index", numeric: true, value: (r) => (r.everyoneShare > 0 ? String(Math.round((r.share / r.everyoneShare) * 100)) : "–"), csv: (r) => (r.everyoneShare > 0 ? r.share / r.everyoneShare : "") },
    ],
    { name: `Share by ${options.column}, ${options.name}` },
  );
  table.dataset.testid = "geography-table";
  return table;
}

/** Every segment's share of the customers of each value (rows: values; the report's overview). */
export function segmentsByValueTable(profile: CategoricalProfile, names: readonly string[], options: { column: string }): HTMLElement {
  const rows = profile.values.map((value, v) => ({ value, total: profile.everyone[v].customers, counts: names.map((_, code) => profile.segments[code]?.[v]?.customers ?? 0) }));
  const table = downloadTable(
    rows,
    [
      { label: options.column, value: (r) => r.value },
      { label: "Customers", numeric: true, value: (r) => formatCount(r.total), csv: (r) => r.total },
      ...names.map((name, code) => ({ label: name, numeric: true, value: (r: (typeof rows)[number]) => formatShare(r.total ? r.counts[code] / r.total : 0), csv: (r: (typeof rows)[number]) => r.counts[code] })),
    ],
    { name: `Segments by ${options.column}`, caption: `Each segment's share of the customers of each ${options.column} (rows add up to 100% with the groups kept out of the segments)` },
  );
  table.dataset.testid = "geography-table";
  return table;
}
