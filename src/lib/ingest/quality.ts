/**
 * The ingest accounting every page and the report share: for each input, rows read = rows loaded +
 * rows rejected (by reason), and for transactions what was loaded (dates, customers, orders, returns,
 * revenue) and where outliers show. Types only: the pipeline computes it (pipeline/ingest/ingest.ts).
 */
import type { ColumnMapping } from "./columns.js";

export interface InputQuality {
  file: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Reason → count, most frequent first. */
  rejectedByReason: Record<string, number>;
}

export interface Anomaly {
  source_file: string;
  source_line: number;
  order_id: string;
  product_id: string | null;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface TransactionQuality extends InputQuality {
  /** Role → column used. */
  mapping: ColumnMapping;
  /** How day/month dates were read, when the export has them. */
  dateOrder: "DMY" | "MDY" | null;
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  customers: number;
  orders: number;
  returnLines: number;
  nonProductLines: number;
  netRevenue: number;
  /** Gross value of rejected lines whose quantity and price could be read, and its share of all gross value. */
  rejectedRevenue: number;
  rejectedRevenueShare: number;
  zeroPriceLines: number;
  negativePriceLines: number;
  /** The largest lines by |quantity| and by unit price: where outliers and typos show. */
  topQuantities: Anomaly[];
  topPrices: Anomaly[];
}

export interface QualityReport {
  transactions: TransactionQuality;
  customers?: InputQuality;
}
