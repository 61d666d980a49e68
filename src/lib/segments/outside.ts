/**
 * Customers kept out of the clustering, in labelled groups, so k-means never spends a cluster on
 * them and every page still counts them. The first group is the net returners: customers whose
 * net revenue (`monetary`: purchases minus returns and cancellations) is zero or less. They are a
 * real group (returns equal or exceed purchases), but as points they sit far from everyone else
 * and pull a cluster of their own; named by their medians they got a buyer's archetype ("Need
 * Attention") with negative revenue.
 *
 * How a group travels through the code (the interface other groups, e.g. "Not segmented (missing
 * income)", plug into):
 *
 * - A rule (`OutsideRule`) says which customers belong: `members(columns)` gives one flag per row.
 *   Rules are tried in order and the first that matches takes the customer, so every customer is
 *   in exactly one segment or one group.
 * - Labels: segments are numbered 0 … k − 1 (by size); group g (in rule order) gets the code
 *   k + g in the same label array (`labelsWithGroups`). Arrays indexed by label (names, summaries,
 *   migration matrix rows and columns) list the segments first and then the groups.
 * - Every rule's group is listed, with 0 customers when none matches, so codes stay the same from
 *   one date to the next (the migration assigns the earlier date's customers with the same rules).
 * - Sizes add up: the segments' customers plus the groups' customers are all customers, and the
 *   same for revenue.
 */
import { formatCount, formatMoney } from "../io/format.js";
import { median, round, type FeatureColumns } from "./summary.js";

export interface OutsideRule {
  /** Stable id for tests and data attributes ("net-returners"). */
  id: string;
  /** What pages call the group ("Net returners"). */
  label: string;
  /** Why these customers are not clustered, in words. */
  reason: string;
  /** One flag per row: whether the customer belongs to the group. */
  members(columns: Readonly<Record<string, ArrayLike<unknown>>>, n: number): ArrayLike<boolean>;
}

export const NET_RETURNERS: OutsideRule = {
  id: "net-returners",
  label: "Net returners",
  reason: "net revenue of zero or less: returns and cancellations equal or exceed purchases",
  members(columns, n) {
    const monetary = columns.monetary;
    // A project without a net revenue column (customers only) has no net returners.
    if (!monetary) return new Array<boolean>(n).fill(false);
    return Array.from({ length: n }, (_, i) => Number(monetary[i]) <= 0);
  },
};

/** The groups every segmentation keeps out of the clustering, in order. */
export const OUTSIDE_RULES: readonly OutsideRule[] = [NET_RETURNERS];

export interface OutsideSplit {
  /** Per row: the index of its group in the rules, or -1 when the row is clustered. */
  group: Int32Array;
  /** The clustered rows, ascending. */
  clustered: Int32Array;
  /** Customers per group, in rule order. */
  counts: number[];
}

/** Which rows each rule takes (the first matching rule wins) and which are left to cluster. */
export function splitOutside(columns: Readonly<Record<string, ArrayLike<unknown>>>, n: number, rules: readonly OutsideRule[] = OUTSIDE_RULES): OutsideSplit {
  const group = new Int32Array(n).fill(-1);
  const counts = new Array<number>(rules.length).fill(0);
  rules.forEach((rule, g) => {
    const flags = rule.members(columns, n);
    if (flags.length !== n) throw new Error(`group "${rule.label}": ${flags.length} flags for ${n} customers`);
    for (let i = 0; i < n; i++) {
      if (group[i] === -1 && flags[i]) {
        group[i] = g;
        counts[g]++;
      }
    }
  });
  const clustered = new Int32Array(n - counts.reduce((s, x) => s + x, 0));
  for (let i = 0, j = 0; i < n; i++) if (group[i] === -1) clustered[j++] = i;
  return { group, clustered, counts };
}

/** The clustered rows of each column (columns of other lengths are left out). */
export function clusteredColumns<T extends Readonly<Record<string, ArrayLike<unknown>>>>(columns: T, split: OutsideSplit): T {
  const n = split.group.length;
  const out: Record<string, unknown[]> = {};
  const everyone = split.clustered.length === n;
  for (const [name, values] of Object.entries(columns)) {
    if (!values || values.length !== n) continue;
    // Nobody kept out: the column itself. Number columns stay typed arrays (a million boxed values cost a second).
    if (everyone) out[name] = values as unknown[];
    else if (values instanceof Float64Array) out[name] = Float64Array.from(split.clustered, (i) => values[i]) as unknown as unknown[];
    else out[name] = Array.from(split.clustered, (i) => values[i]);
  }
  return out as unknown as T;
}

