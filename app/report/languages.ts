/**
 * The languages a report is written in, with their own names: what the export menu may offer
 * (no sentence of the report here, so the browser bundle stays free of them). Every language the
 * interface speaks is one of them; a report may be written in a language the interface does not
 * speak yet.
 */
export const REPORT_LANGUAGES = ["en", "hu", "lt", "sl"] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
export const REPORT_LANGUAGE_NAMES: Record<ReportLanguage, string> = {
  en: "English",
  hu: "Magyar",
  lt: "Lietuvių",
  sl: "Slovenščina",
};
export const isReportLanguage = (value: unknown): value is ReportLanguage =>
  typeof value === "string" && (REPORT_LANGUAGES as readonly string[]).includes(value);

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
