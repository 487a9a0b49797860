import i18next from "i18next";
import en from "../i18n/locales/en/report.json";
import hu from "../i18n/locales/hu/report.json";
import lt from "../i18n/locales/lt/report.json";
import sl from "../i18n/locales/sl/report.json";

/**
 * The languages a report is written in, and their own names. Every language the interface speaks
 * is one of them (checked below); a report may be written in a language the interface does not
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

/** The report's sentences: one JSON file per language for the `report` namespace (not in the UI bundle). */
export const REPORT_RESOURCES = { en, hu, lt, sl } as const satisfies Record<ReportLanguage, object>;

/** A sentence of the report by its key (the UI's typed keys do not cover the report namespace). */
export type ReportT = (key: string, options?: Record<string, unknown>) => string;

const instances = new Map<ReportLanguage, ReportT>();

/**
 * The `t` of a report-only i18next instance, made once per language, synchronously. A missing key
 * falls back to English (the key test keeps every language complete).
 */
export function reportT(language: ReportLanguage): ReportT {
  const known = instances.get(language);
  if (known) return known;
  const instance = i18next.createInstance();
  instance.init({
    lng: language,
    fallbackLng: "en",
    ns: ["report"],
    defaultNS: "report",
    resources: Object.fromEntries(REPORT_LANGUAGES.map((l) => [l, { report: REPORT_RESOURCES[l] }])),
    interpolation: { escapeValue: false }, // each back-end escapes for its format.
    initAsync: false,
    returnNull: false,
    showSupportNotice: false,
  });
  const t = instance.getFixedT(language, "report" as never) as unknown as ReportT;
  instances.set(language, t);
  return t;
}
