import type { ReportModel } from "../domain/report";
import { renderCsv } from "./csv.server";
import { renderDocx } from "./docx.server";
import type { ReportFormat } from "./format-list";
import { renderHtml } from "./html";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderPdf } from "./pdf.server";

export { formatInfo, isReportFormat, REPORT_FORMAT_NAMES, type ReportFormat, reportFileName } from "./format-list";

/**
 * The renderer of every export format. The facilitator's export menu (through its route), the
 * command line and the benchmark all go through this one table.
 */
export const RENDERERS: Record<ReportFormat, (model: ReportModel) => string | Buffer | Promise<string | Buffer>> = {
  docx: renderDocx,
  pdf: renderPdf,
  html: renderHtml,
  md: renderMarkdown,
  csv: renderCsv,
  json: renderJson,
};

/** Reports are made one at a time: a few DOCX of a huge workshop at once must not exhaust memory. */
let queue: Promise<unknown> = Promise.resolve();

/** Renders the model in one format, as bytes ready to write or send (after any render already running). */
export function renderReport(model: ReportModel, format: ReportFormat): Promise<Buffer> {
  const run = async () => {
    const output = await RENDERERS[format](model);
    return typeof output === "string" ? Buffer.from(output, "utf8") : output;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
