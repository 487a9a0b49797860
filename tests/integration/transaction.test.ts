import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Tx } from "../../app/db/client.server";
import { transaction } from "../../app/db/transaction.server";
import { fail } from "../../app/domain/result";
import { createTestDatabase } from "./helpers";

/** The SQLite transaction helper (ADR 0014 §2): one at a time, all or nothing, nesting refused. */
describe("transaction(db, async (tx) => …) on SQLite", () => {
  let database: ReturnType<typeof createTestDatabase>;
  beforeEach(() => {
    database = createTestDatabase();
  });
  afterEach(() => database.cleanup());

  const addFacilitator = (tx: Tx, id: string) =>
    tx.insert(tx.tables.facilitators).values({ id, email: `${id}@example.org`, name: id, passwordHash: "x", createdAt: 1 });
  const facilitatorIds = async () =>
    (await database.db.select({ id: database.db.tables.facilitators.id }).from(database.db.tables.facilitators)).map((r) => r.id);

  it("commits what the callback wrote and answers what it returned; a read outside sees it after", async () => {
    const answer = await transaction(database.db, async (tx) => {
      await addFacilitator(tx, "a");
      await tx.update(tx.tables.facilitators).set({ name: "Ana" }).where(eq(tx.tables.facilitators.id, "a"));
      return "done";
    });
    expect(answer).toBe("done");
    expect(database.sqlite.inTransaction).toBe(false);
    const [row] = await database.db.select().from(database.db.tables.facilitators);
    expect(row).toMatchObject({ id: "a", name: "Ana" });
  });

  it("rolls everything back when the callback throws, and passes the error on", async () => {
    await expect(
      transaction(database.db, async (tx) => {
        await addFacilitator(tx, "a");
        await addFacilitator(tx, "a"); // the primary key refuses the second
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(database.sqlite.inTransaction).toBe(false);
    expect(await facilitatorIds()).toEqual([]);
  });

  it("rolls everything back when the callback answers with a refusal, which it returns", async () => {
    const answer = await transaction(database.db, async (tx) => {
      await addFacilitator(tx, "a");
      return fail("conflict", "Changed my mind.");
    });
    expect(answer).toMatchObject({ ok: false, error: { code: "conflict" } });
    expect(await facilitatorIds()).toEqual([]);
  });

  it("runs concurrent transactions one after the other: the second starts after the first commits", async () => {
    const log: string[] = [];
    const first = transaction(database.db, async (tx) => {
      log.push("first begins");
      await addFacilitator(tx, "a");
      // Several awaits: without the queue the second would start (and fail) in between.
      for (let i = 0; i < 5; i++) await tx.select().from(tx.tables.facilitators);
      await addFacilitator(tx, "b");
      log.push("first ends");
    });
    const second = transaction(database.db, async (tx) => {
      log.push("second begins");
      const seen = (await tx.select({ id: tx.tables.facilitators.id }).from(tx.tables.facilitators)).map((r) => r.id);
      log.push(`second sees ${seen.sort().join(",")}`);
      await addFacilitator(tx, "c");
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["first begins", "first ends", "second begins", "second sees a,b"]);
    expect((await facilitatorIds()).sort()).toEqual(["a", "b", "c"]);
  });

  it("a failed transaction does not hold up the ones queued behind it", async () => {
    const failing = transaction(database.db, async (tx) => {
      await addFacilitator(tx, "a");
      throw new Error("boom");
    });
    const next = transaction(database.db, async (tx) => {
      await addFacilitator(tx, "b");
      return "ok";
    });
    await expect(failing).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
    expect(await facilitatorIds()).toEqual(["b"]);
  });

  it("refuses a transaction opened inside another (it would wait for itself) and rolls the outer back", async () => {
    await expect(
      transaction(database.db, async (tx) => {
        await addFacilitator(tx, "a");
        await transaction(database.db, async (inner) => addFacilitator(inner, "b"));
      }),
    ).rejects.toThrow(/inside a transaction/);
    expect(await facilitatorIds()).toEqual([]);
    // The connection is free again.
    await transaction(database.db, async (tx) => addFacilitator(tx, "c"));
    expect(await facilitatorIds()).toEqual(["c"]);
  });

  it("takes the tables from the handle: tx.tables is the schema the database was opened with", async () => {
    await transaction(database.db, async (tx) => {
      expect(tx.tables).toBe(database.db.tables);
      expect(Object.keys(tx.tables)).toContain("workshops");
    });
  });
});
