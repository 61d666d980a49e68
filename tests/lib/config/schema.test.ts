// The config's TypeScript types come from the schema: these checks fail `npx tsc --noEmit` (which
// covers tests/) if a section's schema and the types callers use drift apart.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import {
  DEFAULT_CONFIG,
  parseConfig,
  SCALINGS,
  type DateOrder,
  type Encoding,
  type InputSource,
  type ReportConfig,
  type RfmConfig,
  type RfmRule,
  type Scaling,
  type ScoreRange,
  type SegmentationConfig,
  type TransactionRole,
  type WorkbenchConfig,
} from "../../../src/lib/config/config.js";
import { workbenchConfigSchema } from "../../../src/lib/config/schema.js";
import type { PlayOverride } from "../../../src/lib/segments/playbook.js";

describe("the config's types", () => {
  it("are the schema's output types", () => {
    expectTypeOf<WorkbenchConfig>().toEqualTypeOf<z.output<typeof workbenchConfigSchema>>();
    expectTypeOf(parseConfig).returns.toEqualTypeOf<WorkbenchConfig>();
    expectTypeOf(DEFAULT_CONFIG).toEqualTypeOf<WorkbenchConfig>();
    expectTypeOf<WorkbenchConfig["segmentation"]>().toEqualTypeOf<SegmentationConfig>();
    expectTypeOf<WorkbenchConfig["rfm"]>().toEqualTypeOf<RfmConfig>();
    expectTypeOf<WorkbenchConfig["report"]>().toEqualTypeOf<ReportConfig>();
    expectTypeOf<RfmConfig["segments"][number]>().toEqualTypeOf<RfmRule>();
  });

  it("are precise: enums as unions, ranges as pairs, null only where the config allows it", () => {
    expectTypeOf<Scaling>().toEqualTypeOf<"zscore" | "robust" | "minmax" | "none">();
    expectTypeOf<Encoding>().toEqualTypeOf<"utf-8" | "latin-1" | "utf-16">();
    expectTypeOf<DateOrder>().toEqualTypeOf<"auto" | "DMY" | "MDY">();
    expectTypeOf<WorkbenchConfig["ingest"]["decimalSeparator"]>().toEqualTypeOf<"." | ",">();
    expectTypeOf<WorkbenchConfig["ingest"]["delimiter"]>().toEqualTypeOf<string | null>();
    expectTypeOf<WorkbenchConfig["ingest"]["dropDuplicates"]>().toEqualTypeOf<"auto" | boolean>();
    expectTypeOf<WorkbenchConfig["ingest"]["fixedWidth"]>().toEqualTypeOf<{ name: string; start: number; width: number }[] | null>();
    expectTypeOf<WorkbenchConfig["ingest"]["columnNames"]>().toEqualTypeOf<string[] | null>();
    expectTypeOf<WorkbenchConfig["report"]["currency"]>().toEqualTypeOf<string | null>();
    expectTypeOf<WorkbenchConfig["features"]["asOf"]>().toEqualTypeOf<string | null>();
    expectTypeOf<WorkbenchConfig["inputs"]>().toEqualTypeOf<{ transactions: InputSource | null; customers?: InputSource }>();
    expectTypeOf<InputSource>().toEqualTypeOf<string | { postgres: string; table: string; key: string | null }>();
    expectTypeOf<WorkbenchConfig["segmentation"]["missing"]>().toEqualTypeOf<"exclude" | "median" | "mode" | "indicator">();
    expectTypeOf<WorkbenchConfig["segmentation"]["gamma"]>().toEqualTypeOf<number | null>();
    expectTypeOf<WorkbenchConfig["report"]["valueColumns"]>().toEqualTypeOf<string[] | null>();
    expectTypeOf<WorkbenchConfig["columns"]["customers"]["customer_id"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<ScoreRange>().toEqualTypeOf<[number, number]>();
    expectTypeOf<keyof WorkbenchConfig["columns"]["transactions"]>().toEqualTypeOf<TransactionRole>();
    expectTypeOf<SegmentationConfig["actions"][string]>().toExtend<PlayOverride>();
    expectTypeOf<PlayOverride>().toExtend<SegmentationConfig["actions"][string]>();
    // $comment is read, never returned.
    expectTypeOf<WorkbenchConfig>().not.toHaveProperty("$comment");
    expectTypeOf<SegmentationConfig>().not.toHaveProperty("$comment");
  });

  it("and the lists callers import are the schema's", () => {
    expect(SCALINGS).toEqual(["zscore", "robust", "minmax", "none"]);
    expect(workbenchConfigSchema.safeParse({ segmentation: { scale: SCALINGS[1] } }).success).toBe(true);
  });
});
