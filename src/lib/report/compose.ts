/**
 * The published report from its sections' parts (pipeline/report/sections/). A part holds the
 * top-level keys its section owns and, optionally, `segments`: one object per segment (by segment
 * number) whose fields are added to that segment. Keys keep the order the parts give them, so the
 * same sections in the same order always write the same JSON.
 *
 * Two sections claiming the same key, or giving a different number of segments, is a bug in a
 * section: it stops the report rather than letting one part silently overwrite another.
 */

/** A section's part of the report (see the module comment). */
export type ReportPart = { readonly segments?: readonly object[] } & object;

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
// Boxed, so a part whose segments are a union (a segment with a change, or without: customers-only)
// is intersected as one type, not split into its members (whose intersection would be never).
type BoxedSegmentFields<P> = P extends { readonly segments: readonly (infer S)[] } ? { fields: S } : never;
type Unboxed<B> = B extends { fields: infer S } ? S : never;

/** The report the parts make: every part's keys, and each segment with every part's fields for it. */
export type Composed<Parts extends readonly ReportPart[]> = Omit<Intersection<Parts[number]>, "segments"> & {
  segments: Unboxed<Intersection<BoxedSegmentFields<Parts[number]>>>[];
};

export function composeReport<Parts extends readonly ReportPart[]>(parts: [...Parts]): Composed<Parts> {
  const report: Record<string, unknown> = {};
  let segments: Record<string, unknown>[] | null = null;
  parts.forEach((part, index) => {
    for (const [key, value] of Object.entries(part)) {
      if (key !== "segments") {
        if (key in report) throw new Error(`report section ${index + 1} sets "${key}", which an earlier section already set`);
        report[key] = value;
        continue;
      }
      const added = value as readonly object[];
      if (segments === null) {
        segments = added.map((fields) => ({ ...fields }));
        report.segments = segments;
        continue;
      }
      if (added.length !== segments.length) {
        throw new Error(`report section ${index + 1} gives ${added.length} segments; an earlier section gave ${segments.length}`);
      }
      added.forEach((fields, s) => {
        for (const [field, v] of Object.entries(fields)) {
          if (field in segments![s]) throw new Error(`report section ${index + 1} sets segment ${s}'s "${field}", which an earlier section already set`);
          segments![s][field] = v;
        }
      });
    }
  });
  if (segments === null) report.segments = [];
  return report as Composed<Parts>;
}
