import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, type Language } from "../domain/languages";

/**
 * The interface's strings: one JSON file per language and namespace under `locales/` (what
 * translators and their tools expect). `room` is what phones and the projector show (and the
 * shared chrome); `facilitator` the facilitator's screens. Keys are unique across namespaces, so a
 * component asks for `t("create.submit")` without naming one (the room namespace first, then the
 * facilitator's).
 */
export const NAMESPACES = ["room", "facilitator"] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** One language's strings, by namespace (the shape of locales/<language>/*.json). */
export type LanguageStrings = Record<Namespace, Record<string, unknown>>;

/**
 * One i18next instance per render, initialised synchronously from the page's language's strings
 * (all of them bundled on the server — ./resources; in the browser, the root loader's data), so
 * the server and the browser render the same text and hydration matches.
 */
export function createI18n(language: Language, strings: LanguageStrings | undefined): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: NAMESPACES,
    defaultNS: "room",
    fallbackNS: "facilitator",
    resources: strings ? { [language]: strings } : {},
    interpolation: { escapeValue: false }, // React escapes.
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
