/**
 * Per-customer summaries for the CLV models, as SQL that runs unchanged on native DuckDB (pipeline,
 * 1.5) and DuckDB-WASM (pages, 1.1), over the clean transactions table ingest writes (customer_id,
 * order_id, order_ts, amount, is_cancellation, is_return, …).
 *
 * A purchase is an order that is neither a cancellation nor a return (as `frequency` in the feature
 * table); the purchases of one customer on one day are one purchase, whose value is their summed
 * amount (rounded to cents, so engines that add in another order agree). Returns and cancellations
 * are left out of counts and values: the models describe buying, not returning.
 *
 * Calibration ends on `calibrationEnd` (that day included); the holdout runs from the day after to
 * `observationEnd` (default: the last transaction day). Only customers whose first purchase is in
 * calibration are summarised (the cohort the models are fitted on and predict for).
 */
import { quoteIdent, quoteLiteral } from "../io/sql.js";

export interface ClvSqlOptions {
  /** Table (or view) of clean transactions. */
  transactions?: string;
  /** Last day of calibration, YYYY-MM-DD. */
  calibrationEnd: string;
  /** Last day of the holdout, YYYY-MM-DD; default the last transaction day. */
  observationEnd?: string | null;
  /** Days in one model time unit (CLV_UNITS). */
  unitDays: number;
}

/** A YYYY-MM-DD date that exists (2024-02-30 does not). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

function dateLiteral(name: string, text: string): string {
  if (!isIsoDate(text)) throw new Error(`${name} must be a YYYY-MM-DD date, got "${text}"`);
  return `DATE ${quoteLiteral(text)}`;
}

/** The shared CTEs: parameters, orders, purchase days and each customer's first purchase day. */
function baseSql(options: ClvSqlOptions): string {
  const tx = quoteIdent(options.transactions ?? "transactions");
  const observationEnd = options.observationEnd
    ? dateLiteral("the observation end", options.observationEnd)
    : `(SELECT CAST(max(order_ts) AS DATE) FROM ${tx})`;
  return `WITH clv_params AS (
  SELECT ${dateLiteral("the calibration end", options.calibrationEnd)} AS calibration_end, ${observationEnd} AS observation_end
),
clv_orders AS (
  SELECT customer_id, order_id, min(order_ts) AS order_ts, bool_or(is_cancellation OR is_return) AS is_reversal, sum(amount) AS amount
  FROM ${tx} GROUP BY customer_id, order_id
),
clv_days AS (
  SELECT customer_id, CAST(order_ts AS DATE) AS day, round(sum(amount), 2) AS value
  FROM clv_orders WHERE NOT is_reversal GROUP BY customer_id, CAST(order_ts AS DATE)
),
clv_first AS (
  SELECT customer_id, min(day) AS first_day FROM clv_days GROUP BY customer_id
),
clv_start AS (
  SELECT min(first_day) AS start_day FROM clv_first
)`;
}

/** Money sum rounded to cents, -0 as 0 (as the feature SQL does). */
function cents(sum: string): string {
  return `CASE WHEN round(${sum}, 2) = 0 THEN 0.0 ELSE round(${sum}, 2) END`;
}

/**
 * One row per customer whose first purchase is on or before the calibration end, ordered by
 * customer_id:
 *   customer_id, first_purchase (YYYY-MM-DD), first_day_index (days after the first purchase in the data),
 *   x (repeat purchases in calibration), t_x_days, T_days (whole days), t_x, T (in the unit),
 *   m (mean value of the repeat purchases in calibration; NULL when x = 0),
 *   calibration_value (value of all calibration purchases, the first included),
 *   holdout_x, holdout_value (purchases and their value after the calibration end, up to the observation end).
 */
