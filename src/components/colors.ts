/**
 * Colours, the same on every page. Segments get a colour-blind-safe palette: Okabe & Ito's
 * ("Color Universal Design", 2008: blue, orange, bluish green, reddish purple, vermillion, sky blue,
 * yellow) and Paul Tol's wine, olive and indigo for segments 6, 8 and 9, so up to 10 segments stay
 * apart under the common colour-vision deficiencies. Segment n gets colour n mod 10. A colour never
 * carries meaning alone: every swatch sits next to the segment's name.
 *
 * Groups kept out of the clustering (net returners, …) are greys, darker than the grey of
 * "everyone" and "not yet a customer", so they never look like a segment.
 */
export const SEGMENT_COLORS: readonly string[] = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255", "#F0E442", "#999933", "#332288"];

export function segmentColor(segment: number): string {
  return SEGMENT_COLORS[segment % SEGMENT_COLORS.length];
}

/** Groups kept out of the clustering, by their index among the groups. */
export const GROUP_COLORS: readonly string[] = ["#5F5F5F", "#7E7E7E", "#A0A0A0"];

/**
 * A colour for every label code: the k segments' colours, then one grey per group (codes k …), for
 * the views that index colours by code (migration matrix and Sankey, flows).
 */
export function labelColors(segments: number, groups: number): string[] {
  return [...Array.from({ length: segments }, (_, s) => segmentColor(s)), ...Array.from({ length: groups }, (_, g) => GROUP_COLORS[g % GROUP_COLORS.length])];
}

/** Customer share against revenue share, and the "everyone" comparison bars. */
export const CUSTOMER_SHARE_COLOR = "#9aa5b1";
export const REVENUE_SHARE_COLOR = "#0072B2";
export const HIGHLIGHT_COLOR = "#D55E00";
