/**
 * The customers kept out of the clustering (net returners, …) and the extreme values, where a page
 * describes its segmentation: one sentence on the groups (data-testid="outside", with each group's
 * count in data-group-<id>), and a list of what the winsorizing and log did with extreme values per
 * feature, with the segments under the minimum size flagged (data-testid="outliers"). The words come
 * from src/lib (describeGroups, describeOutliers); DOM APIs and textContent only.
 */
import { describeOutliers, type FeatureOutliers } from "../lib/cluster/outliers.js";
import { formatCount } from "../lib/io/format.js";
import { describeGroups, type OutsideGroup } from "../lib/segments/outside.js";

/** The groups in one sentence; money in `currency` when known. */
export function outsideNote(groups: readonly (Pick<OutsideGroup, "id" | "label" | "reason" | "customers"> & { revenue: number | null })[], currency: string | null = null): HTMLParagraphElement {
  const p = document.createElement("p");
  p.dataset.testid = "outside";
  p.dataset.customers = String(groups.reduce((s, g) => s + g.customers, 0));
  // data-group-<id>: an id such as "missing:income+age" becomes data-group-missing-income-age (attribute names allow neither + nor :).
  for (const g of groups) p.dataset[`group${g.id.replace(/[^A-Za-z0-9-]+/g, "-").replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase())}`] = String(g.customers);
  p.textContent = describeGroups(groups, currency);
  return p;
}

export interface SmallSegmentNote {
  name: string;
  customers: number;
}

export function outlierNotes(features: readonly FeatureOutliers[], small: readonly SmallSegmentNote[], minSegmentSize: number): HTMLElement {
  const box = document.createElement("div");
  box.dataset.testid = "outliers";
  box.dataset.small = String(small.length);
  const intro = document.createElement("p");
  intro.className = "muted";
  intro.textContent =
    "Extreme values: customers beyond Tukey's far-out fences (the quartiles ± 3 × the interquartile range) of each clustered feature, and how many of them the transforms brought back within the fences of the values k-means saw.";
  const list = document.createElement("ul");
  list.className = "outlier-list";
  for (const f of features) {
    const item = document.createElement("li");
    item.dataset.feature = f.feature;
    item.dataset.extreme = String(f.extreme);
    item.dataset.remaining = String(f.remaining);
    item.textContent = describeOutliers(f);
    list.append(item);
  }
  box.append(intro, list);
  for (const s of small) {
    const warning = document.createElement("p");
    warning.className = "warning";
    warning.dataset.testid = "small-segment";
    warning.textContent = `“${s.name}” has only ${formatCount(s.customers)} customers, under report.minSegmentSize (${formatCount(minSegmentSize)}): probably a few extreme customers clustered on their own. A log transform or winsorizing of the feature they stand out on, or a smaller k, would fold them into other segments.`;
    box.append(warning);
  }
  return box;
}
