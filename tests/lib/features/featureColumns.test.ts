import { describe, expect, it } from "vitest";
import { customerAttributeColumns, describeFeature } from "../../../src/lib/features/featureColumns.js";
import { FEATURE_COLUMNS } from "../../../src/lib/features/featureSql.js";

describe("describeFeature", () => {
  it("describes known features, category shares and nothing else", () => {
    expect(describeFeature("monetary")).toBe(FEATURE_COLUMNS.monetary);
    expect(describeFeature("share_home_decor")).toBe("Share of product purchase revenue in home decor");
    expect(describeFeature("city")).toBe("");
    expect(describeFeature("toString")).toBe(""); // not an inherited property
    expect(describeFeature("p_alive")).toMatch(/^Probability the customer is still active/);
  });
});

describe("customerAttributeColumns", () => {
  it("keeps the attributes and age band, not features or shares", () => {
    expect(customerAttributeColumns(["customer_id", "monetary", "share_toys", "city", "age_band", "rfm_segment"])).toEqual(["city", "age_band"]);
    // The CLV step's predictions are features too.
    expect(customerAttributeColumns(["customer_id", "city", "p_alive", "expected_purchases", "expected_value", "clv"])).toEqual(["city"]);
  });
});
