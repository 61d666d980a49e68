/**
 * Plot.plot for every chart of the site, with the accessibility fix of a11y.ts applied
 * (accessibleChart): `plot({...})` takes and gives what Plot.plot does.
 */
import * as Plot from "npm:@observablehq/plot";
import { accessibleChart } from "./a11y.js";

export function plot(options: Parameters<typeof Plot.plot>[0]): ReturnType<typeof Plot.plot> {
  return accessibleChart(Plot.plot(options));
}
