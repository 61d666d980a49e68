/** Number formatting for tables and cards, the same on every page. */

const money = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });
const count = new Intl.NumberFormat("en-GB");

export function formatMoney(x: number): string {
  return money.format(x);
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
