import { describe, expect, it } from "vitest";
import { ariVerdict, MOSTLY_STABLE_ARI, STABLE_ARI, stabilityVerdict } from "../../../src/lib/cluster/verdicts.js";

describe("verdicts", () => {
  it("calls a clustering stable by its lowest ARI over the runs, thresholds included", () => {
    expect(stabilityVerdict({ min: 1 })).toMatch(/^stable/);
    expect(stabilityVerdict({ min: STABLE_ARI })).toMatch(/^stable/);
    expect(stabilityVerdict({ min: STABLE_ARI - 1e-9 })).toMatch(/^mostly stable/);
    expect(stabilityVerdict({ min: MOSTLY_STABLE_ARI })).toMatch(/^mostly stable/);
    expect(stabilityVerdict({ min: MOSTLY_STABLE_ARI - 1e-9 })).toMatch(/^unstable/);
    expect(stabilityVerdict({ min: -0.2 })).toMatch(/^unstable/);
  });

  it("words an adjusted Rand index between two segmentations", () => {
    expect([1, 0.9, 0.89, 0.5, 0.49, 0.2, 0.19, 0, -0.1].map(ariVerdict)).toEqual([
      "nearly the same segments",
      "nearly the same segments",
      "broadly similar segments",
      "broadly similar segments",
      "partly overlapping segments",
      "partly overlapping segments",
      "different segmentations",
      "different segmentations",
      "different segmentations",
    ]);
  });
});
