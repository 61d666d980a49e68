/**
 * The report's predicted value (config `clv`), from the pipeline's CLV step (pipeline/clv/features.ts):
 * the model behind the predictions (parameters, standard errors, log-likelihood, warnings), each
 * segment's expected purchases, mean P(alive), predicted value and its share next to its past revenue,
 * the customers at risk (high past value, low P(alive)), and the check on the holdout: the tracking and
 * conditional-expectation series and each segment's predicted against actual holdout revenue. Off or
 * refused, it says so and why, and no segment gets a number.
 */
import { join } from "node:path";
import { CLV_FEATURES } from "../../../src/lib/clv/features.js";
import { holdoutByGroup, predictionsByGroup } from "../../../src/lib/clv/segments.js";
import { clvOptionsOf } from "../../../src/lib/config/sections/clv.js";
import type { ClvModelSummary, ClvReport, ClvSection, ClvValidation } from "../../../src/lib/report/types.js";
import { AT_RISK_RULE, resolvePlay } from "../../../src/lib/segments/playbook.js";
import { median } from "../../../src/lib/segments/summary.js";
import type { ClvModelFile } from "../../clv/clv.js";
import type { ClvStepFit } from "../../clv/features.js";
import { readColumns } from "../../parquet.js";
import type { ReportContext } from "../context.js";

/** What the report publishes of a model file (the per-customer figures stay in the pipeline's files). */
export function modelSummary(model: ClvModelFile): ClvModelSummary {
  const { bgnbd, gammaGamma } = model;
  return {
    unit: model.unit,
    firstPurchaseDay: model.input.firstPurchaseDay,
    calibrationEnd: model.calibrationEnd,
    observationEnd: model.observationEnd,
    holdoutDays: model.holdoutDays,
    customers: model.input.cohortCustomers,
    repeatCustomers: model.input.repeatCustomers,
    customersAfterCalibration: model.input.customersAfterCalibration,
    bgnbd: bgnbd && { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood, standardErrors: bgnbd.standardErrors, converged: bgnbd.converged },
    gammaGamma: gammaGamma && {
      p: gammaGamma.p,
      q: gammaGamma.q,
      gamma: gammaGamma.gamma,
      logLikelihood: gammaGamma.logLikelihood,
      standardErrors: gammaGamma.standardErrors,
      converged: gammaGamma.converged,
      customers: gammaGamma.customers,
      spendFrequencyCorrelation: gammaGamma.spendFrequencyCorrelation,
    },
    warnings: model.warnings,
  };
}

const num = (v: unknown): number => (v === null || v === undefined ? NaN : Number(v));

/** The validation fit's holdout figures, with each of today's segments' cohort. */
async function validation(ctx: ReportContext, fit: ClvStepFit | null, skipped: string | null): Promise<ClvValidation> {
  const empty = { model: null, totals: null, tracking: [], conditionalExpectation: [], segments: [], outside: [] };
  if (!fit) return { status: "skipped", reasons: skipped ? [skipped] : [], ...empty };
  if (fit.status === "refused" || !fit.model?.holdout || !fit.dir) {
    return { status: "refused", reasons: fit.reasons, ...empty, model: fit.model && modelSummary(fit.model) };
  }
  const cohort = await readColumns(ctx.db, join(ctx.outputs.dir, fit.dir, "clv.parquet"), [
    "customer_id",
    "holdout_x",
    "holdout_value",
    "predicted_holdout_purchases",
    "predicted_holdout_value",
  ]);
  const index = new Map(ctx.customerIds.map((id, i) => [id, i]));
  const ids = (cohort.customer_id as unknown[]).map(String);
  const labels = Int32Array.from(ids, (id) => {
    const i = index.get(id);
    // The cohort bought before the calibration end, so before the as-of date: every one has a segment.
    if (i === undefined) throw new Error(`clv validation: customer ${id} of the calibration cohort has no segment`);
    return ctx.labels[i];
  });
  const k = ctx.config.segmentation.k;
  // Over every label code (the groups kept out of the clustering too, codes k + g); the segments' are the first k.
  const groups = holdoutByGroup(labels, ctx.labelCount, {
    actualPurchases: (cohort.holdout_x as unknown[]).map(num),
    predictedPurchases: (cohort.predicted_holdout_purchases as unknown[]).map(num),
    actualRevenue: (cohort.holdout_value as unknown[]).map(num),
    predictedRevenue: (cohort.predicted_holdout_value as unknown[]).map(num),
  });
  return {
    status: "published",
    reasons: [],
    model: modelSummary(fit.model),
    totals: fit.model.holdout.totals,
    tracking: fit.model.holdout.tracking,
    conditionalExpectation: fit.model.holdout.conditionalExpectation,
    segments: groups.slice(0, k).map(({ group, ...g }) => ({ segment: group, name: ctx.names[group], ...g })),
    outside: groups.slice(k).map(({ group, ...g }) => ({ segment: group, name: ctx.labelNames[group], ...g })),
  };
}

export async function clvSection(ctx: ReportContext): Promise<ClvSection> {
  const step = ctx.outputs.clv;
  const k = ctx.config.segmentation.k;
  const report: ClvReport = {
    status: step.status,
    reasons: step.reasons,
    options: clvOptionsOf(ctx.config.clv),
    asOf: ctx.outputs.asOf ?? "",
    lastDay: step.lastDay,
    model: step.prediction?.model ? modelSummary(step.prediction.model) : null,
    everyone: null,
    customersWithoutPrediction: step.customersWithoutPrediction,
    firstWithoutPrediction: step.firstWithoutPrediction,
    aliveGrid: null,
    atRiskRule: null,
    validation: null,
  };
  const none = { clv: report, segments: Array.from({ length: k }, () => ({ predicted: null })) };
  if (step.status !== "published") {
    if (step.status === "refused") report.validation = await validation(ctx, null, step.validationSkipped);
    return none;
  }
  const columns = await ctx.featureColumns(["monetary", ...CLV_FEATURES]);
  const monetary = (columns.monetary as unknown[]).map(num);
  const baseMedianMonetary = median(monetary);
  // Over every label code, so everyone includes the customers kept out of the clustering (net
  // returners) and shares are of everyone's predicted value; the segments' predictions are the first k.
  const { groups, everyone } = predictionsByGroup(
    ctx.labels,
    ctx.labelCount,
    {
      monetary,
      pAlive: columns.p_alive as (number | null)[],
      expectedPurchases: columns.expected_purchases as (number | null)[],
      clv: columns.clv as (number | null)[],
    },
    { baseMedianMonetary, maxPAlive: AT_RISK_RULE.maxPAlive },
  );
  report.everyone = everyone;
  report.aliveGrid = step.prediction?.model?.aliveGrid ?? null;
  report.atRiskRule = { ...AT_RISK_RULE, baseMedianMonetary, play: resolvePlay("At Risk", ctx.config.playbook) };
  report.validation = await validation(ctx, step.validation, step.validationSkipped);
  return {
    clv: report,
    segments: groups.slice(0, k).map((g) => ({ predicted: { ...g, atRiskSegment: g.customers > 0 && g.atRisk.share >= AT_RISK_RULE.segmentShare } })),
  };
}
