/** `inputs`: where the exports are. Paths are relative to the config file (pipeline/config.ts resolves them). */
import { z } from "zod";
import { strictObject } from "../fields.js";

/** The bundled sample (tools/write-sample.ts writes it), used when the config names neither export. */
export const SAMPLE_INPUTS = { transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" } as const;

/** A path, or null for a customers-only project (no transactions: features are the customers export's attributes). */
const transactionsPath = z
  .string({ error: "the path of the transactions export (a file, a folder or a glob), or null for a customers-only project" })
  .min(1)
  .nullable();

/** A path, or null for no customers export (the run then has transactions only). */
const customersPath = z.string({ error: "the path of the customers export, or null for none" }).min(1).nullable();

/**
 * The inputs as the pipeline reads them: `transactions` null is a customers-only project. Neither key
 * given is the bundled sample (both files); a customers export given without `transactions` is a
 * customers-only project too, never the sample's transactions joined to another shop's customers.
 * Callers test for a customers export with `inputs.customers ?`: no key when there is none.
 */
export const inputsSchema = strictObject({
  transactions: transactionsPath.optional(),
  customers: customersPath.optional(),
})
  .transform(({ transactions, customers }, ctx): { transactions: string | null; customers?: string } => {
    const resolved = transactions !== undefined ? transactions : typeof customers === "string" ? null : SAMPLE_INPUTS.transactions;
    const people = customers === undefined ? (resolved === null ? undefined : SAMPLE_INPUTS.customers) : customers ?? undefined;
    if (resolved === null && !people) {
      ctx.addIssue({
        code: "custom",
        path: ["customers"],
        input: customers ?? null,
        message: "the path of the customers export: a customers-only project (inputs.transactions null) segments the customers export's attributes",
      });
      return z.NEVER;
    }
    return people ? { transactions: resolved, customers: people } : { transactions: resolved };
  });

export type InputsConfig = z.output<typeof inputsSchema>;
