import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { RUNTIME_PATHS } from "../config/paths.server";
import type { Db } from "./client.server";
import { type PgDb, postgresTransactionScope } from "./engine.server";
import * as schema from "./schema.pg";

export { redactedUrl } from "../utils/redacted-url";

/**
 * PostgreSQL, the shared database of several nodes (issue 15; docs/postgres.md): a `pg` pool and
 * drizzle's node-postgres driver over app/db/schema.pg.ts. `DATABASE_URL` selects it at start.
 */

export type { PgDb } from "./engine.server";
/** `db`: drizzle on the pool; `services`: the same database as the services take it (`postgresServiceDb`). */
export type PgHandle = { db: PgDb; services: Db; pool: pg.Pool; close: () => Promise<void> };

/** The committed drizzle-kit migrations of the PostgreSQL schema (drizzle/pg). */
export const PG_MIGRATIONS_FOLDER = RUNTIME_PATHS.pgMigrations;

/**
 * The session-level advisory lock held while migrating: drizzle's migrator takes none (it reads the
 * last applied migration, then applies the rest in one transaction), so two nodes starting at once
 * on a new database would both create the same tables and one would fail. A fixed key of this
 * application ("Helix" in ASCII).
 */
export const MIGRATION_LOCK_KEY = "310939798904";

/**
 * Applies the PostgreSQL migrations, one node at a time: on one connection of the pool, under
 * `pg_advisory_lock`, so that a second node waits for the first and then finds nothing to apply.
 */
export async function migratePostgres(pool: pg.Pool, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    // A migration may wait for another node's and run long (a backfill): no time limit on this
    // connection, which is then closed rather than returned to the pool with its settings changed.
    await client.query(NO_TIME_LIMITS);
    await client.query("SELECT pg_advisory_lock($1::bigint)", [MIGRATION_LOCK_KEY]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [MIGRATION_LOCK_KEY]);
    }
  } catch (error) {
    // A connection whose state is unknown is closed, not returned to the pool (its lock goes with it).
    broken = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.release(broken ?? true);
  }
}

/**
 * How long a statement of the application may run, wait for a lock, or a connection sit in an open
 * transaction, before PostgreSQL gives up on it (docs/postgres.md). A request is a few milliseconds;
 * without limits, one lock held elsewhere (an operator's open transaction, a stuck node) would hold
 * the vote queue — one batch in flight at a time — and every phone's vote behind it, for ever. With
 * them the batch fails, each phone is told its vote was not counted, and its outbox sends it again.
 */
export const POSTGRES_TIME_LIMITS = { statementMs: 30_000, lockMs: 5_000, idleInTransactionMs: 60_000 } as const;
export type PostgresTimeLimits = { statementMs: number; lockMs: number; idleInTransactionMs: number };
const NO_TIME_LIMITS = "SET statement_timeout = 0; SET lock_timeout = 0; SET idle_in_transaction_session_timeout = 0";

/**
 * Opens a pool on `url` and migrates the database (the server does the same for SQLite at start).
 * Throws, with the pool closed, when PostgreSQL cannot be reached or a migration fails.
 */
export async function openPostgres(
  url: string,
  options: {
    migrationsFolder?: string;
    max?: number;
    connectionTimeoutMillis?: number;
    /** `false`: none (a command-line copy, which may run long); default POSTGRES_TIME_LIMITS. */
    timeLimits?: PostgresTimeLimits | false;
  } = {},
): Promise<PgHandle> {
  const limits = options.timeLimits === undefined ? POSTGRES_TIME_LIMITS : options.timeLimits;
  const pool = new pg.Pool({
    connectionString: url,
    // Sent when each connection starts (0 or absent: PostgreSQL's default, no limit).
    ...(limits
      ? {
          statement_timeout: limits.statementMs,
          lock_timeout: limits.lockMs,
          idle_in_transaction_session_timeout: limits.idleInTransactionMs,
        }
      : {}),
    // Named in pg_stat_activity, so an operator sees which connections are the application's.
    application_name: "helix-review",
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
  });
  // An idle connection that the server drops (a restart, a failover) is reported here; without a
  // listener the pool's 'error' event would end the process. The pool replaces the connection.
  pool.on("error", (error) => console.error(`PostgreSQL: an idle connection failed: ${error.message}`));
  try {
    await migratePostgres(pool, options.migrationsFolder);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const db = drizzle(pool, { schema }) as PgDb;
  return { db, services: postgresServiceDb(db), pool, close: () => pool.end() };
}

/** The query builders services use; each goes to the caller's transaction when there is one. */
const BUILDERS = ["select", "selectDistinct", "insert", "update", "delete", "execute"] as const;

/**
 * PostgreSQL as the services take it (ADR 0014 §1): drizzle's query builders on the `pg-core`
 * tables, under the type of the reference dialect's handle. Code running inside `transaction()`
 * that queries `db` rather than its `tx` is sent to that transaction's connection, as it is on
 * SQLite's single connection: it sees the transaction's own writes, and a transaction never waits
 * for a second connection of the pool.
 */
export function postgresServiceDb(db: PgDb): Db {
  const handle: Record<string, unknown> = { tables: schema, engine: "postgres", $postgres: db, $client: db.$client };
  for (const name of BUILDERS) {
    handle[name] = (...args: unknown[]) => {
      const scope = postgresTransactionScope.getStore();
      const target = (scope?.pg === db ? scope.tx : db) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return target[name](...args);
    };
  }
  return handle as unknown as Db;
}
