/**
 * `npm run db:backup -- --out <file> [--database <path>] [--force]`
 *
 * A consistent copy of the embedded SQLite database, taken while the server runs: SQLite's online
 * backup (better-sqlite3's `db.backup`) reads the file beside the server's writer (WAL). The copy is
 * written under a temporary name in the target folder, switched to a single self-contained file
 * (journal_mode DELETE), checked with `PRAGMA integrity_check`, and only then renamed to --out, so a
 * half-written backup never has the final name. Restoring it: docs/backup.md.
 *
 * Exit codes: 0 written and checked; 2 bad arguments (nothing written); 1 the copy failed.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { databasePathFrom } from "../app/config/env.server";

const USAGE = `Usage: npm run db:backup -- --out <file> [--database <path>] [--force]
  --out <file>       where the copy is written (refused if a file is there, unless --force)
  --database <path>  the database to copy (default: DATABASE_PATH, resolved as the server does)
  --force            replace an existing file at --out`;

/** Files from this size on get progress lines while they are copied. */
const LARGE_FILE_BYTES = 16 * 1024 * 1024;
/** "Copy every remaining page in this step": one read transaction, so no write can restart it. */
const ALL_PAGES = 0x7fffffff;

class UsageError extends Error {}

type Args = { out: string; database: string | undefined; force: boolean };

function parseArgs(argv: string[]): Args {
  const values: Record<string, string> = {};
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--force") {
      force = true;
      continue;
    }
    if (arg !== "--out" && arg !== "--database") throw new UsageError(`Unknown argument: ${arg}`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--") || value.trim() === "") throw new UsageError(`${arg} needs a path`);
    if (arg in values) throw new UsageError(`${arg} is given twice`);
    values[arg] = value;
    i++;
  }
  if (!values["--out"]) throw new UsageError("--out <file> is required");
  return { out: values["--out"], database: values["--database"], force };
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The source and target, checked before anything is written (a UsageError says what is wrong). */
function checkPaths(args: Args) {
  let source: string;
  try {
    source = resolve(args.database ?? databasePathFrom());
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const from = args.database ? "--database" : "DATABASE_PATH";
  if (!existsSync(source) || !statSync(source).isFile()) throw new UsageError(`No database file at ${source} (${from})`);
  const out = resolve(args.out);
  if (out === source || out === `${source}-wal` || out === `${source}-shm`) {
    throw new UsageError("--out must not be the database itself");
  }
  if (!existsSync(dirname(out)) || !statSync(dirname(out)).isDirectory()) {
    throw new UsageError(`The folder ${dirname(out)} does not exist`);
  }
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw new UsageError(`${out} is a folder; --out names the backup file`);
    if (!args.force) throw new UsageError(`${out} already exists; add --force to replace it`);
  }
  return { source, out };
}

/** A file and the journal files SQLite may have left beside it. */
function removeWithJournals(path: string) {
  for (const file of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
}

async function backUp(source: string, out: string, log: (line: string) => void) {
  const partial = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  const onSignal = () => {
    removeWithJournals(partial);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const started = performance.now();
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
        // page; the rest is then copied in one step, under one read transaction that WAL lets
        // run beside the writer: a consistent copy that no write can restart again.
        if (remainingPages > previousRemaining && !onePass) {
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
  } catch (error) {
    removeWithJournals(partial);
    throw error;
  } finally {
    db.close();
  }

  // The copy carries the source's WAL mark; as a backup it is one self-contained file. The server
  // switches it back to WAL when it opens it.
  const copy = new Database(partial, { fileMustExist: true });
  let integrity: string;
  let pages: number;
  let pageSize: number;
  try {
    copy.pragma("journal_mode = DELETE");
    integrity = (copy.pragma("integrity_check") as { integrity_check: string }[]).map((r) => r.integrity_check).join("\n");
    pages = copy.pragma("page_count", { simple: true }) as number;
    pageSize = copy.pragma("page_size", { simple: true }) as number;
  } finally {
    copy.close();
  }
  if (integrity !== "ok") {
    removeWithJournals(partial);
    throw new Error(`The copy failed PRAGMA integrity_check; nothing was written to ${out}:\n${integrity}`);
  }
  // A -wal beside the final name belongs to an older file and would be replayed into this one.
  removeWithJournals(out);
  renameSync(partial, out);
  const folder = openSync(dirname(out), "r");
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  log(`Backup written: ${out} (${megabytes(statSync(out).size)}, ${pages} pages of ${pageSize} bytes, ${seconds} s)`);
  log("integrity_check: ok");
}

async function main(): Promise<number> {
  let paths: { source: string; out: string };
  try {
    paths = checkPaths(parseArgs(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    await backUp(paths.source, paths.out, (line) => console.log(line));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Backup failed: ${message}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
