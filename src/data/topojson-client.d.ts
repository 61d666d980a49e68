// topojson-client ships no types; the loader uses `feature` only.
declare module "topojson-client" {
  export function feature(topology: unknown, object: unknown): unknown;
}
