import { describe, expect, it } from "vitest";
import { siteMode } from "../../../src/lib/config/siteMode.js";

const bin = "/p/node_modules/@observablehq/framework/dist/bin/observable.js";

describe("siteMode", () => {
  it("is analyst for the dev server and published for the build, unless WORKBENCH_MODE says", () => {
    expect(siteMode({}, ["node", bin, "preview", "--no-open"])).toBe("analyst");
    expect(siteMode({}, ["node", bin, "build"])).toBe("published");
    expect(siteMode({}, ["node", "/p/node_modules/vitest/vitest.mjs", "run"])).toBe("published");
    expect(siteMode({ WORKBENCH_MODE: "analyst" }, ["node", bin, "build"])).toBe("analyst");
    expect(siteMode({ WORKBENCH_MODE: "published" }, ["node", bin, "preview"])).toBe("published");
    expect(siteMode({ WORKBENCH_MODE: " " }, ["node", bin, "preview", "--port", "3000"])).toBe("analyst");
  });

  it("refuses an unknown mode", () => {
    expect(() => siteMode({ WORKBENCH_MODE: "public" }, [])).toThrow(/WORKBENCH_MODE="public": expected analyst or published/);
  });
});
