/** The report's profiles: each segment against everyone by feature, attribute, category and product. */
import { profileAttribute, profiledColumns, profileFeature } from "../../../src/lib/report/profiles.js";
import type { ProfileSection } from "../../../src/lib/report/types.js";
import { quoteIdent, quoteLiteral } from "../../../src/lib/io/sql.js";
import { rankItems } from "../../../src/lib/segments/profile.js";
import { parquetColumnTypes } from "../../parquet.js";
import type { ReportContext } from "../context.js";

interface ItemRevenue {
  segment: number;
  key: string;
  name: string;
  revenue: number;
  customers: number;
}

/** Purchase revenue (product lines, not returns or cancellations, before the as-of date) by segment and category or product. */
async function revenueBy(ctx: ReportContext, by: "category" | "product"): Promise<ItemRevenue[]> {
  const key = by === "category" ? "t.category" : "t.product_id";
  const name = by === "category" ? "t.category" : "coalesce(min(t.product_name), t.product_id)";
  const rows = await ctx.db.all<ItemRevenue>(`
    SELECT s.segment::INTEGER AS segment, ${key} AS key, ${name} AS name,
      round(sum(t.amount), 2)::DOUBLE AS revenue, count(DISTINCT t.customer_id)::INTEGER AS customers
    FROM read_parquet(${quoteLiteral(ctx.outputs.transactions!)}) t
    JOIN ${await ctx.segmentTable()} s USING (customer_id)
    WHERE t.order_ts < DATE ${quoteLiteral(ctx.outputs.asOf!)} AND t.is_product AND NOT t.is_return AND NOT t.is_cancellation AND ${key} IS NOT NULL
    GROUP BY s.segment, ${key}
    ORDER BY segment, key`);
  return rows.map((r) => ({ segment: Number(r.segment), key: String(r.key), name: String(r.name), revenue: Number(r.revenue), customers: Number(r.customers) }));
}

/** Date attributes as YYYY-MM-DD text (profiled by year), rows by customer_id as the other columns. */
async function dateColumns(ctx: ReportContext, names: readonly string[]): Promise<Record<string, (string | null)[]>> {
  if (!names.length) return {};
  const rows = await ctx.db.all<Record<string, string | null>>(
    `SELECT ${names.map((n) => `strftime(${quoteIdent(n)}, '%Y-%m-%d') AS ${quoteIdent(n)}`).join(", ")} FROM read_parquet(${quoteLiteral(ctx.outputs.features)}) ORDER BY customer_id`,
  );
  return Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])]));
}

export async function profileSection(ctx: ReportContext): Promise<ProfileSection> {
  const { labels } = ctx;
  // Segments and the groups kept out of the clustering (codes k …), so "everyone" is every customer.
  const codes = ctx.labelCount;
  const profiled = profiledColumns(ctx.featureTypes);
  const dates = new Set(profiled.dates);
  const columns = await ctx.featureColumns([...profiled.features, ...profiled.attributes.filter((a) => !dates.has(a))]);
  Object.assign(columns, await dateColumns(ctx, profiled.dates));
  const transactions = ctx.outputs.transactions;
  const hasCategory = transactions !== null && (await parquetColumnTypes(ctx.db, transactions)).some((c) => c.name === "category");
  return {
    profile: {
      features: profiled.features.map((f) => profileFeature(f, columns[f] as (number | null)[], labels, codes)),
      attributes: profiled.attributes.map((a) => profileAttribute(a, columns[a] as (string | null)[], labels, codes)),
      categories: hasCategory ? rankItems(await revenueBy(ctx, "category"), codes, 8) : null,
      products: transactions !== null ? rankItems(await revenueBy(ctx, "product"), codes, 10) : null,
    },
  };
}
