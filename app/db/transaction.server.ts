import { AsyncLocalStorage } from "node:async_hooks";
import type Database from "better-sqlite3";
import type { Db, Tx } from "./client.server";

/** The transaction a piece of asynchronous code runs inside, if any (to refuse nesting). */
const current = new AsyncLocalStorage<Database.Database>();
/** Per connection, the end of the queue of transactions: each starts once the one before has ended. */
const queues = new WeakMap<Database.Database, Promise<unknown>>();

/** A callback's answer that rolls the transaction back: a refusal (`{ ok: false }`, app/domain/result). */
const isRefusal = (value: unknown) =>
  typeof value === "object" && value !== null && "ok" in value && (value as { ok: unknown }).ok === false;

/**
 * Runs `work` in one transaction (ADR 0014 §2), the SQLite way: `BEGIN IMMEDIATE` on the single
 * connection, the callback awaited, then `COMMIT` — or `ROLLBACK` if it throws or answers with a
 * refusal. Transactions on a connection run one at a time, in the order they were asked for.
 *
 * `work` must await only queries: better-sqlite3 answers them synchronously, so the transaction
 * opens and commits within one turn of the event loop and no socket message, HTTP request or vote
 * batch runs inside it. Slow asynchronous work (password hashing) goes before the transaction.
 * A transaction opened inside another is a programming error (it would wait for itself): it throws.
 */
export function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = db.$client;
  if (current.getStore() === client)
    return Promise.reject(new Error("transaction() called inside a transaction: pass the `tx` down instead"));
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
