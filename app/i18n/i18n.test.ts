import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../domain/languages";
import { createI18n, NAMESPACES, resources } from ".";

/** Every leaf key of a nested resource object, as "a.b.c", with its text. */
function leaves(value: unknown, prefix = ""): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (typeof value !== "object" || value === null) return [[prefix, String(value)]];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

const PLURAL = /_(zero|one|two|few|many|other)$/;

/**
 * The keys a language must have, given English's: a plural key stands for its base, which takes
 * the forms the language's own plural rules have (Lithuanian and Slovenian have more than two).
 */
function expectedKeys(language: string, english: string[]) {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const plain = english.filter((k) => !PLURAL.test(k));
  const plurals = [...new Set(english.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")))];
  return [...plain, ...plurals.flatMap((base) => categories.map((c) => `${base}_${c}`))].sort();
}

const textOf = (language: keyof typeof resources, namespace: (typeof NAMESPACES)[number]) =>
  new Map(leaves((resources[language] as Record<string, unknown>)[namespace] ?? {}));

describe("translations", () => {
  it("every language has every key of English in the room's namespace, in its own plural forms, and no stray keys", () => {
    const english = [...textOf("en", "room").keys()];
    for (const language of LANGUAGES) {
      const keys = [...textOf(language, "room").keys()].filter((k) => !/_zero$/.test(k)).sort();
      expect(keys, `${language}/room.json`).toEqual(expectedKeys(language, english));
    }
  });

  it("keep interpolation placeholders identical across languages", () => {
    const placeholders = (s: string) => [...new Set(s.match(/{{\w+}}/g) ?? [])].sort();
    for (const namespace of NAMESPACES) {
      const english = textOf("en", namespace);
      const source = (key: string) => english.get(key) ?? english.get(`${key.replace(PLURAL, "")}_other`);
      for (const language of LANGUAGES) {
        for (const [key, text] of textOf(language, namespace)) {
          const original = source(key);
          if (original === undefined) continue;
          // A plural form may leave the count out ("egy pont"), never add a placeholder English lacks.
          const withoutCount = (list: string[]) => (PLURAL.test(key) ? list.filter((p) => p !== "{{count}}") : list);
          expect(withoutCount(placeholders(text)), `${language}/${namespace}.json ${key}`).toEqual(
            withoutCount(placeholders(original)),
          );
        }
      }
    }
  });

  it("render in the chosen language, from either namespace, without naming it", () => {
    const i18n = createI18n("hu");
    expect(i18n.t("phone.submit")).toBe("Csatlakozom");
    expect(i18n.t("helix.community.name")).toBe("Civil társadalom");
    expect(createI18n("en").t("create.submit")).toBe("Create workshop");
    expect(createI18n("en").t("workshop.joinedCount", { count: 2 })).toBe("2 participants have joined");
  });
});
