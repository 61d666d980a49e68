/**
 * Column roles: which column of an export holds the customer id, the order id, the timestamp, ….
 * The config may name them; otherwise common export names are recognised, so an Online Retail or
 * Shopify-style export loads with no config at all.
 */
import { TRANSACTION_ROLES, type TransactionRole } from "../config/constants.js";

/** Recognised names per role, compared after lower-casing and dropping spaces, `_` and `-`. */
export const COMMON_NAMES: Record<TransactionRole, string[]> = {
  customer_id: ["customerid", "customer", "clientid", "userid", "buyerid", "accountid", "custid"],
  order_id: ["orderid", "invoiceno", "invoice", "invoiceid", "ordernumber", "orderno", "transactionid", "receiptid"],
  timestamp: ["timestamp", "ordertimestamp", "invoicedate", "orderdate", "date", "datetime", "createdat", "purchasedate", "transactiondate"],
  product_id: ["productid", "stockcode", "sku", "itemid", "productcode", "articleid"],
  product_name: ["productname", "description", "itemname", "product", "title"],
  category: ["category", "productcategory", "department", "productgroup", "categoryname"],
  quantity: ["quantity", "qty", "units", "count"],
  unit_price: ["unitprice", "price", "itemprice", "priceeach", "unitcost"],
  // The line's total (quantity × unit price, after discounts): revenue is read from it when present.
  amount: ["amount", "lineamount", "linetotal", "linevalue", "totalprice", "total", "sales", "revenue", "value", "dollarvalue"],
  currency: ["currency", "currencycode", "ccy"],
};

/**
 * Roles an export must provide: a customer, a time and the line's money, either as a line amount or as
 * quantity and unit price (revenue = quantity × unit price). The other roles are optional.
 */
export const REQUIRED_ROLES: readonly TransactionRole[] = ["customer_id", "timestamp"];

/** How a line's revenue is read: the amount column, or quantity × unit price. */
export function revenueSource(mapping: ColumnMapping): "amount" | "quantity × unit_price" {
  return mapping.amount ? "amount" : "quantity × unit_price";
}

/** A recognised line-total name ("amount", "line_total", "dollar_value", …): a unit_price column so named likely holds line totals. */
export function isLineTotalName(column: string): boolean {
  return COMMON_NAMES.amount.includes(normalise(column));
}

export class MissingColumnError extends Error {
  constructor(
    readonly file: string,
    readonly role: string,
    readonly found: readonly string[],
    readonly configKey: string,
    alternative = "",
  ) {
    super(
      `${file}: no column for the role "${role}". Columns found: ${found.join(", ") || "(none)"}. ` +
        `Set ${configKey} in workbench.config.json to the column that holds it${alternative}.`,
    );
    this.name = "MissingColumnError";
  }
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.]/g, "");
}

export type ColumnMapping = Partial<Record<TransactionRole, string>>;

/**
 * Maps roles to columns of `found`: configured names first (which must exist), then common names.
 * Throws MissingColumnError for a required role that cannot be mapped.
 */
export function mapTransactionColumns(
  file: string,
  found: readonly string[],
  configured: ColumnMapping = {},
): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const role of TRANSACTION_ROLES) {
    const name = configured[role];
    if (name === undefined) continue;
    if (!found.includes(name)) throw new MissingColumnError(file, `${role} (configured as "${name}")`, found, `columns.transactions.${role}`);
    mapping[role] = name;
    used.add(name);
  }
  for (const role of TRANSACTION_ROLES) {
    if (mapping[role]) continue;
    const candidates = new Set(COMMON_NAMES[role]);
    // Prefer the earliest recognised name in the role's list, not the earliest column.
    const match = COMMON_NAMES[role]
      .map((common) => found.find((column) => !used.has(column) && normalise(column) === common))
      .find((column) => column !== undefined);
    if (match && candidates.has(normalise(match))) {
      mapping[role] = match;
      used.add(match);
    }
  }
  for (const role of REQUIRED_ROLES) {
    if (!mapping[role]) throw new MissingColumnError(file, role, found, `columns.transactions.${role}`);
  }
  if (!mapping.amount) {
    // Without a line amount, revenue is quantity × unit price: both are needed.
    const alternative = " (or set columns.transactions.amount to a column of line totals)";
    for (const role of ["quantity", "unit_price"] as const) {
      if (!mapping[role]) throw new MissingColumnError(file, role, found, `columns.transactions.${role}`, alternative);
    }
  }
  return mapping;
}

/** The customers export's id column: configured, else the first recognised customer-id name. */
export function mapCustomerIdColumn(file: string, found: readonly string[], configured?: string, alternative = ""): string {
  if (configured !== undefined) {
    if (!found.includes(configured)) throw new MissingColumnError(file, `customer_id (configured as "${configured}")`, found, "columns.customers.customer_id", alternative);
    return configured;
  }
  const match = recognisedIdColumn(found);
  if (match) return match;
  throw new MissingColumnError(file, "customer_id", found, "columns.customers.customer_id", alternative);
}

/** Names a customers export's (or a feature file's) id column is recognised by, compared as in COMMON_NAMES. */
export const CUSTOMER_ID_NAMES: readonly string[] = ["customerid", ...COMMON_NAMES.customer_id, "id"];

/** The first column named like a customer id (CUSTOMER_ID_NAMES, in that order of preference), or null. */
export function recognisedIdColumn(found: readonly string[]): string | null {
  for (const common of CUSTOMER_ID_NAMES) {
    const match = found.find((column) => normalise(column) === common);
    if (match) return match;
  }
  return null;
}
