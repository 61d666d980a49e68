/** `inputs`: where the exports are. Paths are relative to the config file (pipeline/config.ts resolves them). */
import { z } from "zod";
import { strictObject } from "../fields.js";

/** The bundled sample (tools/write-sample.ts writes it), used when the config does not name an export. */
export const SAMPLE_INPUTS = { transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" } as const;

/**
 * A path, never null: null is kept for a customers-only mode (no transactions export), which does not
 * exist yet. When it does, this becomes `.nullable()` and null a mode of its own, not an error; until
 * then null must not fall back to the sample's path, which would analyse the wrong data.
 */
const transactionsPath = z
  .string({
    error: (issue) =>
      issue.input === null
        ? "the path of the transactions export (null, a customers-only mode without transactions, is not available yet)"
        : "the path of the transactions export: a file, a folder or a glob",
  })
  .min(1);

/** A path, or null for no customers export (the run then has transactions only). */
const customersPath = z.string({ error: "the path of the customers export, or null for none" }).min(1).nullable();

export const inputsSchema = strictObject({
  transactions: transactionsPath.default(SAMPLE_INPUTS.transactions),
  customers: customersPath.default(SAMPLE_INPUTS.customers),
}).transform(({ transactions, customers }): { transactions: string; customers?: string } =>
  // Callers test for a customers export with `inputs.customers ?`: no key when there is none.
  customers === null ? { transactions } : { transactions, customers },
);

export type InputsConfig = z.output<typeof inputsSchema>;
