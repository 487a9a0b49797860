import { describe, expect, it } from "vitest";
import { formatters } from "./format";

describe("numbers and dates in the interface language", () => {
  it("write scores with the language's decimal mark and at most two decimals", () => {
    expect(formatters("en").score(1.23456)).toBe("1.23");
    expect(formatters("hu").score(1.5)).toBe("1,5");
    expect(formatters("lt").score(0.333)).toBe("0,33");
    expect(formatters("en").number(1234)).toBe("1,234");
  });

  it("write a stored day as that day, in the language's words", () => {
    expect(formatters("en").date("2024-11-14")).toBe("Nov 14, 2024");
    expect(formatters("hu").date("2024-11-14")).toBe("2024. nov. 14.");
    expect(formatters("en").date("not a date")).toBe("not a date");
  });

  it("write a workshop's days as one range, or the one day given", () => {
    expect(formatters("en").dateRange("2024-11-14", "2024-11-15")).toMatch(/^Nov 14\s–\s15, 2024$/);
    expect(formatters("en").dateRange("2024-11-14", null)).toBe("Nov 14, 2024");
    expect(formatters("en").dateRange(null, null)).toBeNull();
  });

  it("join lists the language's way", () => {
    expect(formatters("en").list(["English", "Magyar", "Lietuvių"])).toBe("English, Magyar, and Lietuvių");
    expect(formatters("hu").list(["A", "B", "C"])).toBe("A, B és C");
  });
});
