import type { MetaDescriptor } from "@remix-run/node";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../domain/languages";
import { createI18n, type LanguageStrings } from ".";

const instances = new WeakMap<LanguageStrings, ReturnType<typeof createI18n>>();

/** The page's language and its strings, as the root loader chose and sent them. */
function i18nOf(matches: readonly { id: string; data: unknown }[]) {
  const root = matches.find((m) => m.id === "root")?.data as { language?: unknown; strings?: LanguageStrings } | undefined;
  const language: Language = isLanguage(root?.language) ? root.language : DEFAULT_LANGUAGE;
  if (!root?.strings) return createI18n(language, undefined);
  const instance = instances.get(root.strings) ?? createI18n(language, root.strings);
  instances.set(root.strings, instance);
  return instance;
}

/**
 * The browser tab's title in the page's language: "<page> — Helix Review", where the page is a
 * translated key or a name the user wrote (a workshop's title).
 */
export function pageTitle(matches: readonly { id: string; data: unknown }[], page: { key: string } | string): MetaDescriptor {
  const t = i18nOf(matches).t as unknown as (key: string, values?: Record<string, unknown>) => string;
  return { title: t("meta.title", { page: typeof page === "string" ? page : t(page.key) }) };
}
