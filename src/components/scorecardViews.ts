/**
 * The segment scorecard on the report pages: a table of every segment against the six criteria
 * (overview), and one segment's card (its page), each verdict with its reason in words. Built with
 * DOM APIs and textContent: segment names and plays from the config are shown as text.
 */
import { CRITERIA, type Criterion, type SegmentScore, type Verdict } from "../lib/actions/scorecard.js";
import { rowsCsv } from "../lib/io/tableCsv.js";
import { downloadable } from "./download.js";

export const CRITERION_LABELS: Record<Criterion, string> = {
  measurable: "Measurable",
  substantial: "Substantial",
  distinct: "Distinct",
  stable: "Stable",
  accessible: "Accessible",
  actionable: "Actionable",
};

export const VERDICT_TEXT: Record<Verdict, string> = { pass: "✓ pass", fail: "✗ fail", unknown: "? not measured" };

function verdictBadge(verdict: Verdict, text = VERDICT_TEXT[verdict]): HTMLSpanElement {
  const badge = document.createElement("span");
  badge.className = `verdict verdict-${verdict}`;
  badge.dataset.verdict = verdict;
  badge.textContent = text;
  return badge;
}

/** The scores as CSV rows: one per segment and criterion, with the verdict and the reason. */
export function scorecardCsv(scores: readonly SegmentScore[]): string {
  const rows = scores.flatMap((s) => [
    { segment: s.name, criterion: "overall", verdict: s.verdict, reason: s.summary },
    ...s.criteria.map((c) => ({ segment: s.name, criterion: c.criterion, verdict: c.verdict, reason: c.reason })),
  ]);
  return rowsCsv(rows, ["segment", "criterion", "verdict", "reason"].map((label) => ({ label, value: (r: Record<string, string>) => r[label] })));
}

/**
 * Every segment against the criteria: a verdict per cell, the overall verdict and summary, and under
 * each segment its reasons (a details row, open on request). `href` links a segment to its page.
 */
export function scorecardTable(scores: readonly SegmentScore[], options: { name: string; href?: (score: SegmentScore) => string | null; testId?: string }): HTMLElement {
  const table = document.createElement("table");
  table.className = "scorecard-table";
  if (options.testId) table.dataset.testid = options.testId;
  const head = table.createTHead().insertRow();
  for (const label of ["Segment", ...CRITERIA.map((c) => CRITERION_LABELS[c]), "Verdict"]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const score of scores) {
    const row = body.insertRow();
    row.dataset.segment = String(score.segment);
    const name = row.insertCell();
    const href = options.href?.(score);
    if (href) {
      const link = document.createElement("a");
      link.href = href;
      link.textContent = score.name;
      name.append(link);
    } else {
      name.textContent = score.name;
    }
    for (const c of score.criteria) {
      const td = row.insertCell();
      td.dataset.criterion = c.criterion;
      td.title = c.reason;
      td.append(verdictBadge(c.verdict));
    }
    const overall = row.insertCell();
    overall.dataset.criterion = "overall";
    overall.title = score.summary;
    overall.append(verdictBadge(score.verdict));
    const reasons = body.insertRow();
    reasons.className = "scorecard-reasons";
    const cell = reasons.insertCell();
    cell.colSpan = CRITERIA.length + 2;
    const details = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = `${score.name}: ${score.summary}`;
    details.append(summary, reasonList(score));
    cell.append(details);
  }
  return downloadable(table, { name: options.name, image: false, csv: () => scorecardCsv(scores) });
}

function reasonList(score: SegmentScore): HTMLDListElement {
  const list = document.createElement("dl");
  list.className = "scorecard-criteria";
  for (const c of score.criteria) {
    const dt = document.createElement("dt");
    dt.append(`${CRITERION_LABELS[c.criterion]} `, verdictBadge(c.verdict));
    const dd = document.createElement("dd");
    dd.dataset.criterion = c.criterion;
    dd.dataset.verdict = c.verdict;
    dd.textContent = c.reason;
    list.append(dt, dd);
  }
  return list;
}

/** One segment's scorecard: the overall verdict and summary, then each criterion with its verdict and reason. */
export function scorecardCard(score: SegmentScore, options: { name: string }): HTMLElement {
  const card = document.createElement("div");
  card.className = "card scorecard-card";
  card.dataset.testid = "segment-scorecard";
  card.dataset.verdict = score.verdict;
  const head = document.createElement("p");
  head.className = "scorecard-summary";
  head.append(verdictBadge(score.verdict), " ", score.summary);
  card.append(head, reasonList(score));
  return downloadable(card, { name: options.name, image: false, csv: () => scorecardCsv([score]) });
}
