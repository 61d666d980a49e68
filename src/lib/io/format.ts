/** Number formatting for tables and cards, the same on every page. */

const decimal = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
const count = new Intl.NumberFormat("en-GB");

/** One formatter per currency (null: a plain number), made once. */
const moneyFormats = new Map<string | null, Intl.NumberFormat>();

function moneyFormat(currency: string | null): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = currency
      ? new Intl.NumberFormat("en-GB", { style: "currency", currency, currencyDisplay: "symbol", minimumFractionDigits: 0, maximumFractionDigits: 0 })
      : new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
    moneyFormats.set(currency, format);
  }
  return format;
}

/**
 * Money, in whole units, with its currency when known: 1234.5 → "£1,235" (GBP), "US$1,235" (USD),
 * "1,235" (no currency). The currency is report.currency or the export's currency column, as ingest
 * resolved it (quality.json's transactions.currency): never guessed.
 */
export function formatMoney(x: number, currency: string | null = null): string {
  return moneyFormat(currency).format(x);
}

/** formatMoney for one currency, for a page or a component that formats many amounts. */
export function moneyFormatter(currency: string | null): (x: number) => string {
  return (x) => formatMoney(x, currency);
}

/** A money column's heading with its currency: "Revenue (GBP)", or "Revenue" when unknown. */
export function moneyLabel(label: string, currency: string | null): string {
  return currency ? `${label} (${currency})` : label;
}

export function formatCount(x: number): string {
  return count.format(x);
}

export function formatDecimal(x: number): string {
  return decimal.format(x);
}

/** 0.2767 → "27.7%". */
export function formatShare(x: number): string {
  return `${decimal.format(x * 100)}%`;
}
