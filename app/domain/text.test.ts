import { describe, expect, it } from "vitest";
import { submitContributionSchema } from "./contributions";
import { participantProfileSchema } from "./schemas";
import { lineOfText, normalizeText, text } from "./text";

describe("text as it enters", () => {
  it("is NFC: a decomposed Hungarian letter is stored composed", () => {
    expect(normalizeText("Go\u0308do\u0308llo\u030b", { multiline: false })).toBe("Gödöllő");
  });

  it("loses control characters but keeps newlines and tabs in several lines", () => {
    expect(normalizeText("a\u0000b\u001b[31mc\u007fd\u0085e", { multiline: true })).toBe("ab[31mcde");
    expect(normalizeText("one\r\ntwo\rthree\tfour", { multiline: true })).toBe("one\ntwo\nthree\tfour");
    expect(normalizeText("one\r\ntwo\tthree", { multiline: false })).toBe("one two three");
  });

  it("loses bidi overrides, embeddings, isolates and marks, so typed text cannot display reversed", () => {
    expect(normalizeText("invoice\u202Efdp.exe", { multiline: false })).toBe("invoicefdp.exe");
    expect(normalizeText("\u2066a\u2069\u202Ab\u202C\u200Fc", { multiline: false })).toBe("abc");
  });

  it("is trimmed and bounded after cleaning: a title of control characters only is empty", () => {
    expect(lineOfText({ min: 1, max: 5 }).safeParse("\u0000\u202E ").success).toBe(false);
    expect(lineOfText({ min: 1, max: 5 }).parse("  Hi\u0007  ")).toBe("Hi");
    expect(text({ max: 3 }).safeParse("abcd").success).toBe(false);
  });

  it("is what every text field of the domain stores", () => {
    const challenge = submitContributionSchema.parse({
      kind: "challenge",
      clientId: "client-0001",
      title: "Fees\u202E keep\u0000 SMEs out",
      body: "Line one\r\nline two\u001b",
    });
    expect(challenge).toMatchObject({ title: "Fees keep SMEs out", body: "Line one\nline two" });
    const profile = participantProfileSchema.parse({
      helix: "business",
      role: "local_stakeholder",
      displayName: "Bence\u202E\n",
    });
    expect(profile.displayName).toBe("Bence");
  });
});
