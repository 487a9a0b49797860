import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { AnyColumn } from "drizzle-orm";
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
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
 * helper, the locks below, SQLite's WAL checkpoint and a JSON path in SQL.
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

/**
 * One workshop's commands, one at a time, until this transaction ends: what SQLite's single writer
 * gives every transaction, PostgreSQL's READ COMMITTED does not. Without it two commands both read
 * the state before either wrote (two facilitators merging X into Y and Y into X, two rapporteurs
 * saving version 3 of one note, a step added while another is) and both act on it. An advisory
 * lock (the namespace below, the workshop id's hash), not the workshop's row: a vote batch locks
 * its voters, then its items, then that row (ADR 0014 §3), so a command holding the row while it
 * waits for an item would deadlock with every batch in flight. Two workshops sharing a hash only
 * wait for each other. SQLite: nothing to do, `BEGIN IMMEDIATE` holds the database.
 */
export async function serialiseWorkshopCommands(tx: Tx, workshopId: string): Promise<void> {
  if (!postgresOf(tx)) return;
  await (tx as unknown as PgDb).execute(sql`select pg_advisory_xact_lock(${WORKSHOP_COMMANDS}, hashtext(${workshopId}))`);
}
/** The advisory locks' namespace for workshop commands (any 32-bit number no other lock uses). */
const WORKSHOP_COMMANDS = 0x4878_5752;

/**
 * Takes these rows' write locks now, in id order, until the transaction ends, so what the
 * transaction reads of them next (and of rows that hang off them: votes on an item, a voter's
 * points) no other transaction changes under it. Only this workshop's rows: an id from another
 * workshop is not locked (the command refuses it anyway). PostgreSQL only: SQLite's transaction
 * already holds the whole database.
 */
export async function lockRows(
  tx: Tx,
  workshopId: string,
  table: "participants" | "contributions",
  ids: readonly string[],
): Promise<void> {
  const wanted = [...new Set(ids)].sort();
  if (!postgresOf(tx) || wanted.length === 0) return;
  const rows = tx.tables[table] as unknown as typeof pgSchema.participants | typeof pgSchema.contributions;
  await (tx as unknown as PgDb)
    .select({ id: rows.id })
    .from(rows)
    .where(and(eq(rows.workshopId, workshopId), inArray(rows.id, wanted)))
    .orderBy(rows.id)
    .for("update");
}
