import { describe, expect, it } from "vitest";
import { historyDates, monthsBefore, periodsBefore } from "../../../src/lib/report/historyDates.js";

describe("history dates", () => {
  it("steps back whole calendar months from the as-of date, clamping to a shorter month's last day", () => {
    expect(monthsBefore("2011-12-10", 1)).toBe("2011-11-10");
    expect(monthsBefore("2011-12-10", 12)).toBe("2010-12-10");
    expect(monthsBefore("2024-03-31", 1)).toBe("2024-02-29");
    expect(monthsBefore("2023-03-31", 1)).toBe("2023-02-28");
    expect(monthsBefore("2024-01-31", 2)).toBe("2023-11-30");
    expect(monthsBefore("2025-01-01", 0)).toBe("2025-01-01");
    expect(monthsBefore("2025-01-15", 25)).toBe("2022-12-15");
  });

  it("counts every date from the as-of date, so the day of the month does not drift after February", () => {
    expect(historyDates("2024-05-31", "month", 4)).toEqual(["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31"]);
  });

  it("gives count + 1 dates, oldest first, ending at the as-of date", () => {
    const dates = historyDates("2011-12-10", "month", 12);
    expect(dates).toHaveLength(13);
    expect(dates[0]).toBe("2010-12-10");
    expect(dates.at(-1)).toBe("2011-12-10");
    expect([...dates].sort()).toEqual(dates);
    expect(historyDates("2025-01-01", "quarter", 4)).toEqual(["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01", "2025-01-01"]);
    expect(historyDates("2025-01-01", "week", 3)).toEqual(["2024-12-11", "2024-12-18", "2024-12-25", "2025-01-01"]);
  });

  it("weeks are 7 days in UTC, across a daylight-saving change and a leap day", () => {
    expect(periodsBefore("2024-03-31", "week", 1)).toBe("2024-03-24");
    expect(periodsBefore("2024-03-04", "week", 1)).toBe("2024-02-26");
    expect(periodsBefore("2024-03-07", "week", 1)).toBe("2024-02-29");
  });

  it("rejects a date that is not a real YYYY-MM-DD date", () => {
    expect(() => historyDates("2011-02-30", "month", 2)).toThrow('not a YYYY-MM-DD date: "2011-02-30"');
    expect(() => historyDates("12/10/2011", "week", 2)).toThrow("not a YYYY-MM-DD date");
    expect(() => historyDates("2011-12-10", "week", 0)).toThrow("a history needs a whole number of snapshots ≥ 1, got 0");
  });
});
