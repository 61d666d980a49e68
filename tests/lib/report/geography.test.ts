// The pure geography module (src/lib/report/geography.ts): Online Retail's country names matched to the
// boundary file the map draws (world-atlas's Natural Earth 1:110m, read from node_modules), the columns read
// as a country, and the note when the country is the lines'.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { atlasCountryName, fromLinesNote, geographyColumns, geographySection } from "../../../src/lib/report/geography.js";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf-8"));
const ATLAS: string[] = topology.objects.countries.geometries.map((g: { properties: { name: string } }) => g.properties.name);

/** The Country values of the UCI Online Retail export (../shared/datasets/online-retail), all 38. */
const ONLINE_RETAIL = [
  "Australia", "Austria", "Bahrain", "Belgium", "Brazil", "Canada", "Channel Islands", "Cyprus", "Czech Republic", "Denmark",
  "EIRE", "European Community", "Finland", "France", "Germany", "Greece", "Hong Kong", "Iceland", "Israel", "Italy", "Japan",
  "Lebanon", "Lithuania", "Malta", "Netherlands", "Norway", "Poland", "Portugal", "RSA", "Saudi Arabia", "Singapore", "Spain",
  "Sweden", "Switzerland", "USA", "United Arab Emirates", "United Kingdom", "Unspecified",
];

describe("atlasCountryName", () => {
  it("matches Online Retail's names to the boundary file's, through the aliases where they differ", () => {
    const matched = Object.fromEntries(ONLINE_RETAIL.map((c) => [c, atlasCountryName(c, ATLAS)]));
    expect({ EIRE: matched.EIRE, USA: matched.USA, RSA: matched.RSA, "Czech Republic": matched["Czech Republic"] }).toEqual({
      EIRE: "Ireland",
      USA: "United States of America",
      RSA: "South Africa",
      "Czech Republic": "Czechia",
    });
    // No shape at 1:110m (small states), or no country at all: listed under the map with their customers.
    expect(ONLINE_RETAIL.filter((c) => matched[c] === null)).toEqual(["Bahrain", "Channel Islands", "European Community", "Hong Kong", "Malta", "Singapore", "Unspecified"]);
    // Every other name is the boundary file's own.
    for (const c of ONLINE_RETAIL) if (matched[c] !== null && !["EIRE", "USA", "RSA", "Czech Republic"].includes(c)) expect(matched[c]).toBe(c);
  });

  it("ignores case, accents and separators, and maps nothing it does not know", () => {
    expect(atlasCountryName("united kingdom", ATLAS)).toBe("United Kingdom");
    expect(atlasCountryName("Côte d'Ivoire", ATLAS)).toBe("Côte d'Ivoire");
    expect(atlasCountryName("U.S.A.", ATLAS)).toBe("United States of America");
    expect(atlasCountryName("Other", ATLAS)).toBeNull();
    expect(atlasCountryName("(missing)", ATLAS)).toBeNull();
    expect(atlasCountryName("", ATLAS)).toBeNull();
  });
});

describe("geographyColumns", () => {
  it("reads the lines' country column and the customers export's spellings as the country", () => {
    expect(geographyColumns(["rfm_segment", "country"])).toEqual({ country: "country", region: null });
    expect(geographyColumns(["Country Code", "State"])).toEqual({ country: "Country Code", region: "State" });
    expect(geographyColumns(["city"])).toEqual({ country: null, region: null });
  });
});

describe("geographySection", () => {
  const labels = Int32Array.from([0, 0, 1, 1, 1, 0]);
  const country = ["United Kingdom", "United Kingdom", "United Kingdom", "France", null, "United Kingdom"];

  it("keeps where the country came from only when there is a country", () => {
    const fromLines = { column: "Country", multiCountry: 2 };
    const withCountry = geographySection({ country }, { country: "country", region: null }, labels, 2, fromLines);
    expect(withCountry.geography.fromLines).toEqual(fromLines);
    expect(withCountry.geography.country!.profile.everyone.reduce((s, v) => s + v.customers, 0)).toBe(6);
    // United Kingdom's 4 customers and France's 1 are under 5: both in "Other", and named there.
    expect(withCountry.geography.country!.profile.values).toEqual(["Other", "(missing)"]);
    expect(withCountry.geography.country!.other).toEqual([{ value: "United Kingdom", customers: 4 }, { value: "France", customers: 1 }]);
    expect(geographySection({}, { country: null, region: null }, labels, 2, fromLines).geography.fromLines).toBeNull();
  });
});

describe("fromLinesNote", () => {
  it("names the column and says how many customers bought from more than one country", () => {
    expect(fromLinesNote({ column: "Country", multiCountry: 1234 })).toBe(
      "Each customer's country is read from the transactions export's Country column: 1,234 customers bought from more than one country; each is placed in the country of most of their lines (a tie: the latest line's).",
    );
    expect(fromLinesNote({ column: "Country", multiCountry: 1 })).toContain("1 customer bought from more than one country");
    expect(fromLinesNote({ column: "ship_country", multiCountry: 0 })).toBe("Each customer's country is read from the transactions export's ship_country column: no customer's lines name more than one country.");
  });
});
