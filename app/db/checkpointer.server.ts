import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { RUNTIME_PATHS } from "../config/paths.server";
import type { DbHandle } from "./client.server";

/** SQLite's own default: a checkpoint once the log holds about 1,000 pages (4 MB). */
const AUTOCHECKPOINT_PAGES = 1000;

/**
 * WAL checkpoints off the event loop (ADR 0013). By default SQLite checkpoints inside the commit
 * that takes the log past 1,000 pages: that commit — a batch of votes — then copies pages into the
 * file and waits for two fsyncs while every phone's answer waits behind it (it was most of the
 * vote path's wall time in a burst). Here the server's connection never checkpoints; a worker
 * thread with its own connection does, every `intervalMs`. The worker (an isolate, ≈10 MB) starts
 * only once the log first grows past what SQLite would have checkpointed: a server nobody writes
 * to does not carry it. If it fails, SQLite's own checkpoints are turned back on.
 */
export function checkpointInBackground(
  database: DbHandle,
  path: string,
  options: {
    intervalMs?: number;
    log?: (message: string, error?: unknown) => void;
    /** The worker's script (the built one by default; tests give one that fails). */
    workerPath?: string;
  } = {},
) {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  if (path === ":memory:") return { running: () => false, stop: async () => {} };
  const pageSize = database.sqlite.pragma("page_size", { simple: true }) as number;
  database.sqlite.pragma("wal_autocheckpoint = 0");
  const inline = () => database.sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);

  let worker: Worker | null = null;
  let stopping = false;
  const start = () => {
    worker = new Worker(options.workerPath ?? RUNTIME_PATHS.checkpointWorker, {
      workerData: { path, intervalMs: options.intervalMs ?? 1000 },
    });
    worker.unref();
    worker.on("message", (message: { failed?: string }) => log(`WAL checkpoint failed: ${message.failed}`));
    worker.on("error", (error) => log("the WAL checkpointer stopped; SQLite checkpoints on commit again", error));
    worker.on("exit", () => {
      worker = null;
      if (!stopping) inline();
    });
  };
  // Until then, a look at the log's size every second (one stat; nothing while the worker runs).
  const watch = setInterval(() => {
    let size = 0;
    try {
      size = statSync(`${path}-wal`).size;
    } catch {
      return; // No log yet.
    }
    if (size <= AUTOCHECKPOINT_PAGES * pageSize) return;
    clearInterval(watch);
    try {
      start();
    } catch (error) {
      log("the WAL checkpointer could not start; SQLite checkpoints on commit", error);
      inline();
    }
  }, 1000);
  watch.unref();

  return {
    /** Whether the worker thread is running (it starts once the log first outgrows SQLite's threshold). */
    running: () => worker !== null,
    /** Stops the checkpointer; the server's connection checkpoints what is left when it closes. */
    async stop() {
      stopping = true;
      clearInterval(watch);
      const running = worker;
      if (!running) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      running.postMessage("stop");
      await exited;
    },
  };
}
