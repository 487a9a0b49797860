import type { ReportModel } from "../domain/report";
import { renderCsv } from "./csv.server";
import { type ReportDocument, reportDocument } from "./document";
import { renderDocx } from "./docx.server";
import type { ReportFormat } from "./format-list";
import { renderHtml } from "./html";
import type { ReportLanguage } from "./i18n";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderPdf } from "./pdf.server";

export { formatInfo, isReportFormat, REPORT_FORMAT_NAMES, type ReportFormat, reportFileName } from "./format-list";

type Output = string | Buffer | Promise<string | Buffer>;

/**
 * The renderer of every export format. The documents (DOCX, PDF, HTML, Markdown) lay out the blocks
 * of one document made in the chosen language; the data (CSV, JSON) keep the model with its
 * language-neutral names and add the words a reader sees. The facilitator's export menu (through
 * its route), the command line and the benchmark all go through this one table.
 */
export const RENDERERS: Record<ReportFormat, (model: ReportModel, language: ReportLanguage) => Output> = {
  docx: (model, language) => renderDocx(reportDocument(model, language)),
  pdf: (model, language) => renderPdf(reportDocument(model, language)),
  html: (model, language) => renderHtml(reportDocument(model, language)),
  md: (model, language) => renderMarkdown(reportDocument(model, language)),
  csv: renderCsv,
  json: renderJson,
};

export type { ReportDocument };

/** Reports are made one at a time: a few DOCX of a huge workshop at once must not exhaust memory. */
let queue: Promise<unknown> = Promise.resolve();

/** Renders the model in one format and language, as bytes ready to write or send (after any render already running). */
export function renderReport(model: ReportModel, format: ReportFormat, language: ReportLanguage = "en"): Promise<Buffer> {
  const run = async () => {
    const output = await RENDERERS[format](model, language);
    return typeof output === "string" ? Buffer.from(output, "utf8") : output;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
