/**
 * Where the segments' customers are: the feature table's country and region attributes (found by
 * name), each segment's make-up by them (profileCategorical: values held by fewer than 5 customers
 * are folded into "Other", so a lone customer cannot be singled out), for the map of each segment's
 * share by country and the table of its share by region. Country names as exports write them
 * ("EIRE", "USA", "UK") are matched to the boundary file's (Natural Earth's, from the world-atlas
 * package: "Ireland", "United States of America") by `atlasCountryName`; a value with no shape
 * (a small island, "Unspecified") is listed under the map with its customers, never dropped.
 */
import { profileCategorical, type CategoricalProfile } from "../segments/profile.js";

export interface GeographyColumn {
  /** The feature-table column. */
  column: string;
  /** Every code's make-up (segments, then groups kept out of the clustering). */
  profile: CategoricalProfile;
}

export interface GeographySection {
  geography: { country: GeographyColumn | null; region: GeographyColumn | null };
}

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Attribute names read as a country, and as a region, in order of preference. */
export const COUNTRY_COLUMNS: readonly string[] = ["country", "countryname", "countrycode", "nation", "billingcountry", "shippingcountry"];
export const REGION_COLUMNS: readonly string[] = ["region", "state", "province", "county", "territory", "salesregion", "area"];

/** The country and region columns among `columns` (text attributes), or null. */
export function geographyColumns(columns: readonly string[]): { country: string | null; region: string | null } {
  const find = (wanted: readonly string[]) => {
    for (const w of wanted) {
      const match = columns.find((c) => normalise(c) === w);
      if (match) return match;
    }
    return null;
  };
  return { country: find(COUNTRY_COLUMNS), region: find(REGION_COLUMNS) };
}

/** Enough values to keep every country of the world; rare ones are still folded by profileCategorical. */
const ALL_VALUES = 400;

/** The geography section from the columns' values (rows in label order) and every customer's label code. */
export function geographySection(values: { country?: ArrayLike<string | null>; region?: ArrayLike<string | null> }, names: { country: string | null; region: string | null }, labels: ArrayLike<number>, codes: number): GeographySection {
  const one = (column: string | null, v: ArrayLike<string | null> | undefined): GeographyColumn | null =>
    column && v ? { column, profile: profileCategorical(column, v, labels, codes, { top: ALL_VALUES }) } : null;
  return { geography: { country: one(names.country, values.country), region: one(names.region, values.region) } };
}

/**
 * Common spellings of countries in exports, as Natural Earth names them (the 110m boundary file's
 * `properties.name`). Keys are compared normalised (lower case, letters and digits).
 */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  eire: "Ireland",
  republicofireland: "Ireland",
  uk: "United Kingdom",
  gb: "United Kingdom",
  greatbritain: "United Kingdom",
  england: "United Kingdom",
  scotland: "United Kingdom",
  wales: "United Kingdom",
  northernireland: "United Kingdom",
  usa: "United States of America",
  us: "United States of America",
  unitedstates: "United States of America",
  america: "United States of America",
  rsa: "South Africa",
  czechrepublic: "Czechia",
  holland: "Netherlands",
  thenetherlands: "Netherlands",
  deutschland: "Germany",
  espana: "Spain",
  uae: "United Arab Emirates",
  korea: "South Korea",
  republicofkorea: "South Korea",
  russianfederation: "Russia",
  bosniaandherzegovina: "Bosnia and Herz.",
  northmacedonia: "Macedonia",
  dominicanrepublic: "Dominican Rep.",
  centralafricanrepublic: "Central African Rep.",
  democraticrepublicofthecongo: "Dem. Rep. Congo",
  ivorycoast: "Côte d'Ivoire",
  cotedivoire: "Côte d'Ivoire",
  swaziland: "eSwatini",
  eswatini: "eSwatini",
  fr: "France",
  de: "Germany",
  es: "Spain",
  nl: "Netherlands",
  ie: "Ireland",
  it: "Italy",
  be: "Belgium",
  pt: "Portugal",
  ch: "Switzerland",
  at: "Austria",
  se: "Sweden",
  no: "Norway",
  dk: "Denmark",
  fi: "Finland",
  pl: "Poland",
};

/** The boundary file's name for a country as an export writes it, or null when it has no shape there. */
export function atlasCountryName(value: string, atlasNames: readonly string[]): string | null {
  const key = normalise(value.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""));
  if (!key) return null;
  const byKey = new Map(atlasNames.map((name) => [normalise(name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")), name]));
  const direct = byKey.get(key);
  if (direct) return direct;
  const alias = COUNTRY_ALIASES[key];
  return alias && atlasNames.includes(alias) ? alias : null;
}
