import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db, Tx } from "./client.server";
import { type PgDb, postgresOf, postgresTransactionScope } from "./engine.server";

/** The SQLite transaction a piece of asynchronous code runs inside, if any (to refuse nesting). */
const current = new AsyncLocalStorage<Database.Database>();
/** Per connection, the end of the queue of transactions: each starts once the one before has ended. */
const queues = new WeakMap<Database.Database, Promise<unknown>>();
/** The PostgreSQL transaction (and its database) a piece of asynchronous code runs inside, if any: its queries go there. */
const currentOnPostgres = postgresTransactionScope;

/** A callback's answer that rolls the transaction back: a refusal (`{ ok: false }`, app/domain/result). */
const isRefusal = (value: unknown) =>
  typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false;

const nested = () => Promise.reject(new Error("transaction() called inside a transaction: pass the `tx` down instead"));

/**
 * Runs `work` in one transaction (ADR 0014 §2) — `COMMIT` when it answers, `ROLLBACK` if it
 * throws or answers with a refusal. A transaction opened inside another is a programming error
 * (it would wait for itself): it throws.
 *
 * SQLite: `BEGIN IMMEDIATE` on the single connection, the callback awaited, then `COMMIT`.
 * Transactions on a connection run one at a time, in the order they were asked for. `work` must
 * await only queries: better-sqlite3 answers them synchronously, so the transaction opens and
 * commits within one turn of the event loop and no socket message, HTTP request or vote batch runs
 * inside it. Slow asynchronous work (password hashing) goes before the transaction.
 *
 * PostgreSQL: drizzle's transaction on one pooled connection (READ COMMITTED). While it runs, the
 * service handle sends this code's queries to it, so a read through `db` inside `work` sees the
 * transaction's own writes, as on SQLite's single connection. A deadlock or serialization failure
 * or a unique key a concurrent transaction took first (PostgreSQL aborted the transaction; nothing
 * of it was written) runs `work` again, twice at most.
 * `snapshot`: a read-only transaction whose statements all see one moment (REPEATABLE READ on
 * PostgreSQL; SQLite's transaction is that already).
 */
export function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>, options: { snapshot?: boolean } = {}): Promise<T> {
  const pg = postgresOf(db);
  return pg ? onPostgres(pg, db.tables, work, options) : onSqlite(db, work);
}

function onSqlite<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = db.$client;
  if (current.getStore() === client) return nested();
  const run = () =>
    current.run(client, async () => {
      client.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(db);
        client.exec(isRefusal(result) ? "ROLLBACK" : "COMMIT");
        return result;
      } catch (error) {
        if (client.inTransaction) client.exec("ROLLBACK");
        throw error;
      }
    });
  const done = (queues.get(client) ?? Promise.resolve()).then(run);
  queues.set(
    client,
    done.catch(() => undefined),
  );
  return done;
}

/**
 * Runs `work` on SQLite's connection once no transaction is open on it: queued behind those asked
 * for before, as a transaction is. For what SQLite refuses inside one ("database table is locked"):
 * a WAL checkpoint. Between two awaits of a transaction's callback other code runs, so "just after
 * my commit" is not "while none is open". Nothing to do on PostgreSQL (`work` is not called).
 */
export function betweenTransactions(db: Db, work: (sqlite: Database.Database) => void): Promise<void> {
  if (postgresOf(db)) return Promise.resolve();
  const client = db.$client;
  // From inside a transaction it would wait for that transaction, which waits for it.
  if (current.getStore() === client) return nested();
  const done = (queues.get(client) ?? Promise.resolve()).then(() => work(client));
  queues.set(
    client,
    done.catch(() => undefined),
  );
  return done;
}

/** A refusal's way out of drizzle's transaction: thrown to roll back, caught to answer with it. */
class Refused {
  constructor(readonly value: unknown) {}
}

/**
 * PostgreSQL's codes for "this transaction lost a race; run it again": deadlock, serialization
 * failure, and a unique key another transaction took first. Under READ COMMITTED two transactions
 * can both look for an idempotency key, find nothing and insert it; the second insert waits for the
 * first to commit and then fails. Run again, it finds the row and answers with it (a phone's two
 * tabs sending one submission at once). A key that is taken for good fails every run and is thrown.
 */
const RETRYABLE = new Set(["40P01", "40001", "23505"]);
const MAX_ATTEMPTS = 3;
/** The driver's error code (SQLSTATE on PostgreSQL, SQLITE_… on SQLite); drizzle wraps it as the cause. */
const errorCode = (error: unknown): string | undefined => {
  for (let e = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
};

/** A unique key refused the write, on either database. */
export const isUniqueViolation = (error: unknown): boolean => {
  const code = errorCode(error);
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
};

/**
 * Runs `attempt` again when PostgreSQL aborted it for losing a race (a deadlock, a serialization
 * failure, a unique key taken by a concurrent transaction: nothing of it was written), at most
 * MAX_ATTEMPTS times in all. `attempt` must be a whole transaction whose only effects are in the
 * database.
 */
export async function retryingLostRaces<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= MAX_ATTEMPTS || !RETRYABLE.has(errorCode(error) ?? "")) throw error;
      // A moment before running again, longer each time and never the same twice: the winner,
      // woken by the loser's rollback, takes the rows it waited for first. Run again at once, the
      // loser could take one of them back and deadlock with it a second time (seen in the tests).
      await new Promise((resolve) => setTimeout(resolve, n * (5 + Math.random() * 20)));
    }
  }
}

async function onPostgres<T>(
  pg: PgDb,
  tables: Db["tables"],
  work: (tx: Tx) => Promise<T>,
  { snapshot = false }: { snapshot?: boolean },
): Promise<T> {
  if (currentOnPostgres.getStore()?.pg === pg) return nested();
  // A snapshot read sees one moment of the database in every statement, as SQLite's transaction does.
  const config = snapshot ? ({ isolationLevel: "repeatable read", accessMode: "read only" } as const) : undefined;
  try {
    return await retryingLostRaces(() =>
      // node-postgres, not better-sqlite3: drizzle's transaction here is asynchronous (BEGIN on a
      // pooled client, COMMIT once the callback's promise resolves, ROLLBACK if it rejects).
      pg.transaction(async (driverTx) => {
        const tx = Object.assign(driverTx, { tables, engine: "postgres" as const, $postgres: pg }) as unknown as Tx;
        return currentOnPostgres.run({ pg, tx }, async () => {
          const result = await work(tx);
          if (isRefusal(result)) throw new Refused(result);
          return result;
        });
      }, config),
    );
  } catch (error) {
    if (error instanceof Refused) return error.value as T;
    throw error;
  }
}
