/**
 * The dates of the report's history (report.history): snapshots every month, quarter or week back
 * from the as-of date, the last one the as-of date itself, so every period is a whole month, quarter
 * or week and the newest is today's segmentation.
 *
 * `count` snapshots need `count + 1` dates: snapshot i (1 … count) is date i, and its period runs
 * from date i − 1 (included) to date i (excluded), the same "before the date" rule as the features'
 * as-of date. Date 0 only starts the first period (and gives the first snapshot's flows).
 */
import type { HistoryCadence } from "../config/config.js";

const DAY = 86_400_000;

function parse(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new Error(`not a YYYY-MM-DD date: "${date}"`);
  }
  return d;
}

/**
 * The date `months` calendar months before `date`, on the same day of the month, or the month's last
 * day when it is shorter (2024-03-31 minus one month is 2024-02-29). Always counted from `date`
 * itself, so the day of the month never drifts (31, 29, 28, 28, … would after a February).
 */
export function monthsBefore(date: string, months: number): string {
  const d = parse(date);
  const target = d.getUTCFullYear() * 12 + d.getUTCMonth() - months;
  const year = Math.floor(target / 12);
  const month = target - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

/** `date` minus `steps` periods of the cadence. */
export function periodsBefore(date: string, every: HistoryCadence, steps: number): string {
  if (every === "week") return new Date(parse(date).getTime() - steps * 7 * DAY).toISOString().slice(0, 10);
  return monthsBefore(date, every === "quarter" ? 3 * steps : steps);
}

/** The history's count + 1 dates, oldest first; the last is asOf (see the module comment). */
export function historyDates(asOf: string, every: HistoryCadence, count: number): string[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`a history needs a whole number of snapshots ≥ 1, got ${count}`);
  return Array.from({ length: count + 1 }, (_, i) => periodsBefore(asOf, every, count - i));
}