/** Every row's label: its segment (from the clustered rows' labels) or k + its group. */
export function labelsWithGroups(clusterLabels: ArrayLike<number>, split: OutsideSplit, k: number): Int32Array {
  if (clusterLabels.length !== split.clustered.length) throw new Error(`${clusterLabels.length} cluster labels for ${split.clustered.length} clustered customers`);
  const labels = new Int32Array(split.group.length);
  for (let i = 0; i < labels.length; i++) if (split.group[i] >= 0) labels[i] = k + split.group[i];
  split.clustered.forEach((row, j) => (labels[row] = clusterLabels[j]));
  return labels;
}

/** A group kept out of the clustering, summarised like a segment (medians null when it is empty). */
export interface OutsideGroup {
  id: string;
  label: string;
  reason: string;
  /** Its code in the label arrays: k + its index. */
  code: number;
  customers: number;
  /** Of all customers (segments and groups). */
  customerShare: number;
  revenue: number;
  /** Of everyone's net revenue (negative for net returners). */
  revenueShare: number;
  revenuePerCustomer: number;
  avgOrderValue: number;
  medianRecencyDays: number | null;
  medianFrequency: number | null;
  medianMonetary: number | null;
}

/** Each rule's group summarised over all customers (shares of everyone, as segments' shares are). */
export function summariseOutside(columns: FeatureColumns, split: OutsideSplit, k: number, rules: readonly OutsideRule[] = OUTSIDE_RULES): OutsideGroup[] {
  const n = split.group.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Number(columns.monetary[i]);
  return rules.map((rule, g) => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (split.group[i] === g) rows.push(i);
    const pluck = (values: ArrayLike<number>) => rows.map((i) => Number(values[i]));
    const revenue = pluck(columns.monetary).reduce((s, x) => s + x, 0);
    const orders = pluck(columns.frequency).reduce((s, x) => s + x, 0);
    const med = (values: ArrayLike<number>, digits?: number) => (rows.length ? round(median(pluck(values)), digits) : null);
    return {
      id: rule.id,
      label: rule.label,
      reason: rule.reason,
      code: k + g,
      customers: rows.length,
      customerShare: round(n ? rows.length / n : 0, 4),
      revenue: round(revenue),
      revenueShare: round(total ? revenue / total : 0, 4),
      revenuePerCustomer: round(rows.length ? revenue / rows.length : 0),
      avgOrderValue: round(orders ? revenue / orders : 0),
      medianRecencyDays: med(columns.recency_days),
      medianFrequency: med(columns.frequency),
      medianMonetary: med(columns.monetary),
    };
  });
}

/**
 * Whether a table lists the group as a row: only when it has customers. Every group stays in the
 * report's data (codes stable from one date to the next), but an empty one (no net returners) is no
 * row of zeros beside the segments; the sentence under the table names it ("There are no net
 * returners", describeGroups), as the share chart leaves it out.
 */
export function isListedGroup(group: { customers: number }): boolean {
  return group.customers > 0;
}

/** The groups a table lists as rows (isListedGroup), in rule order. */
export function listedGroups<T extends { customers: number }>(groups: readonly T[]): T[] {
  return groups.filter(isListedGroup);
}

/**
 * The groups in one sentence for the pages: "22 net returners (net revenue −2,818: net revenue of zero
 * or less: …) are kept out of the clustering and counted apart." Empty groups are named as empty.
 */
export function describeGroups(groups: readonly (Pick<OutsideGroup, "label" | "reason" | "customers"> & { revenue: number | null })[], currency: string | null = null): string {
  if (!groups.length) return "Every customer is in a segment.";
  // A group's revenue is null without a value measure (a customers-only project without report.valueColumns).
  const revenue = (g: { revenue: number | null }) => (g.revenue === null ? "" : `; net revenue ${formatMoney(g.revenue, currency).replace("-", "\u2212")}`);
  const parts = groups.map((g) => (g.customers ? `${formatCount(g.customers)} ${g.label.toLowerCase()} (${g.reason}${revenue(g)})` : `no ${g.label.toLowerCase()}`));
  const held = groups.reduce((s, g) => s + g.customers, 0);
  return held
    ? `${parts.join("; ")}: kept out of the clustering, so no segment is made of them, and counted apart in the totals.`
    : `There are ${parts.join(" and ")}: every customer is in a segment.`;
}
