import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { RUNTIME_PATHS } from "../config/paths.server";
import * as schema from "./schema";

/**
 * The tables services query, handed over with the database (ADR 0014): the same service code runs
 * on these `sqlite-core` tables and on their PostgreSQL mirror.
 */
export type Tables = typeof schema;
/** Which database a handle speaks to: the embedded file, or the shared PostgreSQL (engine.server.ts). */
export type Engine = "sqlite" | "postgres";
/**
 * The database services are given, with its tables and its engine. Typed as drizzle over
 * better-sqlite3, the reference dialect; on PostgreSQL it is `postgresServiceDb` (postgres.server.ts),
 * which answers the same query builders on `pg-core` tables (ADR 0014 §1). `$client` is the SQLite
 * driver, reached only through `sqliteOf` (engine.server.ts): the vote hot path (ADR 0006) and
 * the transaction helper.
 */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database; tables: Tables; engine: Engine };
/** Anything that reads: the database or a transaction handle. */
export type Reader = Pick<Db, "select" | "tables">;
/**
 * A transaction handle, for reads and writes inside one transaction (`transaction(db, async (tx) => …)`).
 * It opens no transaction of its own and has no driver: nested transactions are a programming error.
 */
export type Tx = Omit<Db, "transaction" | "$client" | "batch">;
export type DbHandle = { db: Db; sqlite: Database.Database; close: () => void };
/** Either database, opened and migrated, as the server and the tests hold it. */
export type AnyDbHandle = { db: Db; close: () => void | Promise<void> };

/** The largest the write-ahead log's file stays once it restarts (64 MB). */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** The committed drizzle-kit migrations, in dev, tests and production (built) alike. */
export const MIGRATIONS_FOLDER = RUNTIME_PATHS.migrations;

/**
 * Opens (creating the folder and file on first run) and migrates the database. WAL lets readers
 * run beside the single writer; foreign keys are off by default in SQLite and must be turned on.
 */
export function openDatabase(path: string, options: { migrationsFolder?: string } = {}): DbHandle {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("busy_timeout = 5000");
  // When the log starts again from its beginning (after a checkpoint, app/db/checkpoint-worker.mjs),
  // a log file grown past this is cut back to it, instead of keeping its largest size on disk.
  sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  // Erased personal data must not linger in the file's free space (docs/privacy.md): deleted and
  // overwritten content is zeroed as it is freed.
  sqlite.pragma("secure_delete = ON");
  const db: Db = Object.assign(drizzle(sqlite, { schema }), { tables: schema, engine: "sqlite" as const });
  migrate(db, { migrationsFolder: options.migrationsFolder ?? MIGRATIONS_FOLDER });
  return { db, sqlite, close: () => sqlite.close() };
}
