import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { hotTransaction } from "../../app/db/hot-statement.server";
import { createTestDatabase } from "./helpers";

/**
 * The vote's native transaction (ADR 0006) reads before it writes. Begun IMMEDIATE, it holds the
 * file's write lock from its first statement: another connection — `db:backup`, a second process on
 * the same file — cannot commit between its read and its write, so it never fails on a stale read
 * (SQLITE_BUSY_SNAPSHOT, which a deferred transaction meets without waiting).
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe("the vote's native transaction", () => {
  it("holds the write lock from its first read: another connection's write waits (here: is refused at once), and the transaction commits", () => {
    const database = createTestDatabase();
    cleanups.push(database.cleanup);
    database.sqlite.exec("create table counter (n integer not null); insert into counter values (0)");
    const other = new Database(`${database.dir}/test.sqlite`);
    other.pragma("busy_timeout = 0");
    cleanups.push(() => other.close());

    let otherWrite: unknown = null;
    const bump = hotTransaction(database.db, () => {
      const { n } = database.sqlite.prepare("select n from counter").get() as { n: number };
      try {
        other.prepare("update counter set n = n + 100").run();
      } catch (error) {
        otherWrite = error;
      }
      database.sqlite.prepare("update counter set n = ?").run(n + 1);
    });
    expect(() => bump()).not.toThrow();
    expect(otherWrite).toMatchObject({ code: "SQLITE_BUSY" });
    expect(database.sqlite.prepare("select n from counter").get()).toEqual({ n: 1 });

    // Once it has committed, the other connection writes.
    other.prepare("update counter set n = n + 100").run();
    expect(database.sqlite.prepare("select n from counter").get()).toEqual({ n: 101 });
  });
});
