/**
 * `inputs`: where the data is: export files (paths relative to the config file, which
 * pipeline/config.ts resolves), or tables of a PostgreSQL database.
 */
import { z } from "zod";
import { strictObject, text } from "../fields.js";

/** The bundled sample (tools/write-sample.ts writes it), used when the config names neither export. */
export const SAMPLE_INPUTS = { transactions: "data/sample/transactions.csv", customers: "data/sample/customers.csv" } as const;

/**
 * A table (or view) of a PostgreSQL database: the workbench types, checks and accounts for its rows
 * and computes the features in the database, and reads back only the per-customer results.
 */
export interface TableInput {
  /** postgresql://USER@HOST[:PORT]/DATABASE; the password comes from the environment (PGPASSWORD or ${NAME}), never from here. */
  postgres: string;
  /** NAME or SCHEMA.NAME (each part as written: names are case-sensitive). */
  table: string;
  /** A whole-number column that identifies each row (a line number or serial id), or null: rows are then numbered in the order of all their values. */
  key: string | null;
}

/** An export path, or a database table. */
export type InputSource = string | TableInput;

export function isTableInput(input: InputSource | null | undefined): input is TableInput {
  return typeof input === "object" && input !== null;
}

/** The userinfo's password of a URL, when one is written in it (a `${NAME}` placeholder is not a password). */
function writtenPassword(url: string): string | null {
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1] ?? "";
  const userinfo = authority.includes("@") ? authority.slice(0, authority.lastIndexOf("@")) : "";
  const password = userinfo.includes(":") ? userinfo.slice(userinfo.indexOf(":") + 1) : "";
  return password && !/^\$\{[^}]*\}$/.test(password) ? password : null;
}

/**
 * The connection URL: postgresql://USER@HOST[:PORT]/DATABASE. A password written in it is refused
 * here, before anything else reads the config, and never repeated in the message (the URL is shown
 * with *** for it): it would end up in the config's history, the logs and dist/.
 */
const postgresUrl = z
  .string({ error: "a PostgreSQL URL, postgresql://USER@HOST[:PORT]/DATABASE" })
  .superRefine((url, ctx) => {
    const password = writtenPassword(url);
    if (password !== null) {
      ctx.addIssue({
        code: "custom",
        input: url.replace(`:${password}@`, ":***@"),
        message:
          "a URL without a password: put the password in an environment variable instead (PGPASSWORD, or postgresql://USER:${NAME}@HOST/DATABASE with NAME exported), so it never reaches the config, logs or dist/",
      });
    } else if (!/^postgres(ql)?:\/\/[^/?#]+\/[^/?#]+/i.test(url)) {
      ctx.addIssue({ code: "custom", input: url, message: "a PostgreSQL URL, postgresql://USER@HOST[:PORT]/DATABASE" });
    }
  });

const tableInput = strictObject(
  {
    postgres: postgresUrl,
    table: text("the table or view to read: NAME or SCHEMA.NAME"),
    key: text("a whole-number column that identifies each row (a line number or serial id), or null").nullable().default(null),
  },
  'a PostgreSQL table: {"postgres": "postgresql://USER@HOST/DATABASE", "table": NAME}',
);

/** A path or a table, or null for a customers-only project (no transactions: features are the customers export's attributes). */
const transactionsSource = z
  .union([z.string().min(1, { error: "the path of the transactions export: a file, a folder or a glob" }), tableInput], {
    error: 'the path of the transactions export (a file, a folder or a glob), a PostgreSQL table {"postgres": URL, "table": NAME}, or null for a customers-only project',
  })
  .nullable();

/** A path or a table, or null for no customers export (the run then has transactions only). */
const customersSource = z
  .union([z.string().min(1, { error: "the path of the customers export, or null for none" }), tableInput], { error: 'the path of the customers export, a PostgreSQL table {"postgres": URL, "table": NAME}, or null for none' })
  .nullable();

/**
 * The inputs as the pipeline reads them: `transactions` null is a customers-only project. Neither key
 * given is the bundled sample (both files); a customers export given without `transactions` is a
 * customers-only project too, never the sample's transactions joined to another shop's customers.
 * Callers test for a customers export with `inputs.customers ?`: no key when there is none.
 */
export const inputsSchema = strictObject({
  transactions: transactionsSource.optional(),
  customers: customersSource.optional(),
})
  .transform(({ transactions, customers }, ctx): { transactions: InputSource | null; customers?: InputSource } => {
    const given = customers !== undefined && customers !== null;
    const resolved = transactions !== undefined ? transactions : given ? null : SAMPLE_INPUTS.transactions;
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
