import type { ReportModel } from "../domain/report";

/** The full report model as JSON, with its schema version: the reusable data behind every format. */
export function renderJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}
