/**
 * The customers of one RFM segment for the RFM page's table: an arquero filter and projection of the
 * feature table, most revenue first (ties by customer id, so the order is stable).
 */
import { desc, escape, type ColumnTable } from "arquero";

export interface RfmMember {
  customer: string;
  R: number;
  F: number;
  M: number;
  "days since": number;
  orders: number;
  revenue: number;
}

export function rfmMembers(features: ColumnTable, segment: string): RfmMember[] {
  return features
    .filter(escape((d: { rfm_segment: string }) => d.rfm_segment === segment))
    .select({ customer_id: "customer", r_score: "R", f_score: "F", m_score: "M", recency_days: "days since", frequency: "orders", monetary: "revenue" })
    .orderby(desc("revenue"), "customer")
    .objects() as RfmMember[];
}
