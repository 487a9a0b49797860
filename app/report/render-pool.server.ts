import { Worker } from "node:worker_threads";
import type { ReportModel } from "../domain/report";
import type { ReportFormat } from "./format-list";
import type { ReportLanguage } from "./i18n";
import type { RenderAnswer, RenderJob } from "./render-worker.server";

export type RenderReport = (model: ReportModel, format: ReportFormat, language?: ReportLanguage) => Promise<Buffer>;

/**
 * Reports rendered on a worker thread, so a DOCX or PDF of a large workshop (seconds of CPU) never
 * stalls the live sockets of the room (ADR 0007). One worker, jobs one at a time in arrival order
 * (the heavy formats take hundreds of MB at their peak); the worker is started on the first job
 * and stopped after `idleMs` without one, which gives its memory back. A worker that dies fails
 * the job it had and the next job starts a fresh one.
 */
export function createRenderPool(options: { workerUrl: URL; idleMs?: number }): {
  render: RenderReport;
  close: () => Promise<void>;
} {
  const idleMs = options.idleMs ?? 60_000;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (bytes: Buffer) => void; reject: (error: Error) => void }>();

  function failAll(error: Error) {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  }

  function start(): Worker {
    // `workerUrl` is render-worker.mjs, which registers tsx and loads the TypeScript worker.
    const started = new Worker(options.workerUrl);
    started.on("message", (answer: RenderAnswer) => {
      const job = pending.get(answer.id);
      if (!job) return;
      pending.delete(answer.id);
      if ("error" in answer) job.reject(new Error(answer.error));
      else job.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
      if (pending.size === 0) scheduleIdle();
    });
    // Only the current worker's end fails the jobs: one stopped when idle (or at close) may exit
    // after its successor took new jobs.
    started.on("error", (error) => {
      if (worker === started) failAll(error);
    });
    started.on("exit", (code) => {
      if (worker !== started) return;
      worker = null;
      if (pending.size) failAll(new Error(`The report worker stopped (exit code ${code}).`));
    });
    return started;
  }

  function scheduleIdle() {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = null;
      if (pending.size === 0 && worker) {
        const stopping = worker;
        worker = null;
        void stopping.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  }

  return {
    render(model, format, language = "en") {
      if (idleTimer) clearTimeout(idleTimer);
      worker ??= start();
      const id = nextId++;
      const job: RenderJob = { id, model, format, language };
      return new Promise<Buffer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker?.postMessage(job);
      });
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      failAll(new Error("The server is shutting down."));
      const stopping = worker;
      worker = null;
      await stopping?.terminate();
    },
  };
}
