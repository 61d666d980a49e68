// The data-quality page's data is published: it must not carry the analyst's absolute paths or personal data.
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../../pipeline/run.js";
import { qualityPageData } from "../../../pipeline/report/quality.js";

describe("qualityPageData", () => {
  it("shows inputs outside the project by file name only and hides personal data in rejected rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "quality-"));
    copyFileSync("tests/fixtures/small/transactions.csv", join(dir, "orders.csv"));
    copyFileSync("tests/fixtures/small/customers.csv", join(dir, "people.csv"));
    const config = join(dir, "config.json");
    writeFileSync(config, JSON.stringify({ inputs: { transactions: "orders.csv", customers: "people.csv" }, segmentation: { k: 2 } }));
    const data = await qualityPageData(await runPipeline(config));
    expect(data.quality.transactions!.file).toBe("orders.csv");
    expect(data.quality.customers?.file).toBe("people.csv");
    expect(data.rejectSamples.map((r) => r.source_file).sort()).toEqual(["orders.csv", "orders.csv", "orders.csv", "orders.csv", "orders.csv", "people.csv", "people.csv"]);
    const text = JSON.stringify(data);
    expect(text).not.toContain(dir);
    // The duplicate customer row in people.csv holds a name and an email: both hidden.
    expect(text).not.toContain("ann2@example.com");
    expect(text).not.toContain("Ann again");
    expect(text).toContain("(personal data hidden)");
  });
});
