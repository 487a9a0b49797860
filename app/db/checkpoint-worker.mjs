// The WAL checkpointer's thread (app/db/checkpointer.server.ts): its own connection to the
// database file copies committed pages from the write-ahead log into the file, and syncs it,
// beside the server's connection — never on the event loop that answers phones. A PASSIVE
// checkpoint takes no lock writers wait for. Plain JavaScript: the same file runs in development
// and is bundled as is for production (scripts/build-server.mjs).
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, intervalMs } = workerData;
// Waits at most 20 ms for a lock (the restart below): a restart that cannot start soon is tried next time.
const db = new Database(path, { fileMustExist: true, timeout: 20 });
// As on the server's connection: a checkpoint syncs the log, then the file, before the log is reused.
db.pragma("synchronous = NORMAL");

/**
 * Copies the log into the file (PASSIVE: takes no lock a writer waits for), then tries to let the
 * log start again from its beginning (RESTART). A PASSIVE checkpoint alone never gets there while
 * votes are committed every few milliseconds — there are always new pages by the time it is done —
 * and the log then grew without end (1.7 GB in 45 s at 2,000 votes a second). RESTART takes the
 * writer's lock between two commits (waiting up to 20 ms for one to end, on this thread), copies
 * the pages committed since the PASSIVE pass, syncs the file, waits for readers to move off the
 * log, and lets go: it holds the lock 10–36 ms at 2,000 votes a second, and the server's commit
 * that comes meanwhile waits that long, once a second (docs/benchmarks.md). If it cannot get
 * there within 20 ms it gives up (SQLITE_BUSY) and is tried again next time. The server's
 * connection truncates the log when it restarts it (`journal_size_limit`, app/db/client.server.ts).
 */
function checkpoint() {
  try {
    const [passive] = db.pragma("wal_checkpoint(PASSIVE)");
    if (passive && passive.log > 0) db.pragma("wal_checkpoint(RESTART)");
  } catch (error) {
    parentPort?.postMessage({ failed: String(error) });
  }
}

const timer = setInterval(checkpoint, intervalMs);
parentPort?.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
