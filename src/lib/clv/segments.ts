/**
 * The CLV predictions per segment (or any labelling 0..k − 1), for the report: how many purchases the
 * segment's customers are expected to make over the horizon, their mean P(alive), their predicted
 * value and its share of everyone's, and how many of them are "at risk" (high past value, low P(alive):
 * isAtRisk in segments/playbook.ts). A customer without a prediction (NULL in the feature table) is
 * counted as such, never summed as 0; and, against the holdout, the predicted and actual purchases and
 * revenue of each segment's calibration cohort.
 */
import { isAtRisk } from "../segments/playbook.js";
import { groupHoldout, type GroupHoldout } from "./validation.js";

export interface GroupPrediction {
  /** Customers in the group, and of them those with a prediction (the figures below are over these). */
  customers: number;
  predicted: number;
  expectedPurchases: number;
  expectedPurchasesPerCustomer: number | null;
  /** Mean P(alive); null without any prediction. */
  meanPAlive: number | null;
  /** Predicted value over the horizon (discounted), its share of everyone's, and per customer. */
  clv: number;
  clvShare: number;
  clvPerCustomer: number | null;
  /** Customers at risk (high past value, low P(alive)), their share of the group, their past revenue and their predicted value. */
  atRisk: { customers: number; share: number; pastRevenue: number; clv: number };
}

export interface PredictionColumns {
  /** Net revenue to date (the feature table's monetary). */
  monetary: ArrayLike<number>;
  /** null (or NaN) for a customer without a prediction. */
  pAlive: ArrayLike<number | null>;
  expectedPurchases: ArrayLike<number | null>;
  clv: ArrayLike<number | null>;
}

const known = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** Per group (labels 0..k − 1) and for everyone; `baseMedianMonetary` is the whole base's median net revenue. */
export function predictionsByGroup(
  labels: ArrayLike<number>,
  k: number,
  columns: PredictionColumns,
  { baseMedianMonetary, maxPAlive }: { baseMedianMonetary: number; maxPAlive: number },
): { groups: GroupPrediction[]; everyone: GroupPrediction } {
  const n = labels.length;
  const sums = Array.from({ length: k + 1 }, () => ({ customers: 0, predicted: 0, purchases: 0, alive: 0, clv: 0, risk: 0, riskRevenue: 0, riskClv: 0 }));
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (!(Number.isInteger(label) && label >= 0 && label < k)) throw new RangeError(`predictionsByGroup: customer ${i} has label ${label}, outside 0..${k - 1}`);
    for (const s of [sums[label], sums[k]]) {
      s.customers++;
      const alive = columns.pAlive[i];
      const purchases = columns.expectedPurchases[i];
      const value = columns.clv[i];
      if (!known(alive) || !known(purchases) || !known(value)) continue;
      s.predicted++;
      s.purchases += purchases;
      s.alive += alive;
      s.clv += value;
      if (isAtRisk(Number(columns.monetary[i]), alive, baseMedianMonetary, { maxPAlive })) {
        s.risk++;
        s.riskRevenue += Number(columns.monetary[i]);
        s.riskClv += value;
      }
    }
  }
  const total = sums[k].clv;
  const summary = (s: (typeof sums)[number]): GroupPrediction => ({
    customers: s.customers,
    predicted: s.predicted,
    expectedPurchases: s.purchases,
    expectedPurchasesPerCustomer: s.predicted ? s.purchases / s.predicted : null,
    meanPAlive: s.predicted ? s.alive / s.predicted : null,
    clv: s.clv,
    clvShare: total > 0 ? s.clv / total : 0,
    clvPerCustomer: s.predicted ? s.clv / s.predicted : null,
    atRisk: { customers: s.risk, share: s.customers ? s.risk / s.customers : 0, pastRevenue: s.riskRevenue, clv: s.riskClv },
  });
  return { groups: sums.slice(0, k).map(summary), everyone: summary(sums[k]) };
}

/** Holdout figures per group 0..k − 1 (every group, zeros for one without cohort customers), in group order. */
export function holdoutByGroup(
  labels: ArrayLike<number>,
  k: number,
  values: { actualPurchases: ArrayLike<number>; predictedPurchases: ArrayLike<number>; actualRevenue: ArrayLike<number>; predictedRevenue: ArrayLike<number> },
): (Omit<GroupHoldout, "group"> & { group: number })[] {
  const found = new Map(groupHoldout(Array.from(labels, String), values).map((g) => [g.group, g]));
  return Array.from({ length: k }, (_, group) => {
    const g = found.get(String(group));
    return g ? { ...g, group } : { group, customers: 0, actualPurchases: 0, predictedPurchases: 0, actualRevenue: 0, predictedRevenue: 0 };
  });
}
