/**
 * The report renderer's worker thread (started by render-pool.server.ts): renders one model in one
 * format per message, off the server's event loop, and sends the bytes back (transferred, not copied).
 */
import { parentPort } from "node:worker_threads";
import type { ReportModel } from "../domain/report";
import type { ReportFormat } from "./format-list";
import { renderReport } from "./formats.server";
import type { ReportLanguage } from "./i18n";

export type RenderJob = { id: number; model: ReportModel; format: ReportFormat; language: ReportLanguage };
export type RenderAnswer = { id: number; bytes: Uint8Array } | { id: number; error: string };

if (!parentPort) throw new Error("render-worker.server.ts runs as a worker thread only");
const port = parentPort;
port.on("message", async ({ id, model, format, language }: RenderJob) => {
  try {
    const buffer = await renderReport(model, format, language);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
    port.postMessage({ id, bytes } satisfies RenderAnswer, [bytes.buffer]);
  } catch (error) {
    port.postMessage({
      id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies RenderAnswer);
  }
});
