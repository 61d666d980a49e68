import { describe, expect, it } from "vitest";
import { formatMoney, moneyFormatter, moneyLabel } from "../../../src/lib/io/format.js";

describe("formatMoney", () => {
  it("shows whole units with the currency when it is known, and a plain number when not", () => {
    expect(formatMoney(1234.5)).toBe("1,235");
    expect(formatMoney(1234.5, null)).toBe("1,235");
    expect(formatMoney(1234.5, "GBP")).toBe("£1,235");
    expect(formatMoney(-40, "EUR")).toBe("-€40");
    expect(formatMoney(8278519.42, "USD")).toBe("US$8,278,519");
    expect(formatMoney(1500, "JPY")).toBe("JP¥1,500");
  });

  it("gives a formatter for one currency and money column headings", () => {
    expect(moneyFormatter("GBP")(2.5)).toBe("£3");
    expect(moneyLabel("Revenue", "GBP")).toBe("Revenue (GBP)");
    expect(moneyLabel("Revenue", null)).toBe("Revenue");
  });
});
