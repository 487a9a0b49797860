import type { ReportModel } from "../domain/report";
import { methodSentences, reportLabels } from "./document";
import type { ReportLanguage } from "./i18n";

/**
 * The JSON export: the full report model (its field names and codes stay the same in every
 * language), the language it was made in, the words a reader sees for each code in that language
 * (`labels`: helices, roles, support labels, priorities, kinds) and the method in that language.
 */
export function reportJson(model: ReportModel, language: ReportLanguage = "en") {
  return {
    ...model,
    language,
    labels: reportLabels(language),
    annex: { ...model.annex, method: methodSentences(language) },
  };
}
export type ReportJson = ReturnType<typeof reportJson>;

/** The JSON export as text, with its schema version. */
export function renderJson(model: ReportModel, language: ReportLanguage = "en"): string {
  return `${JSON.stringify(reportJson(model, language), null, 2)}\n`;
}