export function clvSummarySql(options: ClvSqlOptions): string {
  const unit = Number(options.unitDays);
  if (!(unit > 0) || !Number.isFinite(unit)) throw new Error(`unit length must be a positive number of days, got ${options.unitDays}`);
  const inCalibration = "d.day <= p.calibration_end";
  const inHoldout = "d.day > p.calibration_end AND d.day <= p.observation_end";
  return `${baseSql(options)},
clv_customers AS (
  SELECT d.customer_id, f.first_day,
    count(*) FILTER (WHERE ${inCalibration}) - 1 AS x,
    date_diff('day', f.first_day, max(d.day) FILTER (WHERE ${inCalibration})) AS t_x_days,
    date_diff('day', f.first_day, any_value(p.calibration_end)) AS t_days,
    ${cents(`sum(d.value) FILTER (WHERE ${inCalibration} AND d.day > f.first_day)`)} AS repeat_value,
    ${cents(`sum(d.value) FILTER (WHERE ${inCalibration})`)} AS calibration_value,
    count(*) FILTER (WHERE ${inHoldout}) AS holdout_x,
    ${cents(`sum(d.value) FILTER (WHERE ${inHoldout})`)} AS holdout_value
  FROM clv_days d
  JOIN clv_first f ON f.customer_id = d.customer_id
  CROSS JOIN clv_params p
  WHERE f.first_day <= p.calibration_end
  GROUP BY d.customer_id, f.first_day
)
SELECT
  c.customer_id,
  strftime(c.first_day, '%Y-%m-%d') AS first_purchase,
  CAST(date_diff('day', s.start_day, c.first_day) AS INTEGER) AS first_day_index,
  CAST(c.x AS INTEGER) AS x,
  CAST(c.t_x_days AS INTEGER) AS t_x_days,
  CAST(c.t_days AS INTEGER) AS T_days,
  CAST(c.t_x_days AS DOUBLE) / ${unit} AS t_x,
  CAST(c.t_days AS DOUBLE) / ${unit} AS T,
  CASE WHEN c.x > 0 THEN CAST(c.repeat_value AS DOUBLE) / c.x END AS m,
  CAST(c.calibration_value AS DOUBLE) AS calibration_value,
  CAST(c.holdout_x AS INTEGER) AS holdout_x,
  CAST(COALESCE(c.holdout_value, 0) AS DOUBLE) AS holdout_value
FROM clv_customers c CROSS JOIN clv_start s
ORDER BY c.customer_id`;
}

/**
 * Repeat purchases per day by the calibration cohort (customers whose first purchase is on or before
 * the calibration end), from the first purchase in the data to the observation end: day_index (days
 * after the first purchase in the data), day (YYYY-MM-DD), repeat_purchases. Days without any are left
 * out. This is the "actual" line of the tracking charts.
 */
export function clvDailyRepeatsSql(options: Omit<ClvSqlOptions, "unitDays">): string {
  return `${baseSql({ ...options, unitDays: 1 })}
SELECT CAST(date_diff('day', s.start_day, d.day) AS INTEGER) AS day_index, strftime(d.day, '%Y-%m-%d') AS day,
  CAST(count(*) AS INTEGER) AS repeat_purchases
FROM clv_days d
JOIN clv_first f ON f.customer_id = d.customer_id
CROSS JOIN clv_params p
CROSS JOIN clv_start s
WHERE f.first_day <= p.calibration_end AND d.day > f.first_day AND d.day <= p.observation_end
GROUP BY d.day, s.start_day
ORDER BY d.day`;
}

/**
 * What the summaries are made of, to account for every order: orders, those left out as cancellations
 * or returns, purchase days, customers (with a purchase), customers first seen after the calibration
 * end (not in the cohort), the dates, and purchase days after the observation end (left out).
 */
export function clvInputSql(options: Omit<ClvSqlOptions, "unitDays">): string {
  return `${baseSql({ ...options, unitDays: 1 })}
SELECT
  (SELECT CAST(count(*) AS INTEGER) FROM clv_orders) AS orders,
  (SELECT CAST(count(*) AS INTEGER) FROM clv_orders WHERE is_reversal) AS reversal_orders,
  (SELECT CAST(count(*) AS INTEGER) FROM clv_days) AS purchase_days,
  (SELECT CAST(count(*) AS INTEGER) FROM clv_first) AS customers,
  (SELECT CAST(count(*) AS INTEGER) FROM clv_first, clv_params p WHERE first_day > p.calibration_end) AS customers_after_calibration,
  (SELECT CAST(count(*) AS INTEGER) FROM clv_days, clv_params p WHERE day > p.observation_end) AS purchase_days_after_observation,
  (SELECT strftime(start_day, '%Y-%m-%d') FROM clv_start) AS first_purchase_day,
  (SELECT strftime(max(day), '%Y-%m-%d') FROM clv_days) AS last_purchase_day,
  (SELECT strftime(calibration_end, '%Y-%m-%d') FROM clv_params) AS calibration_end,
  (SELECT strftime(observation_end, '%Y-%m-%d') FROM clv_params) AS observation_end`;
}
