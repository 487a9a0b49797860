import { describe, expect, it } from "vitest";
import { LANGUAGES } from "../domain/languages";
import { NAMESPACES } from ".";
import { bundledI18n as createI18n, resources } from "./resources";

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
  it("every language has every key of English, in its own plural forms, and no stray keys", () => {
    for (const namespace of NAMESPACES) {
      const english = [...textOf("en", namespace).keys()];
      for (const language of LANGUAGES) {
        const keys = [...textOf(language, namespace).keys()].filter((k) => !/_zero$/.test(k)).sort();
        expect(keys, `${language}/${namespace}.json`).toEqual(expectedKeys(language, english));
      }
    }
  });

  it("plurals follow each language's rules (Lithuanian and Slovenian have more than two forms): 1, 2, 5 and 21", () => {
    const points = (language: (typeof LANGUAGES)[number]) =>
      [1, 2, 5, 21].map((count) => createI18n(language).t("results.rawScore", { count }));
    expect(points("en")).toEqual(["1 point", "2 points", "5 points", "21 points"]);
    expect(points("hu")).toEqual(["1 pont", "2 pont", "5 pont", "21 pont"]);
    expect(points("lt")).toEqual(["1 taškas", "2 taškai", "5 taškai", "21 taškas"]);
    expect(points("sl")).toEqual(["1 točka", "2 točki", "5 točk", "21 točk"]);
    const joined = (count: number) => createI18n("lt").t("workshop.joinedCount", { count });
    expect(joined(10)).toBe("Prisijungė 10 dalyvių");
    const sl = (count: number) => createI18n("sl").t("workshop.joinedCount", { count });
    expect([1, 2, 3, 5].map(sl)).toEqual([
      "Pridružil se je 1 udeleženec",
      "Pridružila sta se 2 udeleženca",
      "Pridružili so se 3 udeleženci",
      "Pridružilo se je 5 udeležencev",
    ]);
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
