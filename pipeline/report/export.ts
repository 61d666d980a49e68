/**
 * The CRM export, for CRM and marketing tools: every customer's published segment, or the members
 * of some of the config's audiences, with each customer's next best products as extra columns
 * (`recommendations.nextBest` of them: src/lib/actions/nextBest.ts, with the recommendations'
 * floors). Written through the CSV writer, which neutralises spreadsheet formulas in every cell.
 * Or only the customers whose segment changed since a previous full export (`--since`: buildExportSince).
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { listValue } from "@duckdb/node-api";
import { audienceMembershipSql } from "../../src/lib/actions/audiences.js";
import { crmExportColumns } from "../../src/lib/actions/crmExport.js";
import { nextBestColumns, nextBestSql } from "../../src/lib/actions/nextBest.js";
import type { SegmentSource } from "../../src/lib/actions/segmentPurchases.js";
import { closestKey } from "../../src/lib/config/suggest.js";
import { toCsv, type CsvValue } from "../../src/lib/io/csv.js";
import { quoteLiteral } from "../../src/lib/io/sql.js";
import { exportChanges, readPreviousExport, type ExportChanges } from "../../src/lib/report/exportChanges.js";
import type { PublishedReport } from "../../src/lib/report/types.js";
import { loadConfig } from "../config.js";
import { openDatabase, type Database } from "../duckdb.js";
import { runPipeline } from "../run.js";
import { audienceBase } from "./actions.js";
import { buildReport } from "./build.js";

export interface CrmExport {
  csv: string;
  /** Distinct customers in the file. */
  customers: number;
  /** Lines after the header (a customer in several exported audiences has one line per audience). */
  rows: number;
  columns: string[];
  report: PublishedReport;
}

export interface ExportOptions {
  /** Export the members of these audiences (names from the config's `audiences`) instead of the segments. */
  audiences?: readonly string[];
}

/** The names asked for, each an audience of the config: otherwise one line naming the closest. */
function checkAudienceNames(asked: readonly string[], names: readonly string[]): void {
  if (!asked.length) throw new Error("--audience: give an audience name");
  for (const name of asked) {
    if (names.includes(name)) continue;
    if (!names.length) throw new Error(`--audience ${JSON.stringify(name)}: the config has no audiences (add them under "audiences")`);
    const near = closestKey(name, names);
    throw new Error(`--audience ${JSON.stringify(name)}: no such audience in the config; ${near ? `did you mean ${JSON.stringify(near)}?` : `the audiences are ${names.map((n) => JSON.stringify(n)).join(", ")}`}`);
  }
}

/** The name of each label code: the segments, then the groups kept out of the clustering (codes k + g). */
function labelNames(report: PublishedReport): string[] {
  return [...report.segments.map((s) => s.name), ...report.outside.map((g) => g.label)];
}

/** customer_id → next best values, for the customers of `source`'s segment table. */
async function nextBestByCustomer(db: Database, source: SegmentSource, configFile: string | undefined, count: number): Promise<Map<string, CsvValue[]>> {
  const out = new Map<string, CsvValue[]>();
  if (count === 0) return out;
  const { minSupport, minCustomers, minLift } = loadConfig(configFile).config.recommendations;
  const { sql, params } = nextBestSql({ ...source, count, minSupport, minCustomers, minLift });
  const columns = nextBestColumns(count);
  for (const row of await db.all<Record<string, string | null>>(sql, params)) out.set(String(row.customer_id), columns.map((c) => row[c]));
  return out;
}

/**
 * The CRM export as CSV text: the CLI's `export`. A customer kept out of the clustering gets its
 * group's label ("Net returners"), so every customer is in the file.
 */
export async function buildExport(configFile?: string, options: ExportOptions = {}): Promise<CrmExport> {
  const { report, labels, customerIds } = await buildReport(configFile);
  const outputs = await runPipeline(configFile);
  const { config } = outputs;
  // No next best products without purchases (a customers-only project): the export is the segments alone.
  const count = outputs.transactions === null ? 0 : config.recommendations.nextBest;
  const names = labelNames(report);
  const db = await openDatabase();
  try {
    if (outputs.transactions !== null) await db.run(`CREATE TEMP VIEW export_transactions AS SELECT * FROM read_parquet(${quoteLiteral(outputs.transactions)})`);
    await db.run(`CREATE TEMP TABLE export_segments AS SELECT unnest($1::VARCHAR[]) AS customer_id, unnest($2::INTEGER[]) AS segment`, [listValue(customerIds), listValue(Array.from(labels))]);
    const base = { transactions: "export_transactions", asOf: outputs.asOf ?? "" };
    if (!options.audiences) {
      const next = await nextBestByCustomer(db, { ...base, assignments: "export_segments" }, configFile, count);
      const blank = nextBestColumns(count).map(() => null);
      const rows = customerIds.map((id, i): CsvValue[] => {
        const name = names[labels[i]];
        if (name === undefined) throw new Error(`customer ${id}: no segment ${labels[i]}`);
        return [id, name, ...(count ? (next.get(id) ?? blank) : [])];
      });
      const columns = crmExportColumns(count);
      return { csv: toCsv(columns, rows), customers: customerIds.length, rows: rows.length, columns, report };
    }
    checkAudienceNames(options.audiences, config.audiences.map((a) => a.name));
    const chosen = config.audiences.filter((a) => options.audiences!.includes(a.name));
    const table = await audienceBase(db, "export", outputs.features, customerIds, labels, names, report.segments.length);
    const { sql, params } = audienceMembershipSql(chosen, table);
    await db.run(`CREATE TEMP TABLE export_members AS ${sql}`, params);
    const members = await db.all<{ customer_id: string; audience: string }>(`SELECT customer_id, audience FROM export_members`);
    // Lift is against every customer, not only the exported audiences' members.
    const next = await nextBestByCustomer(db, { ...base, assignments: "export_members", segmentColumn: "audience", base: "export_segments" }, configFile, count);
    const rows = members.map((m): CsvValue[] => [m.customer_id, m.audience, ...(count ? next.get(m.customer_id)! : [])]);
    const columns = crmExportColumns(count, "audience");
    return { csv: toCsv(columns, rows), customers: new Set(members.map((m) => m.customer_id)).size, rows: rows.length, columns, report };
  } finally {
    db.close();
  }
}

/**
 * The customers whose segment changed since a previous full export (customer_id,segment,previous_segment,change):
 * the CLI's `export --since PREVIOUS`. The previous file is read before the report is built, so a wrong
 * file stops at once.
 */
export async function buildExportSince(previousFile: string, configFile?: string): Promise<ExportChanges & { customers: number; report: PublishedReport }> {
  const shown = relative(process.cwd(), previousFile) || previousFile;
  let text: string;
  try {
    text = readFileSync(previousFile, "utf-8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${shown}: ${code === "ENOENT" ? "previous export not found" : code === "EISDIR" ? "a folder, not a previous export" : (error as Error).message}`);
  }
  const previous = readPreviousExport(text, shown);
  const { report, labels, customerIds } = await buildReport(configFile);
  const changes = exportChanges(previous, customerIds, labels, labelNames(report));
  return { ...changes, customers: customerIds.length, report };
}

/** The CRM export as the site publishes it (/data/segment-export.csv): only when report.publishExport is true. */
export async function publishedExport(configFile?: string): Promise<string> {
  if (!loadConfig(configFile).config.report.publishExport) {
    throw new Error("report.publishExport is false in the config: the segment export is not published (use `npm run -s workbench -- export --out FILE`)");
  }
  return (await buildExport(configFile)).csv;
}
