// The WAL checkpointer's thread (app/db/checkpointer.server.ts): its own connection to the
// database file copies committed pages from the write-ahead log into the file, and syncs it,
// beside the server's connection — never on the event loop that answers phones. A PASSIVE
// checkpoint takes no lock writers wait for. Plain JavaScript: the same file runs in development
// and is bundled as is for production (scripts/build-server.mjs).
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const { path, intervalMs } = workerData;
const db = new Database(path, { fileMustExist: true });
// As on the server's connection: a checkpoint syncs the log, then the file, before the log is reused.
db.pragma("synchronous = NORMAL");

function checkpoint() {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
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
