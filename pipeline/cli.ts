/**
 * The workbench CLI: the same pipeline code the Framework data loaders run.
 *   npm run -s workbench -- ingest --transactions PATH [--customers PATH] [--config FILE] --out DIR
 *   npm run -s workbench -- features --in DIR [--as-of YYYY-MM-DD] [--config FILE] --out DIR
 *   npm run -s workbench -- run [--config FILE]
 *   npm run -s workbench -- report [--config FILE] --out FILE
 *   npm run -s workbench -- export [--config FILE] [--audience NAME …] [--since PREVIOUS_EXPORT] --out FILE
 *   npm run -s workbench -- cluster --features FILE --columns a,b,c --k K|2..10 [--id COLUMN] [--categorical x,y] [--gamma G] [--missing …] [--seed S] [--scale …] [--log a,b] [--threads N] [--mini-batch [SIZE]] --out DIR
 *   npm run -s workbench -- assign-sql --model DIR/model.json --table NAME [--dialect duckdb|postgres] [--id customer_id]
 *   npm run -s workbench -- clv --in DIR [--calibration-end YYYY-MM-DD] [--unit day|week|month] [--config FILE] --out DIR
 *   npm run -s workbench -- pdf [--dist DIR] [--out DIR] [--config FILE]
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { assignmentSql, SQL_DIALECTS, type AssignmentModel, type SqlDialect } from "../src/lib/cluster/assignSql.js";
import type { Scaling } from "../src/lib/config/config.js";
import type { MissingStrategy } from "../src/lib/cluster/missing.js";
import { loadConfig } from "./config.js";
import { openDatabase } from "./duckdb.js";
import { buildFeatures, featureOptions } from "./features/build.js";
import { ingest } from "./ingest/ingest.js";
import { DEFAULT_BATCH_SIZE } from "../src/lib/cluster/minibatch.js";
import { buildReport } from "./report/build.js";

const USAGE = `usage: workbench <command> [options]
  ingest   --transactions PATH [--customers PATH] [--config FILE] --out DIR
  features --in DIR [--as-of YYYY-MM-DD] [--config FILE] --out DIR
  run      [--config FILE]                          refresh: ingest → features → report → site, swapped into dist/
                                                    only when all of it succeeded
  report   [--config FILE] --out FILE               the published segmentation as JSON
  export   [--config FILE] [--audience NAME …] --out FILE
                                                    customer_id,segment CSV for CRM tools with next best products
                                                    (formulas neutralised); --audience (repeatable): the members
                                                    of the config's audiences instead, customer_id,audience,…
           --since PREVIOUS: only the customers who entered, left or moved since that full export
                                                    (customer_id,segment,previous_segment,change)
  cluster  --features FILE --columns a,b,c --k K|2..10 [--id COLUMN] [--categorical x,y] [--gamma G]
           [--missing exclude|median|mode|indicator] [--seed S] [--n-init N]
           [--scale zscore|robust|minmax|none] [--log a,b] [--winsorize 1,99|a:1:99,…]
           [--threads N] [--mini-batch [SIZE]] --out DIR
                                                    k-means over numeric columns, k-prototypes when a column is categorical
                                                    (text, or --categorical): DIR/assignments.parquet, model.json (and
                                                    sweep.json for a range); blanks excluded (cluster null, not_segmented
                                                    their reason) unless --missing fills them; --id: the id column (default:
                                                    customer_id, CustomerID, account_id, ID, … as ingest recognises);
                                                    k-means on every core (--threads, default all); --mini-batch: mini-batch
                                                    k-means, SIZE rows a step (default 1024), for one k
  cluster  --features FILE --model DIR/model.json [--id COLUMN] --out DIR
                                                    assign rows to a saved model's clusters
  assign-sql --model DIR/model.json --table NAME [--dialect duckdb|postgres] [--id customer_id]
                                                    print a query that assigns every row of a table to the model's clusters,
                                                    blanks as the model recorded (filled, or excluded: not_segmented says why)
  clv      --in DIR [--calibration-end YYYY-MM-DD] [--unit day|week|month] [--config FILE] --out DIR
                                                    BG/NBD + Gamma-Gamma: DIR/clv.parquet, clv-model.json (holdout figures after the calibration end)
  pdf      [--dist DIR] [--out DIR] [--config FILE]  the built report (default dist/) as PDF: overview.pdf and one file per
                                                    segment page in DIR (default out/pdf), printed by Chromium`;

class UsageError extends Error {}

/**
 * DuckDB's own errors ("Binder Error: …" with a SQL excerpt) mean a case the pipeline did not turn into
 * a message of its own: shown as one line, never with the SQL.
 */
const ENGINE_ERROR = /^([A-Z][A-Za-z]* )+Error: /;

