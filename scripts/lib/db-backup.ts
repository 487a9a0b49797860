import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";

/** Files from this size on get progress lines while they are copied. */
const LARGE_FILE_BYTES = 16 * 1024 * 1024;
/** "Copy every remaining page in this step": one read transaction, so no write can restart it. */
const ALL_PAGES = 0x7fffffff;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const JOURNALS = ["-journal", "-wal", "-shm"];

/** A file and the journal files SQLite may have left beside it. */
function removeWithJournals(path: string) {
  for (const file of [path, ...JOURNALS.map((suffix) => `${path}${suffix}`)]) rmSync(file, { force: true });
}

/**
 * Copies the SQLite database at `source` to `out` with the online backup API while others may write
 * to it (scripts/db-backup.ts is the command; docs/backup.md says what it guarantees), saying what it
 * does through `log`. Throws when the copy fails; nothing is then left at `out` or beside it.
 */
export async function backUpDatabase(source: string, out: string, log: (line: string) => void) {
  const started = performance.now();
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  const onSignal = () => {
    removeWithJournals(partial);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await copyPages(source, partial, out, log);
    const copy = checkCopy(partial);
    if (copy.integrity !== "ok") {
      throw new Error(`The copy failed PRAGMA integrity_check; nothing was written to ${out}:\n${copy.integrity}`);
    }
    // A -wal beside the final name belongs to an older file and would be replayed into this one.
    for (const suffix of JOURNALS) rmSync(`${out}${suffix}`, { force: true });
    renameSync(partial, out);
    const folder = openSync(dirname(out), "r");
    try {
      fsyncSync(folder);
    } finally {
      closeSync(folder);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`Backup written: ${out} (${megabytes(statSync(out).size)}, ${copy.pages} pages of ${copy.pageSize} bytes, ${seconds} s)`);
    log("integrity_check: ok");
  } catch (error) {
    removeWithJournals(partial);
    throw error;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** The online backup of `source` into `partial`, step by step, with progress for a large file. */
async function copyPages(source: string, partial: string, out: string, log: (line: string) => void) {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    const pageSize = db.pragma("page_size", { simple: true }) as number;
    const pageCount = db.pragma("page_count", { simple: true }) as number;
    const large = pageSize * pageCount >= LARGE_FILE_BYTES;
    log(`Backing up ${source} (${megabytes(pageSize * pageCount)}) to ${out}…`);

    let previousRemaining = Number.POSITIVE_INFINITY;
    let onePass = false;
    let shownTenth = 0;
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        // A write by another connection (the server) restarts a stepped backup from the first
        // page: a step that leaves no fewer pages to copy than the one before. The rest is then
        // copied in one step, under one read transaction that WAL lets run beside the writer: a
        // consistent copy that no write can restart again.
        if (remainingPages >= previousRemaining && !onePass) {
          onePass = true;
          log("The database changed during the copy: copying it again in one pass.");
        }
        previousRemaining = remainingPages;
        if (onePass) return ALL_PAGES;
        const tenth = Math.floor(((totalPages - remainingPages) / totalPages) * 10);
        if (large && tenth > shownTenth) {
          shownTenth = tenth;
          log(`  ${tenth * 10}% (${totalPages - remainingPages} of ${totalPages} pages)`);
        }
        return Math.max(100, Math.ceil(totalPages / 100));
      },
    });
  } finally {
    db.close();
  }
}

/**
 * The copy carries the source's WAL mark; as a backup it is made one self-contained file (the
 * server switches it back to WAL when it opens it), then checked.
 */
function checkCopy(partial: string) {
  const copy = new Database(partial, { fileMustExist: true });
  try {
    copy.pragma("journal_mode = DELETE");
    return {
      integrity: (copy.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("\n"),
      pages: copy.pragma("page_count", { simple: true }) as number,
      pageSize: copy.pragma("page_size", { simple: true }) as number,
    };
  } finally {
    copy.close();
  }
}
