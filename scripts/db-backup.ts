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
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { databasePathFrom } from "../app/config/env.server";
import { exitWith, parseOptions, UsageError } from "./lib/cli-options";
import { backUpDatabase } from "./lib/db-backup";

const USAGE = `Usage: npm run db:backup -- --out <file> [--database <path>] [--force]
  --out <file>       where the copy is written (refused if a file is there, unless --force)
  --database <path>  the database to copy (default: DATABASE_PATH, resolved as the server does)
  --force            replace an existing file at --out`;

type Args = { out: string; database: string | undefined; force: boolean };

function parseArgs(argv: string[]): Args {
  const { values, flags } = parseOptions(argv, { values: ["--out", "--database"], flags: ["--force"], valueName: "a path" });
  if (!values["--out"]) throw new UsageError("--out <file> is required");
  return { out: values["--out"], database: values["--database"], force: flags["--force"] };
}

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
    await backUpDatabase(paths.source, paths.out, (line) => console.log(line));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Backup failed: ${message}`);
    return 1;
  }
}

exitWith(main);
