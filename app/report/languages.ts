import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type Language } from "../domain/languages";

/**
 * The languages a report is written in, with their own names: those the interface speaks
 * (app/domain/languages.ts). What the export menu may offer; no sentence of the report here, so
 * the browser bundle stays free of them.
 */
export const REPORT_LANGUAGES = LANGUAGES;
export type ReportLanguage = Language;
export const REPORT_LANGUAGE_NAMES = LANGUAGE_NAMES;
export const isReportLanguage = isLanguage;

/**
 * The language the export menu starts with: the workshop's default language when its settings name
 * one (or allow only one), else the facilitator's interface language, else English.
 */
export function defaultReportLanguage(settings: unknown, interfaceLanguage: string | undefined): ReportLanguage {
  const chosen = (settings ?? {}) as { defaultLanguage?: unknown; languages?: unknown };
  if (isReportLanguage(chosen.defaultLanguage)) return chosen.defaultLanguage;
  if (Array.isArray(chosen.languages) && chosen.languages.length === 1 && isReportLanguage(chosen.languages[0]))
    return chosen.languages[0];
  const base = interfaceLanguage?.split("-")[0];
  return isReportLanguage(base) ? base : "en";
}
