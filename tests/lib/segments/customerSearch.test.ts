import { describe, expect, it } from "vitest";
import { customerFromAddress, matchingIds } from "../../../src/lib/segments/customerSearch.js";

const ids = ["C001", "c002", "X 1", "<b>x</b>", "50%"];
const known = new Map(ids.map((id, i) => [id, i]));

describe("customer search", () => {
  it("takes the first known id from the address, decoded or not", () => {
    expect(customerFromAddress(["", "C001"], known)).toBe("C001");
    expect(customerFromAddress(["X%201", "C001"], known)).toBe("X 1");
    expect(customerFromAddress(["50%"], known)).toBe("50%"); // not valid percent-encoding: as written
    expect(customerFromAddress(["%3Cb%3Ex%3C%2Fb%3E"], known)).toBe("<b>x</b>");
    expect(customerFromAddress(["nobody", undefined], known)).toBe("");
  });

  it("matches exactly, else by case-insensitive containment up to the limit", () => {
    expect(matchingIds(" C001 ", ids, known)).toEqual({ needle: "C001", exact: "C001", matches: [] });
    expect(matchingIds("c00", ids, known)).toEqual({ needle: "c00", exact: null, matches: ["C001", "c002"] });
    expect(matchingIds("c00", ids, known, 1).matches).toEqual(["C001"]);
    expect(matchingIds("", ids, known)).toEqual({ needle: "", exact: null, matches: [] });
  });
});
