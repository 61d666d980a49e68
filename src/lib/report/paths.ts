/** Where the published site puts the report's pages and files. */

/** Where each segment's page lives: /segments/<segment number>. */
export function segmentPath(segment: number): string {
  return `/segments/${segment}`;
}

/** Where the export is published when report.publishExport is true. */
export const EXPORT_PATH = "/data/segment-export.csv";
