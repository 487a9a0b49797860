import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { AnyColumn } from "drizzle-orm";
import { type SQL, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type { Db, Engine, Reader, Tx } from "./client.server";
import type * as pgSchema from "./schema.pg";

export type { Engine } from "./client.server";
/** drizzle's node-postgres database on the `pg-core` tables (postgres.server.ts opens it). */
export type PgDb = NodePgDatabase<typeof pgSchema> & { $client: pg.Pool };

/**
 * Which database a handle speaks to (ADR 0014, `Db["engine"]`). Services are written once against
 * the handle; the few places that must differ ask here, and nowhere else: the vote's batch
 * (prepared statements on SQLite, set-based reads under row locks on PostgreSQL), the transaction
 * helper, SQLite's WAL checkpoint and a JSON path in SQL.
 */

/** The better-sqlite3 connection behind a handle, or null on PostgreSQL. */
export const sqliteOf = (db: Db): Database.Database | null => (db.engine === "sqlite" ? db.$client : null);

/** drizzle's node-postgres database behind a handle (outside any transaction), or null on SQLite. */
export const postgresOf = (db: Db | Reader): PgDb | null =>
  (db as { engine?: Engine }).engine === "postgres" ? (db as unknown as { $postgres: PgDb }).$postgres : null;

/** The text at `path` inside a JSON column: `json_extract` on SQLite, `#>>` on PostgreSQL (jsonb). */
export function jsonText(db: Db | Reader, column: AnyColumn, path: string[]): SQL<string | null> {
  if (postgresOf(db)) return sql<string | null>`(${column} #>> ${`{${path.join(",")}}`})`;
  return sql<string | null>`json_extract(${column}, ${`$.${path.join(".")}`})`;
}

/**
 * The PostgreSQL transaction a piece of asynchronous code runs inside (transaction.server.ts sets
 * it), with its database: the service handle of that database (`postgresServiceDb`) sends that
 * code's queries there; another database's handle does not.
 */
export const postgresTransactionScope = new AsyncLocalStorage<{ pg: PgDb; tx: Tx }>();
