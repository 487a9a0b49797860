import { describe, expect, it } from "vitest";
import { acceptedLanguage, chooseLanguage, LANGUAGE_NAMES, LANGUAGES } from "./languages";

const enLt = { languages: ["en", "lt"] as const, defaultLanguage: "lt" as const };

describe("the language a screen speaks", () => {
  it("names every language in its own words", () => {
    expect(LANGUAGES.map((l) => LANGUAGE_NAMES[l])).toEqual(["English", "Magyar", "Lietuvių", "Slovenščina"]);
  });

  it("is the user's choice first, whatever the browser says", () => {
    expect(chooseLanguage({ chosen: "hu", acceptLanguage: "en-GB,en" })).toBe("hu");
    expect(chooseLanguage({ chosen: "en", acceptLanguage: "lt", workshop: enLt })).toBe("en");
  });

  it("then the browser's Accept-Language, best first", () => {
    expect(chooseLanguage({ chosen: null, acceptLanguage: "hu-HU,hu;q=0.9,en;q=0.8" })).toBe("hu");
    expect(chooseLanguage({ chosen: null, acceptLanguage: "de-DE,sl;q=0.5,lt;q=0.7" })).toBe("lt");
    expect(chooseLanguage({ chosen: null, acceptLanguage: "sl, hu" })).toBe("sl");
  });

  it("on a facilitator's page without a workshop falls back to English", () => {
    expect(chooseLanguage({ chosen: null, acceptLanguage: "de-DE,fr;q=0.9" })).toBe("en");
    expect(chooseLanguage({ chosen: null, acceptLanguage: null })).toBe("en");
  });

  it("on a workshop's phone falls back to the workshop's default when the browser asks for nothing it offers", () => {
    expect(chooseLanguage({ chosen: null, acceptLanguage: "de", workshop: enLt })).toBe("lt");
    expect(chooseLanguage({ chosen: null, acceptLanguage: null, workshop: enLt })).toBe("lt");
  });

  it("offers only the workshop's languages: a choice or a browser language it does not offer is passed over", () => {
    expect(chooseLanguage({ chosen: "hu", acceptLanguage: "de", workshop: enLt })).toBe("lt");
    expect(chooseLanguage({ chosen: "hu", acceptLanguage: "hu,en;q=0.5", workshop: enLt })).toBe("en");
  });

  it("ignores languages the browser refuses (q=0)", () => {
    expect(acceptedLanguage("hu;q=0, en;q=0.1")).toBe("en");
    expect(acceptedLanguage("hu;q=0")).toBeNull();
  });
});
