import i18next from "i18next";
import en from "../i18n/locales/en/report.json";
import hu from "../i18n/locales/hu/report.json";
import lt from "../i18n/locales/lt/report.json";
import sl from "../i18n/locales/sl/report.json";
import { REPORT_LANGUAGES, type ReportLanguage } from "./languages";

export { isReportLanguage, REPORT_LANGUAGE_NAMES, REPORT_LANGUAGES, type ReportLanguage } from "./languages";

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
