// Country boundaries for the geography map, as GeoJSON: Natural Earth's 1:110m countries from the
// world-atlas package (node_modules, converted with topojson-client), so nothing is fetched at page time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { feature } from "topojson-client";

const require = createRequire(import.meta.url);
const topology = JSON.parse(readFileSync(require.resolve("world-atlas/countries-110m.json"), "utf-8"));
const countries = feature(topology, topology.objects.countries) as unknown as { features: { properties: { name: string } }[] };
// Only the shapes and names (ids and other properties are not used).
const features = countries.features.map((f) => ({ ...f, id: undefined, properties: { name: f.properties.name } }));
process.stdout.write(JSON.stringify({ type: "FeatureCollection", features }));
