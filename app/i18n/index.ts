import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, type Language } from "../domain/languages";
import en from "./en";
import hu from "./hu";

export const resources = { en: { translation: en }, hu: { translation: hu } } as const;

/**
 * One i18next instance per render, initialised synchronously from bundled resources, so the
 * server and the browser render the same text and hydration matches.
 */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources,
    interpolation: { escapeValue: false }, // React escapes.
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
