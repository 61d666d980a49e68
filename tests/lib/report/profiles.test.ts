import { describe, expect, it } from "vitest";
import { profileAttribute, profiledColumns, profileFeature } from "../../../src/lib/report/profiles.js";

describe("profiledColumns", () => {
  it("takes the numeric features present and the text attributes, leaving out features, ids and category shares", () => {
    const columns = [
      { name: "customer_id", type: "VARCHAR" },
      { name: "monetary", type: "DOUBLE" },
      { name: "recency_days", type: "INTEGER" },
      { name: "rfm_segment", type: "VARCHAR" },
      { name: "first_purchase", type: "DATE" },
      { name: "share_Sale", type: "DOUBLE" },
      { name: "city", type: "VARCHAR" },
      { name: "age_band", type: "VARCHAR" },
      { name: "loyalty_points", type: "BIGINT" },
    ];
    // Features in NUMERIC_FEATURES order (recency first), attributes in table order; age_band is derived but an attribute.
    // A numeric attribute of the customers export (loyalty points) is profiled as a number, after the features.
    expect(profiledColumns(columns)).toEqual({ features: ["recency_days", "monetary", "loyalty_points"], attributes: ["city", "age_band"], dates: [] });
  });
});

describe("profileFeature", () => {
  it("labels the distribution with the feature's name and meaning", () => {
    const p = profileFeature("recency_days", [1, 2, 3, 4], [0, 0, 1, 1], 2);
    expect(p).toMatchObject({ feature: "recency_days", label: "Recency days", description: "Days from the last purchase to the as-of date" });
    expect(p.segments).toHaveLength(2);
  });
});

describe("profileAttribute", () => {
  const labels = Array.from({ length: 10 }, (_, i) => (i < 5 ? 0 : 1));

  it("profiles dates by year, labelled as a year", () => {
    // Values held by fewer than 5 customers would be "Other": five a year here.
    const dates = ["2021-03-01", "2021-07-09", "2021-01-01", "2021-12-31", "2021-05-05", "2022-01-02", "2022-02-02", "2022-03-03", "2022-04-04", "2022-05-05T10:00:00", null];
    const p = profileAttribute("signup_date", dates, [...labels, 1], 2);
    expect(p.label).toBe("Signup year");
    expect(p.group).toBe("acquisition");
    expect(p.values).toEqual(["2021", "2022", "(missing)"]);
    expect(p.segments[0]).toEqual([
      { value: "2021", customers: 5, share: 1 },
      { value: "2022", customers: 0, share: 0 },
      { value: "(missing)", customers: 0, share: 0 },
    ]);
  });

  it("profiles other text as is", () => {
    const cities = ["Leeds", "Leeds", "Leeds", "Leeds", "Leeds", "York", "York", "York", "York", "York"];
    const p = profileAttribute("city", cities, labels, 2);
    expect(p).toMatchObject({ attribute: "city", label: "City", group: "geography", values: ["Leeds", "York"] });
  });
});
