/**
 * `inputs`: where the data is: export files (paths relative to the config file, which
 * pipeline/config.ts resolves), or tables of a PostgreSQL database.
 */
import { z } from "zod";
import { strictObject, text } from "../fields.js";

/** The bundled sample (tools/write-sample.ts writes it), used when the config does not name an export. */
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

/**
 * A path or a table, never null: null is kept for a customers-only mode (no transactions export), which
 * does not exist yet. When it does, this becomes `.nullable()` and null a mode of its own, not an error;
 * until then null must not fall back to the sample's path, which would analyse the wrong data.
 */
const transactionsSource = z.union([z.string().min(1, { error: "the path of the transactions export: a file, a folder or a glob" }), tableInput], {
  error: (issue) =>
    issue.input === null
      ? "the path of the transactions export (null, a customers-only mode without transactions, is not available yet)"
      : 'the path of the transactions export (a file, a folder or a glob), or a PostgreSQL table {"postgres": URL, "table": NAME}',
});

/** A path or a table, or null for no customers export (the run then has transactions only). */
const customersSource = z
  .union([z.string().min(1, { error: "the path of the customers export, or null for none" }), tableInput], { error: 'the path of the customers export, a PostgreSQL table {"postgres": URL, "table": NAME}, or null for none' })
  .nullable();

export const inputsSchema = strictObject({
  transactions: transactionsSource.default(SAMPLE_INPUTS.transactions),
  customers: customersSource.default(SAMPLE_INPUTS.customers),
}).transform(({ transactions, customers }): { transactions: InputSource; customers?: InputSource } =>
  // Callers test for a customers export with `inputs.customers ?`: no key when there is none.
  customers === null ? { transactions } : { transactions, customers },
);

export type InputsConfig = z.output<typeof inputsSchema>;
