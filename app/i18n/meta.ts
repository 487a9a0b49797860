import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../domain/languages";
import { createI18n } from ".";

const instances = new Map<Language, ReturnType<typeof createI18n>>();
const i18nFor = (language: Language) => {
  const instance = instances.get(language) ?? createI18n(language);
  instances.set(language, instance);
  return instance;
};

/** The page's language, as the root loader chose it. */
function languageOf(matches: readonly { id: string; data: unknown }[]): Language {
  const language = (matches.find((m) => m.id === "root")?.data as { language?: unknown } | undefined)?.language;
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/**
 * The browser tab's title in the page's language: "<page> — Helix Review", where the page is a
 * translated key or a name the user wrote (a workshop's title).
 */
export function pageTitle(matches: readonly { id: string; data: unknown }[], page: { key: string } | string): MetaDescriptor {
  const t = i18nFor(languageOf(matches)).t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return { title: t("meta.title", { page: typeof page === "string" ? page : t(page.key) }) };
}
