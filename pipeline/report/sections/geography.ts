/** Where the segments' customers are: each code's make-up by the country and region attributes (src/lib/report/geography.ts). */
import { geographyColumns, geographySection, type GeographySection } from "../../../src/lib/report/geography.js";
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
  );
}
