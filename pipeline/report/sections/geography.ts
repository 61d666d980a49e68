/**
 * Where the segments' customers are: each code's make-up by the country and region attributes
 * (src/lib/report/geography.ts). When the country is the transactions export's (placed by most of
 * each customer's lines, src/lib/features/countrySql.ts), how many customers' lines name several.
 */
import { customerAttributes } from "../../../src/lib/features/featureSql.js";
import { COUNTRY_COLUMN, countryFromLines, customerCountrySql } from "../../../src/lib/features/countrySql.js";
import { geographyColumns, geographySection, type CountryFromLines, type GeographySection } from "../../../src/lib/report/geography.js";
import { quoteLiteral } from "../../../src/lib/io/sql.js";
import { parquetColumnTypes } from "../../parquet.js";
import type { ReportContext } from "../context.js";

export async function geographyAttributesSection(ctx: ReportContext): Promise<GeographySection> {
  const text = ctx.featureTypes.filter((c) => c.type === "VARCHAR" && c.name !== "customer_id").map((c) => c.name);
  const names = geographyColumns(text);
  const columns = await ctx.featureColumns([names.country, names.region].filter((c): c is string => c !== null));
  return geographySection(
    { country: names.country ? (columns[names.country] as (string | null)[]) : undefined, region: names.region ? (columns[names.region] as (string | null)[]) : undefined },
    names,
    ctx.labels,
    ctx.labelCount,
    names.country === COUNTRY_COLUMN ? await linesCountry(ctx) : null,
  );
}

/** The lines' country as the feature step placed it (the same rule, countryFromLines), with the customers whose lines name more than one. */
async function linesCountry(ctx: ReportContext): Promise<CountryFromLines | null> {
  const { transactions, customers, asOf, quality } = ctx.outputs;
  const column = quality.transactions?.mapping.country;
  if (!transactions || !column || !asOf) return null;
  const lineColumns = (await parquetColumnTypes(ctx.db, transactions)).map((c) => c.name);
  const customerColumns = customers ? (await parquetColumnTypes(ctx.db, customers)).map((c) => c.name) : [];
  if (!countryFromLines(lineColumns, customerAttributes(customerColumns, ctx.config.pii).attributes)) return null;
  await ctx.db.run(`CREATE OR REPLACE TEMP VIEW report_country_lines AS SELECT customer_id, country, order_ts FROM read_parquet(${quoteLiteral(transactions)})`);
  const segments = await ctx.segmentTable();
  // The feature table's customers (those with a purchase before the as-of date) only.
  const [{ n }] = await ctx.db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${customerCountrySql({ transactions: "report_country_lines", asOf })}) c
    JOIN ${segments} s USING (customer_id) WHERE c.countries > 1`);
  return { column, multiCountry: n };
}
