import type { ReportModel } from "../domain/report";

/**
 * The export formats, in the order partners ask for them: what the browser may know of them (no
 * renderer code). `slow` ones get a progress message while they are made.
 */
export const EXPORT_FORMATS = [
  { format: "docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", slow: true },
  { format: "pdf", mime: "application/pdf", slow: true },
  { format: "html", mime: "text/html; charset=utf-8", slow: false },
  { format: "md", mime: "text/markdown; charset=utf-8", slow: false },
  { format: "csv", mime: "text/csv; charset=utf-8", slow: false },
  { format: "json", mime: "application/json; charset=utf-8", slow: false },
] as const;

export type ReportFormat = (typeof EXPORT_FORMATS)[number]["format"];
export const REPORT_FORMAT_NAMES: ReportFormat[] = EXPORT_FORMATS.map((f) => f.format);
export const isReportFormat = (value: string): value is ReportFormat => (REPORT_FORMAT_NAMES as string[]).includes(value);
export const formatInfo = (format: ReportFormat) =>
  EXPORT_FORMATS.find((f) => f.format === format) as (typeof EXPORT_FORMATS)[number];

/**
 * A file name a partner can keep: the workshop's title in plain letters, the date, "interim" while
 * live, and the language when it is not English.
 */
export function reportFileName(model: ReportModel, format: ReportFormat, language = "en"): string {
  const slug =
    model.title.workshop
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60)
      .replace(/-+$/g, "") || "workshop";
  const lang = language === "en" ? "" : `-${language}`;
  return `${slug}-report-${model.generatedAt.slice(0, 10)}${model.interim ? "-interim" : ""}${lang}.${format}`;
}
