import { describe, expect, it } from "vitest";
import { languageFromAcceptHeader } from "./languages";
import { canChangeProfile } from "./participant";
import { fieldErrorsFrom } from "./result";
import {
  createWorkshopSchema,
  joinCodeSchema,
  participantProfileSchema,
  settingsWithDefaults,
  signupSchema,
  workshopLanguagesSchema,
  workshopSettingsSchema,
} from "./schemas";

const errorsOf = (result: { success: boolean; error?: unknown }) =>
  result.success ? {} : fieldErrorsFrom(result.error as Parameters<typeof fieldErrorsFrom>[0]);

describe("sign-up input", () => {
  it("normalises the email and requires a long enough password", () => {
    const ok = signupSchema.safeParse({ name: " Eszter ", email: " Eszter@Example.ORG ", password: "0123456789" });
    expect(ok.success && ok.data).toEqual({ name: "Eszter", email: "eszter@example.org", password: "0123456789" });
    expect(errorsOf(signupSchema.safeParse({ name: "", email: "nope", password: "short" }))).toEqual({
      name: { key: "required" },
      email: { key: "invalidEmail" },
      password: { key: "tooShort", values: { min: 10 } },
    });
  });
});

describe("a new workshop", () => {
  it("needs a title and a host; optional fields left empty are absent; settings get defaults", () => {
    const parsed = createWorkshopSchema.safeParse({
      title: "Peer review",
      hostOrganisation: "MediKlaszter",
      theme: "",
      venue: "  ",
    });
    expect(parsed.success).toBe(true);
    if (!parsed.success) return;
    expect(parsed.data.theme).toBeUndefined();
    expect(parsed.data.venue).toBeUndefined();
    expect(parsed.data.anonymity).toBe("anonymous");
    expect(parsed.data.roles).toEqual(["local_stakeholder", "international_peer", "observer"]);
    expect(workshopSettingsSchema.parse({})).toEqual({
      anonymity: "anonymous",
      roles: ["local_stakeholder", "international_peer", "observer"],
      helices: ["government", "academia", "business", "community"],
      languages: ["en", "hu", "lt", "sl"],
      defaultLanguage: "en",
      timerSound: false,
    });
  });

  it("offers the languages the facilitator picks, with a default among them", () => {
    const parsed = createWorkshopSchema.parse({
      title: "T",
      hostOrganisation: "H",
      languages: ["en", "lt"],
      defaultLanguage: "lt",
    });
    expect([parsed.languages, parsed.defaultLanguage]).toEqual([["en", "lt"], "lt"]);
    expect(
      errorsOf(createWorkshopSchema.safeParse({ title: "T", hostOrganisation: "H", languages: ["en"], defaultLanguage: "lt" })),
    ).toEqual({
      defaultLanguage: { key: "defaultLanguageNotOffered" },
    });
    expect(errorsOf(workshopLanguagesSchema.safeParse({ languages: [], defaultLanguage: "en" }))).toMatchObject({
      languages: { key: "pickAtLeast", values: { count: 1 } },
    });
  });

  it("reads a workshop stored before it had languages as offering all, in English", () => {
    const stored = { anonymity: "named" as const, roles: ["observer" as const], helices: ["academia" as const] };
    expect(settingsWithDefaults(stored)).toMatchObject({ ...stored, languages: ["en", "hu", "lt", "sl"], defaultLanguage: "en" });
    expect(settingsWithDefaults({ ...stored, languages: ["en", "hu"], defaultLanguage: "sl" }).defaultLanguage).toBe("en");
  });

  it("refuses a blank title, an over-long one, no roles, and a last day before the first", () => {
    expect(errorsOf(createWorkshopSchema.safeParse({ title: "   ", hostOrganisation: "x" }))).toEqual({
      title: { key: "required" },
    });
    expect(errorsOf(createWorkshopSchema.safeParse({ title: "x".repeat(161), hostOrganisation: "x" }))).toEqual({
      title: { key: "tooLong", values: { max: 160 } },
    });
    expect(errorsOf(createWorkshopSchema.safeParse({ title: "t", hostOrganisation: "h", roles: [] }))).toEqual({
      roles: { key: "pickAtLeast", values: { count: 1 } },
    });
    expect(
      errorsOf(
        createWorkshopSchema.safeParse({ title: "t", hostOrganisation: "h", startsOn: "2024-11-15", endsOn: "2024-11-14" }),
      ),
    ).toEqual({
      endsOn: { key: "endBeforeStart" },
    });
    expect(errorsOf(createWorkshopSchema.safeParse({ title: "t", hostOrganisation: "h", roles: ["wizard"] }))).toHaveProperty(
      "roles.0",
    );
  });
});

describe("joining", () => {
  it("accepts a code as typed and refuses anything that cannot be a code", () => {
    expect(joinCodeSchema.parse("k7x-mqp")).toBe("K7XMQP");
    expect(joinCodeSchema.safeParse("hello!").success).toBe(false);
    expect(joinCodeSchema.safeParse(42).success).toBe(false);
  });

  it("needs a helix and a role from the lists; everything else is optional", () => {
    expect(participantProfileSchema.safeParse({ helix: "community", role: "observer" }).success).toBe(true);
    expect(errorsOf(participantProfileSchema.safeParse({ helix: "media", role: "observer" }))).toEqual({
      helix: { key: "invalidChoice" },
    });
    expect(errorsOf(participantProfileSchema.safeParse({ role: "observer" }))).toEqual({ helix: { key: "required" } });
    expect(errorsOf(participantProfileSchema.safeParse({ helix: null, role: "observer" }))).toEqual({
      helix: { key: "required" },
    });
  });

  it("lets a participant change who they speak for only until their first contribution", () => {
    expect(canChangeProfile(0)).toBe(true);
    expect(canChangeProfile(1)).toBe(false);
  });
});

describe("the language of a phone", () => {
  it("follows Accept-Language among the languages we speak, else English", () => {
    expect(languageFromAcceptHeader("hu-HU,hu;q=0.9,en;q=0.8")).toBe("hu");
    expect(languageFromAcceptHeader("de-DE,de;q=0.9,hu;q=0.5")).toBe("hu");
    expect(languageFromAcceptHeader("de-DE,fr;q=0.9")).toBe("en");
    expect(languageFromAcceptHeader("en;q=0.2,hu;q=0.8")).toBe("hu");
    expect(languageFromAcceptHeader(null)).toBe("en");
  });
});
