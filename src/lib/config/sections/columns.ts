/** `columns`: which column of each export holds which role; unset roles are recognised by common names. */
import { z } from "zod";
import { strictObject, text } from "../fields.js";

import { TRANSACTION_ROLES, type TransactionRole } from "../constants.js";

export { TRANSACTION_ROLES, type TransactionRole };

const columnName = text("a column name of the export");

const roleColumns = Object.fromEntries(TRANSACTION_ROLES.map((role) => [role, columnName.optional()])) as {
  [Role in TransactionRole]: z.ZodOptional<typeof columnName>;
};

export const columnsSchema = strictObject({
  /** Role → column name in the transactions export. */
  transactions: strictObject(roleColumns, `an object of column names keyed by role (${TRANSACTION_ROLES.join(", ")})`).prefault({}),
  /**
   * customer_id: the id column of the customers export, or null when it has none: rows are then
   * numbered in file order ("0001", "0002", …; customers-only projects only, with a warning).
   */
  customers: strictObject(
    { customer_id: z.string({ error: "a column name of the export, or null to number the rows (customers-only projects)" }).regex(/\S/).nullable().optional() },
    "an object with customer_id, the customer id column",
  ).prefault({}),
});

export type ColumnsConfig = z.output<typeof columnsSchema>;
