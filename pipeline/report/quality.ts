/**
 * What the data-quality page shows: the ingest accounting plus a sample of rejected rows per reason,
 * with personal-data fields removed (the page may be published).
 */
import { basename, isAbsolute, join } from "node:path";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { openDatabase } from "../duckdb.js";
import type { Anomaly, QualityReport } from "../../src/lib/ingest/quality.js";
import type { PipelineOutputs } from "../run.js";

export interface RejectSample {
  source_file: string;
  source_line: number;
  reason: string;
  raw: Record<string, unknown>;
}

export interface QualityPageData {
  quality: QualityReport;
  /** The as-of date; null in a customers-only project whose export has no dates (and no features.asOf). */
  asOf: string | null;
  rejectSamples: RejectSample[];
}

/** Input paths as published: relative to the project, or just the file name (no absolute paths of the analyst's machine). */
export function publicPath(file: string): string {
  return isAbsolute(file) ? basename(file) : file;
}

export function publicQuality(quality: QualityReport): QualityReport {
  const t = quality.transactions;
  const anomalies = (rows: Anomaly[]) => rows.map((r) => ({ ...r, source_file: publicPath(r.source_file) }));
  return {
    ...(t ? { transactions: { ...t, file: publicPath(t.file), topQuantities: anomalies(t.topQuantities), topPrices: anomalies(t.topPrices) } } : {}),
    ...(quality.customers ? { customers: { ...quality.customers, file: publicPath(quality.customers.file) } } : {}),
    ...("currency" in quality ? { currency: quality.currency } : {}),
  };
}

export async function qualityPageData(outputs: PipelineOutputs, perReason = 10): Promise<QualityPageData> {
  const db = await openDatabase();
  try {
    const rows = await db.all<{ source_file: string; source_line: number; reason: string; raw: string }>(`
      SELECT source_file, source_line, reason, raw FROM read_parquet(${quoteLiteral(join(outputs.dir, "rejects.parquet"))})
      QUALIFY row_number() OVER (PARTITION BY source_file, reason ORDER BY source_line) <= ${perReason}
      ORDER BY source_file, reason, source_line`);
    const pii = new Set(outputs.config.pii.map((p) => p.toLowerCase()));
    const rejectSamples = rows.map((r) => {
      const raw = JSON.parse(r.raw) as Record<string, unknown>;
      for (const key of Object.keys(raw)) if (pii.has(key.toLowerCase())) raw[key] = "(personal data hidden)";
      return { ...r, source_file: publicPath(r.source_file), raw };
    });
    return { quality: publicQuality(outputs.quality), asOf: outputs.asOf, rejectSamples };
  } finally {
    db.close();
  }
}
