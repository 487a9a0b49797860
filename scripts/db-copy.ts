/**
 * `npm run db:copy -- --from <sqlite file> --to <postgres url> [--force]`
 *
 * Copies a Helix Review database from the embedded SQLite file to PostgreSQL (an organisation that
 * started on a laptop moves to the shared database of several nodes): the target is migrated, then
 * every table is copied from one consistent read of the file, in one PostgreSQL transaction, and the
 * row counts are checked before it commits (scripts/lib/db-copy.ts; docs/postgres.md).
 *
 * Exit codes: 0 copied and checked; 2 bad arguments (nothing done); 3 the target already holds data
 * and --force was not given (nothing changed); 1 the copy failed (rolled back: nothing copied).
 */
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { exitWith, parseOptions, UsageError } from "./lib/cli-options";
import { copyDatabase, TargetNotEmpty } from "./lib/db-copy";

const USAGE = `Usage: npm run db:copy -- --from <sqlite file> --to <postgres url> [--force]
  --from <file>  the SQLite database to copy (read only; a server may keep running on it, but
                 what it writes after the copy starts is not copied)
  --to <url>     the PostgreSQL database, postgres://user:password@host:port/database
  --force        delete everything the PostgreSQL database holds before copying (refused without)`;

type Args = { from: string; to: string; force: boolean };

function parseArgs(argv: string[]): Args {
  const { values, flags } = parseOptions(argv, { values: ["--from", "--to"], flags: ["--force"] });
  if (!values["--from"]) throw new UsageError("--from <sqlite file> is required");
  if (!values["--to"]) throw new UsageError("--to <postgres url> is required");
  const from = resolve(values["--from"]);
  if (!existsSync(from) || !statSync(from).isFile()) throw new UsageError(`No database file at ${from} (--from)`);
  let url: URL;
  try {
    url = new URL(values["--to"]);
  } catch {
    throw new UsageError("--to must be a PostgreSQL URL: postgres://user:password@host:port/database");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new UsageError(`--to must be a postgres:// or postgresql:// URL, not ${url.protocol}//`);
  }
  return { from, to: values["--to"], force: flags["--force"] };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  try {
    await copyDatabase({ ...args, log: (line) => console.log(line) });
    return 0;
  } catch (error) {
    if (error instanceof TargetNotEmpty) {
      console.error(error.message);
      return 3;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`Copy failed, nothing was copied (the PostgreSQL transaction was rolled back): ${message}`);
    return 1;
  }
}

exitWith(main);
