/**
 * Whether customers can be reached: the scorecard's "accessible" evidence, from a consent or contact
 * channel column of the customer table when there is one.
 *
 * Columns are found by name (compared lower-case without separators: `Email Opt-In` is
 * `email_opt_in`), or listed in `scorecard.contactColumns`. What a value means is read from the
 * value, whatever the column is called:
 * - consent given (true, 1, "yes", "y", "opt-in", "subscribed", "granted", …) or a contact channel
 *   ("email", "sms", "phone", "post", "push", "whatsapp", …): reachable;
 * - consent refused (false, 0, "no", "opt-out", "unsubscribed", …) or no channel ("none",
 *   "do not contact"): recognised, not reachable;
 * - blank: not reachable (no recorded consent is no consent);
 * - anything else ("web", "store", "referral": an acquisition channel, not a way to reach someone):
 *   not recognised. A column none of whose values is recognised is reported as such, never read
 *   as "nobody is reachable".
 * A customer is reachable when any contact column says so.
 */
import { ConfigError } from "../config/errors.js";
import { closestKey } from "../config/suggest.js";

/** Consent and channel column names recognised without configuration (normalised: lower case, letters and digits). */
export const CONTACT_COLUMN_NAMES: readonly string[] = [
  "emailoptin",
  "optin",
  "optedin",
  "consent",
  "marketingconsent",
  "marketingoptin",
  "emailconsent",
  "emailmarketingconsent",
  "smsoptin",
  "smsconsent",
  "acceptsmarketing",
  "acceptsemailmarketing",
  "newsletter",
  "newslettersubscribed",
  "subscribed",
  "emailsubscribed",
  "contactable",
  "channel",
  "contactchannel",
  "preferredchannel",
  "preferredcontactchannel",
  "contactmethod",
  "preferredcontactmethod",
];

const YES = ["yes", "y", "true", "t", "1", "optin", "optedin", "subscribed", "granted", "given", "accepted", "consented", "allowed"];
const NO = ["no", "n", "false", "f", "0", "optout", "optedout", "unsubscribed", "denied", "refused", "declined", "withdrawn", "none", "nocontact", "donotcontact", "dnc"];
const CHANNELS = ["email", "mail", "post", "letter", "directmail", "sms", "text", "textmessage", "phone", "telephone", "call", "mobile", "push", "app", "whatsapp", "messenger"];

export function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * The contact columns among `columns`: the configured ones (each must exist: the error names the
 * key), or else those whose names are in CONTACT_COLUMN_NAMES, in table order.
 */
export function contactColumns(columns: readonly string[], configured: readonly string[] | null = null, source = "workbench.config.json"): string[] {
  if (configured) {
    configured.forEach((name, i) => {
      if (columns.includes(name)) return;
      const near = closestKey(name, columns);
      const hint = near ? `did you mean ${near}?` : `the columns are ${columns.join(", ")}`;
      throw new ConfigError(source, `scorecard.contactColumns[${i}]`, `unknown column ${JSON.stringify(name)} in the customer table; ${hint}`);
    });
    return [...configured];
  }
  return columns.filter((c) => CONTACT_COLUMN_NAMES.includes(normaliseName(c)));
}

/** Whether a value says the customer can be reached, and whether the value was recognised at all. */
export function reachableValue(value: unknown): { reachable: boolean; recognised: boolean } {
  if (value === null || value === undefined) return { reachable: false, recognised: false };
  if (typeof value === "boolean") return { reachable: value, recognised: true };
  if (typeof value === "number" || typeof value === "bigint") {
    const x = Number(value);
    return x === 1 ? { reachable: true, recognised: true } : x === 0 ? { reachable: false, recognised: true } : { reachable: false, recognised: false };
  }
  const text = normaliseName(String(value));
  if (text === "") return { reachable: false, recognised: false };
  if (YES.includes(text) || CHANNELS.includes(text)) return { reachable: true, recognised: true };
  if (NO.includes(text)) return { reachable: false, recognised: true };
  return { reachable: false, recognised: false };
}

export interface ContactColumn {
  name: string;
  /** One value per customer row. */
  values: ArrayLike<unknown>;
}

export interface Reach {
  /** The contact columns read (empty: none, and reachability is unknown). */
  columns: string[];
  customers: number;
  reachable: number;
  /** Customers with a recognised value in at least one contact column. */
  recognised: number;
}

/** Reach of the customers at the row indices `rows` (a segment's or an audience's members). */
export function reachOf(columns: readonly ContactColumn[], rows: Iterable<number>): Reach {
  let customers = 0;
  let reachable = 0;
  let recognised = 0;
  for (const i of rows) {
    customers++;
    let yes = false;
    let known = false;
    for (const column of columns) {
      const v = reachableValue(column.values[i]);
      yes ||= v.reachable;
      known ||= v.recognised;
    }
    if (yes) reachable++;
    if (known) recognised++;
  }
  return { columns: columns.map((c) => c.name), customers, reachable, recognised };
}

/** Reach of each segment 0 … k − 1 of `labels`. */
export function reachByLabel(columns: readonly ContactColumn[], labels: ArrayLike<number>, k: number): Reach[] {
  const rows: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < labels.length; i++) if (labels[i] >= 0 && labels[i] < k) rows[labels[i]].push(i);
  return rows.map((r) => reachOf(columns, r));
}
