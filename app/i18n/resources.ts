import type { Language } from "../domain/languages";
import { createI18n, type LanguageStrings } from ".";
import enFacilitator from "./locales/en/facilitator.json";
import enRoom from "./locales/en/room.json";
import huFacilitator from "./locales/hu/facilitator.json";
import huRoom from "./locales/hu/room.json";
import ltFacilitator from "./locales/lt/facilitator.json";
import ltRoom from "./locales/lt/room.json";
import slFacilitator from "./locales/sl/facilitator.json";
import slRoom from "./locales/sl/room.json";

/**
 * Every language's strings. Only the server (the root loader) and tests import this: a browser
 * receives the one language its page speaks in the root loader's data, so a phone does not
 * download four languages' screens (docs/benchmarks.md, "The phone page").
 */
export const resources = {
  en: { room: enRoom, facilitator: enFacilitator },
  hu: { room: huRoom, facilitator: huFacilitator },
  lt: { room: ltRoom, facilitator: ltFacilitator },
  sl: { room: slRoom, facilitator: slFacilitator },
} as const satisfies Record<Language, LanguageStrings>;

/** An i18next instance with the bundled strings (server-side rendering of meta, tests). */
export const bundledI18n = (language: Language) => createI18n(language, resources[language]);
