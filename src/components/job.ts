/**
 * A long job (a clustering or a sweep in the Web Worker) with a progress bar, its message and a
 * Cancel button. The promise resolves to the result, or to {cancelled: true} when the job was
 * cancelled (by the button, or by `invalidated`: a newer run of the calling cell). Built with DOM
 * APIs and textContent.
 *
 *   const job = startJob((options) => client.cluster(columns, config, options), "k-means", invalidation);
 *   display(job.status);
 *   const result = await job.promise;
 */
import type { Workbench } from "../browser/workbenchData.js";
import { isAbort, type ClusterResult, type JobOptions } from "../browser/workerClient.js";
import type { RunSettings } from "../lib/segments/clusterSettings.js";
import { applyOverrides, type Renamed } from "../lib/segments/labelings.js";
import type { PlayOverride } from "../lib/segments/playbook.js";

export interface Cancelled {
  cancelled: true;
}

export interface Job<T> {
  status: HTMLElement;
  promise: Promise<T | Cancelled>;
}

export function isCancelled(value: unknown): value is Cancelled {
  return typeof value === "object" && value !== null && (value as Cancelled).cancelled === true;
}

export function startJob<T>(run: (options: Required<Pick<JobOptions, "signal" | "onProgress">>) => Promise<T>, what: string, invalidated?: Promise<unknown>): Job<T> {
  const controller = new AbortController();
  invalidated?.then(() => controller.abort());
  const status = document.createElement("div");
  status.className = "job-status";
  status.dataset.job = what;
  status.dataset.state = "running";
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  const label = document.createElement("span");
  label.className = "muted";
  label.textContent = `${what}: starting…`;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  cancel.onclick = () => controller.abort();
  status.append(bar, " ", label, " ", cancel);
  const started = performance.now();
  const finish = (state: string, text: string) => {
    status.dataset.state = state;
    label.textContent = text;
    cancel.disabled = true;
  };
  const promise = run({
    signal: controller.signal,
    onProgress: (p) => {
      bar.value = p.fraction;
      label.textContent = `${what}: ${p.message}`;
    },
  }).then(
    (result): T => {
      bar.value = 1;
      finish("done", `${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return result;
    },
    (error: unknown): Cancelled => {
      if (isAbort(error)) {
        finish("cancelled", `${what}: cancelled`);
        return { cancelled: true };
      }
      finish("failed", `${what}: failed: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    },
  );
  return { status, promise };
}

/**
 * A clustering's labels and its segments named as the report names them (names and actions applied),
 * and the groups kept out of the clustering (label codes k + g).
 */
export interface NamedSegmentation {
  /** Each customer's segment, or k + its group's index (customers kept out of the clustering). */
  labels: Int32Array;
  segments: Renamed<SegmentationSegment>[];
  /** Names by label: the segments' (renamed), then the groups' ("Not segmented (missing income)"). */
  names: string[];
  /** The groups kept out of the clustering (net returners, "Not segmented (missing …)"), codes k + g. */
  groups: ClusterResult["groups"];
}

type SegmentationSegment = NonNullable<ClusterResult["segments"]>[number];

/**
 * The labels of a segmentation for other pages (compare, SQL, lookup): a clustering without the
 * stability runs, with its status line; the promise gives null when it was cancelled.
 */
export function segmentationJob(
  wb: Pick<Workbench, "cluster" | "committed">,
  settings: RunSettings,
  naming: { names?: Readonly<Record<string, string>>; actions?: Readonly<Record<string, PlayOverride>> },
  what: string,
  invalidated?: Promise<unknown>,
): { status: HTMLElement; promise: Promise<NamedSegmentation | null> } {
  const job = startJob((options) => wb.cluster(settings, { ...options, stabilityRuns: 0 }), what, invalidated);
  return {
    status: job.status,
    promise: job.promise.then((r) => {
      if (isCancelled(r)) return null;
      const segments = applyOverrides(r.segments, { ...naming, playbook: wb.committed.playbook });
      return { labels: r.labels, segments, names: [...segments.map((s) => s.name), ...r.groups.map((g) => g.label)], groups: r.groups };
    }),
  };
}
