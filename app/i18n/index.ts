import i18next, { type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LANGUAGE, type Language } from "../domain/languages";
import enFacilitator from "./locales/en/facilitator.json";
import enRoom from "./locales/en/room.json";
import huFacilitator from "./locales/hu/facilitator.json";
import huRoom from "./locales/hu/room.json";

/**
 * The interface's strings: one JSON file per language and namespace under `locales/` (what
 * translators and their tools expect). `room` is what phones and the projector show (and the
 * shared chrome); `facilitator` the facilitator's screens. Keys are unique across namespaces, so a
 * component asks for `t("create.submit")` without naming one (the room namespace first, then the
 * facilitator's).
 */
export const NAMESPACES = ["room", "facilitator"] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  en: { room: enRoom, facilitator: enFacilitator },
  hu: { room: huRoom, facilitator: huFacilitator },
  // TODO(lead): lt/sl files land from the translation branches
  lt: { room: enRoom, facilitator: enFacilitator },
  sl: { room: enRoom, facilitator: enFacilitator },
} as const satisfies Record<Language, Partial<Record<Namespace, object>>>;

/**
 * One i18next instance per render, initialised synchronously from bundled resources, so the
 * server and the browser render the same text and hydration matches.
 */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    ns: NAMESPACES,
    defaultNS: "room",
    fallbackNS: "facilitator",
    resources,
    interpolation: { escapeValue: false }, // React escapes.
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}
