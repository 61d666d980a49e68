/** Segment colours: Tableau 10 (d3.schemeTableau10), segment n gets colour n mod 10, on every page. */
export const SEGMENT_COLORS: readonly string[] = ["#4e79a7", "#f28e2c", "#e15759", "#76b7b2", "#59a14f", "#edc949", "#af7aa1", "#ff9da7", "#9c755f", "#bab0ab"];

export function segmentColor(segment: number): string {
  return SEGMENT_COLORS[segment % SEGMENT_COLORS.length];
}

/** Customer share against revenue share, and the "everyone" comparison bars. */
export const CUSTOMER_SHARE_COLOR = "#9aa5b1";
export const REVENUE_SHARE_COLOR = "#4269d0";
export const HIGHLIGHT_COLOR = "#e15759";
