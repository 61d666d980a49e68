/**
 * The customer lookup's views of one customer: the cards (data-testid="lookup"), their features with
 * percentiles among all customers, and their other attributes. Text goes through htl or textContent.
 */
import { html } from "npm:htl";
import type { FeatureData } from "../browser/workbenchData.js";
import { describeFeature } from "../lib/features/featureColumns.js";
import { formatCount, formatDecimal, formatShare } from "../lib/io/format.js";
import { describeSettings, type StoredSettings } from "../lib/segments/labelings.js";
import { percentileRank } from "../lib/stats/distribution.js";
import { downloadTable } from "./download.js";
import type { NamedSegmentation } from "./job.js";

const isShare = (name: string) => name.startsWith("share_") || name === "return_rate";
/** Features in money: their values get the currency code. */
const isMoney = (name: string) => name === "monetary" || name === "avg_order_value";

/** The customer's segment (name and action), or the group kept out of the clustering they are in (label and reason). */
function placeOf(s: NamedSegmentation, row: number): { name: string; action: string } {
  const label = s.labels[row];
  const segment = s.segments[label];
  if (segment) return { name: segment.name, action: segment.action };
  const group = s.groups[label - s.segments.length];
  if (!group) throw new Error(`customer row ${row + 1}: label ${label} is neither a segment nor a group`);
  return { name: group.label, action: `Kept out of the clustering: ${group.reason}.` };
}

export function customerViews(
  features: FeatureData,
  row: number,
  id: string,
  published: NamedSegmentation | null,
  workbench: { result: NamedSegmentation | null; settings: StoredSettings } | null,
  currency: string | null = null,
): HTMLElement {
  const record = features.record(row);
  const mine = published ? placeOf(published, row) : null;
  const theirs = workbench?.result ? placeOf(workbench.result, row) : null;
  const purchases = "frequency" in record && "recency_days" in record;
  const numeric = features.allNumericNames;
  const featureRows = numeric.map((name) => {
    const value = features.number(name)[row];
    return { name, value, percentile: percentileRank(features.number(name), value), description: describeFeature(name) };
  });
  const other = Object.entries(record).filter(([name]) => !numeric.includes(name) && name !== "customer_id");
  return html`<div>
    <div class="grid grid-cols-3" data-testid="lookup" data-customer=${id} data-segment=${mine ? mine.name : ""} data-rfm=${record.rfm_segment ?? ""}>
      <div class="card"><h2>Customer</h2><span class="big">${id}</span><p class="muted">${purchases ? `${formatCount(Number(record.frequency))} orders · last ${formatCount(Number(record.recency_days))} days before ${record.as_of}` : "From the customers export (no purchases)"}</p></div>
      <div class="card"><h2>Published segment</h2><span class="big">${mine ? mine.name : "–"}</span><p class="muted">${mine ? mine.action : "computing…"}</p></div>
      ${purchases ? html`<div class="card"><h2>RFM segment</h2><span class="big">${record.rfm_segment}</span><p class="muted">R ${record.r_score} · F ${record.f_score} · M ${record.m_score}</p></div>` : ""}
    </div>
    ${theirs && workbench ? html`<p>In your last workbench segmentation (${describeSettings(workbench.settings)}): <strong>${theirs.name}</strong>.</p>` : ""}
    ${downloadTable(
      featureRows,
      [
        { label: "Feature", value: (d) => d.name },
        {
          label: "Value",
          numeric: true,
          value: (d) => (!Number.isFinite(d.value) ? "–" : isShare(d.name) ? formatShare(d.value) : isMoney(d.name) && currency ? `${formatDecimal(d.value)} ${currency}` : formatDecimal(d.value)),
          csv: (d) => d.value,
        },
        { label: "Percentile among customers", numeric: true, value: (d) => (d.percentile === null ? "–" : formatShare(d.percentile)), csv: (d) => d.percentile },
        { label: "What it is", value: (d) => d.description },
      ],
      { name: `Customer ${id} features` },
    )}
    ${downloadTable(other, [{ label: "Attribute", value: ([name]) => name }, { label: "Value", value: ([, value]) => value }], { name: `Customer ${id} attributes` })}
  </div>`;
}
