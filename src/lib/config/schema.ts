/**
 * The workbench config's schema, composed of one schema per section (sections/*.ts): the one source of
 * the config's TypeScript types, its defaults (what parsing `{}` gives) and its error messages. A new
 * section is a new file in sections/ and one line here.
 */
import { z } from "zod";
import { strictObject } from "./fields.js";
import { audiencesSchema } from "./sections/audiences.js";
import { clvSchema } from "./sections/clv.js";
import { columnsSchema } from "./sections/columns.js";
import { featuresSchema } from "./sections/features.js";
import { ingestSchema } from "./sections/ingest.js";
import { inputsSchema } from "./sections/inputs.js";
import { piiSchema } from "./sections/pii.js";
import { playbookSchema } from "./sections/playbook.js";
import { recommendationsSchema } from "./sections/recommendations.js";
import { reportSchema } from "./sections/report.js";
import { rfmSchema } from "./sections/rfm.js";
import { scorecardSchema } from "./sections/scorecard.js";
import { segmentationSchema } from "./sections/segmentation.js";

/** In the order of the README's config table: the first problem reported is the first in this order. */
export const workbenchConfigSchema = strictObject(
  {
    inputs: inputsSchema.prefault({}),
    columns: columnsSchema.prefault({}),
    ingest: ingestSchema.prefault({}),
    pii: piiSchema,
    features: featuresSchema.prefault({}),
    rfm: rfmSchema.prefault({}),
    segmentation: segmentationSchema.prefault({}),
    playbook: playbookSchema.prefault({}),
    report: reportSchema.prefault({}),
    recommendations: recommendationsSchema.prefault({}),
    audiences: audiencesSchema,
    scorecard: scorecardSchema.prefault({}),
    clv: clvSchema.prefault({}),
  },
  "a JSON object with any of inputs, columns, ingest, pii, features, rfm, segmentation, playbook, report, recommendations, audiences, scorecard, clv",
);

/**
 * Keys that depend on each other across sections: a customers-only project (inputs.transactions null)
 * and what only it (or only a project with transactions) can use.
 */
export const checkedConfigSchema = workbenchConfigSchema.superRefine((config, ctx) => {
  const customersOnly = config.inputs.transactions === null;
  if (!customersOnly && config.columns.customers.customer_id === null) {
    ctx.addIssue({
      code: "custom",
      path: ["columns", "customers", "customer_id"],
      input: null,
      message: "the customer id column of the customers export: rows numbered in file order (null) cannot be joined to transactions, so null is for customers-only projects (inputs.transactions null)",
    });
  }
  if (!customersOnly && config.report.valueColumns !== null) {
    ctx.addIssue({
      code: "custom",
      path: ["report", "valueColumns"],
      input: config.report.valueColumns,
      message: "null: with transactions a customer's value is their net revenue; valueColumns is for customers-only projects (inputs.transactions null)",
    });
  }
  const unique = new Set<string>();
  config.report.valueColumns?.forEach((column, i) => {
    if (unique.has(column)) ctx.addIssue({ code: "custom", path: ["report", "valueColumns", i], input: column, message: "a column not listed before" });
    unique.add(column);
  });
});

export type WorkbenchConfig = z.output<typeof workbenchConfigSchema>;