function errorLine(command: string | undefined, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!ENGINE_ERROR.test(message)) return `workbench: ${message}`;
  return `workbench${command ? ` ${command}` : ""}: the database engine failed (${message.split("\n")[0]}). Check the inputs and workbench.config.json; if they look right, this is a bug in the workbench: please report it with this line.`;
}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || !value) throw new UsageError(`missing --${name}`);
  return value;
}

/** " (24 net returners kept out of the segments)", or nothing when every customer is in a segment. */
function outsideNote(groups: readonly { label: string; customers: number }[]): string {
  const held = groups.filter((g) => g.customers > 0);
  return held.length ? ` (${held.map((g) => `${g.customers} ${g.label.toLowerCase()}`).join(", ")} kept out of the segments)` : "";
}

/** `--mini-batch` may come without its SIZE (then the default batch size): parseArgs needs a value, so supply it. */
function withMiniBatchDefault(args: string[]): string[] {
  return args.flatMap((arg, i) => (arg === "--mini-batch" && (i + 1 >= args.length || args[i + 1].startsWith("--")) ? [arg, String(DEFAULT_BATCH_SIZE)] : [arg]));
}

async function main(argv: string[]): Promise<void> {
  const [command, ...given] = argv;
  const rest = withMiniBatchDefault(given);
  const { values } = parseArgs({
    args: rest,
    options: {
      out: { type: "string" },
      in: { type: "string" },
      config: { type: "string" },
      transactions: { type: "string" },
      customers: { type: "string" },
      "as-of": { type: "string" },
      seed: { type: "string" },
      features: { type: "string" },
      columns: { type: "string" },
      k: { type: "string" },
      categorical: { type: "string" },
      gamma: { type: "string" },
      missing: { type: "string" },
      "n-init": { type: "string" },
      scale: { type: "string" },
      log: { type: "string" },
      winsorize: { type: "string" },
      model: { type: "string" },
      threads: { type: "string" },
      "mini-batch": { type: "string" },
      table: { type: "string" },
      dialect: { type: "string" },
      id: { type: "string" },
      audience: { type: "string", multiple: true },
      "calibration-end": { type: "string" },
      since: { type: "string" },
      unit: { type: "string" },
      dist: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (!command || values.help || command === "help") {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case "ingest": {
      const { config } = loadConfig(values.config);
      const out = resolve(required(values, "out"));
      const db = await openDatabase();
      try {
        const quality = await ingest(db, {
          transactions: resolve(required(values, "transactions")),
          ...(values.customers ? { customers: resolve(values.customers) } : {}),
          config,
          outDir: out,
          onProgress: (message) => console.error(`ingest ${message}`),
        });
        for (const q of [quality.transactions, quality.customers]) {
          if (!q) continue;
          const reasons = Object.entries(q.rejectedByReason).map(([r, n]) => `${r}: ${n}`).join(", ");
          console.error(`${q.file}: ${q.rowsRead} read, ${q.rowsLoaded} loaded, ${q.rowsRejected} rejected${reasons ? ` (${reasons})` : ""}`);
        }
        console.error(`wrote ${join(out, "transactions.parquet")}, rejects.parquet and quality.json`);
      } finally {
        db.close();
      }
      return;
    }
    case "features": {
      const { config } = loadConfig(values.config);
      const out = resolve(required(values, "out"));
      await mkdir(out, { recursive: true });
      const db = await openDatabase();
      try {
        const files = { inDir: resolve(required(values, "in")), outFile: join(out, "features.parquet") };
        const result = await buildFeatures(db, { ...featureOptions(config, files, values["as-of"] ?? config.features.asOf), requireCustomers: true });
        console.error(`features: ${result.customers} customers as of ${result.asOf} → ${join(out, "features.parquet")}`);
      } finally {
        db.close();
      }
      return;
    }
    case "run": {
      const { refresh } = await import("./refresh.js");
      await refresh({ configFile: values.config, onProgress: (line) => console.error(line) });
      return;
    }
    case "report": {
      const out = resolve(required(values, "out"));
      const { report } = await buildReport(values.config);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, JSON.stringify(report, null, 2) + "\n");
      console.error(`report: ${report.segments.length} segments over ${report.totals.customers} customers${outsideNote(report.outside)} → ${out}`);
      return;
    }
    case "export": {
      const { buildExport, buildExportSince } = await import("./report/export.js");
      const out = resolve(required(values, "out"));
      if (values.since !== undefined) {
        if (!values.since) throw new UsageError("--since needs the previous export's file");
        if (values.audience) throw new UsageError("--since compares segment exports: leave out --audience");
        const since = resolve(values.since);
        if (since === out) throw new UsageError("--since and --out are the same file: keep the previous export and write the changes elsewhere");
        const changes = await buildExportSince(since, values.config);
        await mkdir(dirname(out), { recursive: true });
        await writeFile(out, changes.csv);
        const total = changes.entered + changes.left + changes.moved;
        console.error(
          `export: ${total} changes since ${values.since} (${changes.entered} entered, ${changes.left} left, ${changes.moved} moved; ${changes.unchanged} unchanged) ` +
            `of ${changes.customers} customers as of ${changes.report.asOf} → ${out}`,
        );
        return;
      }
      const audiences = values.audience;
      const { csv, customers, rows, report } = await buildExport(values.config, audiences ? { audiences } : {});
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, csv);
      if (audiences) console.error(`export: ${customers} customers, ${rows} memberships of ${audiences.map((a) => JSON.stringify(a)).join(", ")} as of ${report.asOf} → ${out}`);
      else console.error(`export: ${customers} customers in ${report.segments.length} segments${outsideNote(report.outside)} as of ${report.asOf} → ${out}`);
      return;
    }
    case "cluster": {
      const cluster = await import("./segments/cluster.js");
      const features = required(values, "features");
      const out = required(values, "out");
      const notSegmented = (counts: Record<string, number>) => {
        const total = Object.values(counts).reduce((s, n) => s + n, 0);
        return total ? `; ${total} not segmented (${cluster.notSegmentedNote(counts)})` : "";
      };
      if (values.model) {
        const assigned = await cluster.assignWithModel({ features, model: values.model, out, ...(values.id ? { id: values.id } : {}) });
        const unseen = Object.entries(assigned.unseen).filter(([, u]) => u.rows > 0);
        const unseenNote = unseen.length
          ? `; categories the model never saw (matching no mode, counted): ${unseen.map(([name, u]) => `${name} ${u.rows} rows (${Object.entries(u.values).map(([v, n]) => `${JSON.stringify(v)} ${n}`).join(", ")})`).join("; ")}`
          : "";
        console.error(`cluster: assigned ${assigned.labels.length} customers with ${values.model} (sizes ${assigned.sizes.join(", ")})${notSegmented(assigned.notSegmented)}${unseenNote} → ${assigned.file}`);
        return;
      }
      const list = (text: string | undefined) => (text ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      const whole = (name: string, text: string) => {
        const x = Number(text);
        if (!Number.isInteger(x)) throw new UsageError(`--${name} ${text}: expected a whole number`);
        return x;
      };
      const gamma = (text: string) => {
        const x = Number(text);
        if (text.trim() === "" || !(Number.isFinite(x) && x > 0)) throw new UsageError(`--gamma ${text}: expected a number above 0 (the weight of one categorical mismatch)`);
        return x;
      };
      const run = await cluster.runCluster({
        features,
        columns: list(required(values, "columns")),
        k: cluster.parseK(required(values, "k")),
        ...(values.id ? { id: values.id } : {}),
        ...(values.categorical ? { categorical: list(values.categorical) } : {}),
        ...(values.gamma ? { gamma: gamma(values.gamma) } : {}),
        ...(values.missing ? { missing: values.missing as MissingStrategy } : {}),
        ...(values.seed ? { seed: whole("seed", values.seed) } : {}),
        ...(values["n-init"] ? { nInit: whole("n-init", values["n-init"]) } : {}),
        ...(values.scale ? { scale: values.scale as Scaling } : {}),
        log: list(values.log),
        ...(values.winsorize ? { winsorize: cluster.parseWinsorize(values.winsorize) } : {}),
        ...(values.threads ? { threads: whole("threads", values.threads) } : {}),
        ...(values["mini-batch"] ? { miniBatch: whole("mini-batch", values["mini-batch"]) } : {}),
        out,
      });
      const m = run.model;
      if (run.sweep) console.error(`cluster: sweep ${run.sweep.rows[0].k}..${run.sweep.rows.at(-1)!.k}: ${run.sweep.reason}`);
      const measures = `silhouette ${m.silhouette?.toFixed(3)}, Calinski–Harabasz ${m.calinski_harabasz?.toFixed(1)}, Davies–Bouldin ${m.davies_bouldin?.toFixed(3)}`;
      if ("method" in m) {
        const categories = Object.entries(run.categories).map(([name, n]) => `${name} (${n})`).join(", ");
        console.error(
          `cluster: k = ${m.k} over ${m.clustered} of ${m.rows} customers (sizes ${m.sizes.join(", ")})${notSegmented(run.notSegmented)}; ` +
            `k-prototypes, categorical: ${categories}; γ ${m.gamma.toFixed(3)}${m.gamma_is_default ? " (default)" : ""}; cost ${m.cost.toFixed(3)}, ${measures}; ` +
            `${m.iterations} iterations; names: ${m.names.map((n) => JSON.stringify(n)).join(", ")} → ${run.files.join(", ")}`,
        );
        return;
      }
      const over = m.clustered !== undefined && m.clustered !== m.rows ? `${m.clustered} of ${m.rows}` : `${m.rows}`;
      console.error(
        `cluster: k = ${m.k} over ${over} customers (sizes ${m.sizes.join(", ")})${notSegmented(run.notSegmented)}; inertia ${m.inertia.toFixed(3)}, ` +
          `${measures}; ` +
          `${m.algorithm === "mini-batch" ? `mini-batch k-means, batches of ${m.batch_size}, ${m.iterations} steps` : `k-means, ${m.iterations} iterations`} → ${run.files.join(", ")}`,
      );
      return;
    }
    case "assign-sql": {
      const file = resolve(required(values, "model"));
      const table = required(values, "table");
      const dialect = (values.dialect ?? "duckdb") as SqlDialect;
      if (!SQL_DIALECTS.includes(dialect)) throw new UsageError(`--dialect ${values.dialect}: expected one of ${SQL_DIALECTS.join(", ")}`);
      let model: { transforms?: unknown; centroids_prepared?: unknown; method?: unknown; missing?: unknown };
      try {
        model = JSON.parse(readFileSync(file, "utf-8"));
      } catch (error) {
        throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : `not valid JSON: ${(error as Error).message}`}`);
      }
      if (!Array.isArray(model?.transforms) || !Array.isArray(model?.centroids_prepared)) {
        throw new Error(`${file}: not a model.json written by the cluster command (no transforms or centroids_prepared)`);
      }
      // The query replays k-means's nearest centroid: a k-prototypes model's categories would be ignored.
      if (model.method === "k-prototypes") throw new Error(`${file}: a k-prototypes model (categorical columns): assign-sql compiles k-means models only; assign its rows with cluster --model`);
      try {
        // The model's own blanks plan (model.json's missing: strategy and fill values), as cluster --model applies it.
        const missing = (model.missing ?? null) as AssignmentModel["missing"];
        process.stdout.write(assignmentSql({ features: model.transforms, centroids: model.centroids_prepared, missing }, { table, dialect, ...(values.id ? { id: values.id } : {}) }));
      } catch (error) {
        throw new Error(`${file}: ${(error as Error).message.replace(/^model: /, "")}`);
      }
      return;
    }
    case "clv": {
      const clv = await import("./clv/clv.js");
      const { options, calibrationEnd } = clv.clvSettingsFromConfig(loadConfig(values.config).config, values.unit);
      const { model, files } = await clv.runClv({
        inDir: required(values, "in"),
        outDir: required(values, "out"),
        // --calibration-end, else the config's clv.calibrationEnd, else the last transaction day (no holdout).
        calibrationEnd: values["calibration-end"] ?? calibrationEnd,
        ...(values["calibration-end"] === undefined && calibrationEnd !== null ? { calibrationEndName: "clv.calibrationEnd" } : {}),
        options,
        onProgress: (message) => console.error(`clv ${message}`),
      });
      if (model.status === "refused") throw new Error(`clv: predictions refused: ${model.reasons.join("; ")}`);
      for (const warning of model.warnings) console.error(`clv warning: ${warning}`);
      const { bgnbd: bg, gammaGamma: gg, holdout } = model;
      console.error(
        `clv: BG/NBD r ${bg!.r.toFixed(4)}, α ${bg!.alpha.toFixed(4)}, a ${bg!.a.toFixed(4)}, b ${bg!.b.toFixed(4)} (log-likelihood ${bg!.logLikelihood.toFixed(2)}); ` +
          `Gamma-Gamma p ${gg!.p.toFixed(4)}, q ${gg!.q.toFixed(4)}, γ ${gg!.gamma.toFixed(4)} (log-likelihood ${gg!.logLikelihood.toFixed(2)}), per ${model.unit}`,
      );
      if (holdout) {
        const t = holdout.totals;
        console.error(
          `clv: holdout ${model.calibrationEnd} → ${model.observationEnd} (${t.holdoutDays} days): purchases ${t.actualPurchases} actual, ${t.predictedPurchases.toFixed(1)} predicted; ` +
            `revenue ${t.actualRevenue.toFixed(2)} actual, ${t.predictedRevenue.toFixed(2)} predicted`,
        );
      }
      console.error(`clv: ${model.predictions!.customers} customers → ${files.join(", ")}`);
      return;
    }
    case "pdf": {
      const { renderPdfs } = await import("./pdf.js");
      const result = await renderPdfs({ dist: values.dist ?? "dist", out: values.out ?? join("out", "pdf"), config: values.config });
      if ("skipped" in result) console.error(`pdf: skipped: ${result.skipped}`);
      else console.error(`pdf: ${result.files.length} files (the overview and ${result.files.length - 1} segment pages)`);
      return;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(`workbench: ${error.message}\n${USAGE}`);
  else console.error(errorLine(process.argv[2], error));
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
