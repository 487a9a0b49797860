import { describe, expect, it } from "vitest";
import { createI18n } from ".";
import en, { PARTICIPANT_GROUPS } from "./en";
import hu from "./hu";

/** Every leaf key of a nested resource object, as "a.b.c". */
function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("cover every participant and projector string in Hungarian", () => {
    for (const group of PARTICIPANT_GROUPS) {
      const missing = keys(en[group], group).filter((key) => !keys(hu[group], group).includes(key));
      expect(missing, `missing Hungarian strings in ${group}`).toEqual([]);
    }
  });

  it("keep interpolation placeholders identical across languages", () => {
    const placeholders = (s: string) => (s.match(/{{\w+}}/g) ?? []).sort();
    const get = (obj: unknown, key: string) => key.split(".").reduce((o: unknown, k) => (o as Record<string, unknown>)?.[k], obj);
    for (const key of keys(hu)) {
      const english = get(en, key);
      if (typeof english === "string") expect(placeholders(get(hu, key) as string), key).toEqual(placeholders(english));
    }
  });

  it("render in the chosen language and fall back to English for facilitator-only screens", () => {
    const i18n = createI18n("hu");
    expect(i18n.t("phone.submit")).toBe("Csatlakozom");
    expect(i18n.t("helix.community.name")).toBe("Civil társadalom");
    expect(i18n.t("create.submit")).toBe("Create workshop");
    expect(createI18n("en").t("workshop.joinedCount", { count: 2 })).toBe("2 participants have joined");
  });
});
