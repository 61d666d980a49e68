/**
 * A hand-made shop small enough to count by hand, for the actions' tests. Ten segmented customers
 * in two segments; every expected number in the tests is worked out in the comments here.
 *
 *   gardeners (4): g1 {SPADE, SEEDS, POST} + {MUG}, g2 {SPADE, SEEDS}, g3 {SPADE}, g4 {MUG} + a return
 *                  of SEEDS and a cancelled PAN (neither is a purchase)
 *   cooks (6):     c1 {PAN, MUG}, c2 {PAN, MUG}, c3 {PAN}, c4 {PAN} + {SPADE}, c5 {MUG},
 *                  c6 only {SEEDS} on 2024-03-05, after the as-of date 2024-02-01
 *   x1, not in the segment table, buys SPADE: not part of the base
 *
 * Before 2024-02-01, customers who bought each product: SPADE g1 g2 g3 c4 (4), SEEDS g1 g2 (2),
 * MUG g1 g4 c1 c2 c5 (5), PAN c1 c2 c3 c4 (4). With c6's order (no as-of): SEEDS 3.
 * Categories: Garden = SPADE, SEEDS; Kitchen = PAN, MUG; POST has none.
 * SPADE is named "Spade" on two lines and "spade " on one: its name is "Spade".
 */
import type { BoundValue } from "../../../src/lib/actions/params.js";
import { line } from "./engines.js";

export const AS_OF = "2024-02-01";

export const SHOP_LINES: BoundValue[][] = [
  line("g1", "O1", "2024-01-02 10:00:00", "SPADE", "Spade", "Garden", 1, 20),
  line("g1", "O1", "2024-01-02 10:00:00", "SEEDS", "Seeds", "Garden", 3, 2.5),
  line("g1", "O1", "2024-01-02 10:00:00", "POST", "Postage", null, 1, 4),
  line("g1", "O2", "2024-01-20 10:00:00", "MUG", "Mug", "Kitchen", 2, 5),
  line("g2", "O3", "2024-01-05 09:00:00", "SPADE", "Spade", "Garden", 1, 20),
  line("g2", "O3", "2024-01-05 09:00:00", "SEEDS", "Seeds", "Garden", 1, 2.5),
  line("g3", "O4", "2024-01-07 12:00:00", "SPADE", "spade ", "Garden", 1, 20),
  line("g4", "O5", "2024-01-08 12:00:00", "MUG", "Mug", "Kitchen", 1, 5),
  line("g4", "R1", "2024-01-09 12:00:00", "SEEDS", "Seeds", "Garden", -1, 2.5),
  line("g4", "C1", "2024-01-10 12:00:00", "PAN", "Pan", "Kitchen", -1, 30),
  line("c1", "O6", "2024-01-03 08:00:00", "PAN", "Pan", "Kitchen", 1, 30),
  line("c1", "O6", "2024-01-03 08:00:00", "MUG", "Mug", "Kitchen", 1, 5),
  line("c2", "O7", "2024-01-04 08:00:00", "PAN", "Pan", "Kitchen", 1, 30),
  line("c2", "O7", "2024-01-04 08:00:00", "MUG", "Mug", "Kitchen", 4, 5),
  line("c3", "O8", "2024-01-11 08:00:00", "PAN", "Pan", "Kitchen", 1, 30),
  line("c4", "O9", "2024-01-12 08:00:00", "PAN", "Pan", "Kitchen", 1, 30),
  line("c4", "O10", "2024-01-22 08:00:00", "SPADE", "Spade", "Garden", 1, 20),
  line("c5", "O11", "2024-01-15 08:00:00", "MUG", "Mug", "Kitchen", 1, 5),
  line("c6", "O12", "2024-03-05 08:00:00", "SEEDS", "Seeds", "Garden", 1, 2.5),
  line("x1", "O13", "2024-01-16 08:00:00", "SPADE", "Spade", "Garden", 1, 20),
];

export const SHOP_SEGMENTS: [string, string][] = [
  ["g1", "gardeners"],
  ["g2", "gardeners"],
  ["g3", "gardeners"],
  ["g4", "gardeners"],
  ["c1", "cooks"],
  ["c2", "cooks"],
  ["c3", "cooks"],
  ["c4", "cooks"],
  ["c5", "cooks"],
  ["c6", "cooks"],
];
